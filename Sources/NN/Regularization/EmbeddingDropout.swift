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
        let looked = embedding(ids, table: emb.weight, paddingIndex: emb.paddingIndex)
        guard isTraining && probability > 0 else { return looked }
        // fastai scales the whole table by the row mask and then looks up; scaling the looked-up
        // rows by their words' mask values gives the same numbers while touching batch × length
        // rows instead of the vocabulary's (60,000 × 400 for AWD-LSTM, at every forward).
        let rows = Tensor.bernoulli([emb.count, 1], probability: 1 - probability) / (1 - probability)
        let scales = rows.withUnsafeBufferPointer { keep in ids.scalars.map { keep[$0] } }
        return looked * Variable(Tensor(shape: ids.shape + [1], scalars: scales))
    }
}
