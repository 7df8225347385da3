import Autograd
import Tensor

/// Drops whole words: in training, each row of the wrapped embedding's table is zeroed with
/// probability p (the rest scaled by 1/(1 − p)) before the lookup, so every occurrence of a dropped
/// word in the batch reads zeros — fastai's `EmbeddingDropout` (AWD-LSTM's embedding dropout).
/// A new mask is drawn at each forward; the plain lookup in evaluation mode.
///
/// The lookup goes through ``embedding(_:table:paddingIndex:)``, not through `emb` itself, so
/// hooks registered on `emb` do not fire (as in fastai, where the lookup is `F.embedding`): hook
/// this module instead.
public final class EmbeddingDropout: Module, Layer {
    /// The wrapped table (state-dict name `emb`, as fastai's).
    public let emb: Embedding
    public let probability: Float

    public init(_ embedding: Embedding, probability: Float) {
        strandPrecondition((0..<1).contains(probability), "EmbeddingDropout: probability must lie in [0, 1), got \(probability)")
        emb = embedding
        self.probability = probability
    }

    public func forward(_ ids: IntTensor) -> Variable {
        var table: Variable = emb.weight
        if isTraining && probability > 0 {
            let rows = Tensor.bernoulli([emb.count, 1], probability: 1 - probability) / (1 - probability)
            table = table * Variable(rows)
        }
        return embedding(ids, table: table, paddingIndex: emb.paddingIndex)
    }
}
