import ArgumentParser
import Strand

/// The classifiers `strand train` builds: embedded tokens, then either an LSTM (one direction or
/// both) with concat pooling (last, max, mean over each text's own length), or a Kim-style CNN
/// (filters of 3, 4 and 5 tokens, ReLU, max over time); dropout and a linear layer to the classes.
///
/// Shapes: ids `[B, T]` (padded at the end) → embeddings `[B, T, D]` → pooled `[B, F]` → logits `[B, classes]`.
final class TextClassifier: Module {
    /// The encoder between the embedding and the classes.
    enum Architecture: String, CaseIterable, Codable, ExpressibleByArgument {
        case lstm, bilstm, cnn
    }

    /// Everything needed to build the same model again before loading its weights.
    struct Configuration: Codable, Equatable {
        var architecture: Architecture
        var vocabularySize: Int
        var embeddingSize: Int
        var hiddenSize: Int
        var classes: Int
        var paddingID: Int
    }

    static let filterSizes = [3, 4, 5]

    let configuration: Configuration
    let embedding: Embedding
    let recurrent: LSTM?
    let convolutions: [Conv1d]
    let dropout = Dropout(0.3)
    let head: Linear

    /// A new model; `pretrained` rows (`[vocabularySize, D]`) replace the random embedding and set its size.
    init(_ configuration: Configuration, pretrained: Tensor? = nil) {
        self.configuration = configuration
        let size = configuration.embeddingSize, hidden = configuration.hiddenSize
        embedding = pretrained.map { Embedding(pretrained: $0, freeze: false, paddingIndex: configuration.paddingID) }
            ?? Embedding(count: configuration.vocabularySize, dimension: size, paddingIndex: configuration.paddingID)
        switch configuration.architecture {
        case .lstm, .bilstm:
            let bidirectional = configuration.architecture == .bilstm
            recurrent = LSTM(size, hidden, batchFirst: true, bidirectional: bidirectional)
            convolutions = []
            head = Linear(3 * hidden * (bidirectional ? 2 : 1), configuration.classes)
        case .cnn:
            recurrent = nil
            convolutions = Self.filterSizes.map { Conv1d(size, hidden, kernelSize: $0) }
            head = Linear(hidden * Self.filterSizes.count, configuration.classes)
        }
    }

    /// The layer whose outputs hook relevance reads: the LSTM's `[B, T, H]` outputs, or the
    /// embeddings for the CNN (whose convolution outputs are not one per token).
    var relevanceLayer: Module { recurrent ?? embedding }

    /// Logits `[B, classes]` for ids `[B, T]` whose texts have `lengths` tokens.
    func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
        withHooks(ids, lengths) { ids, lengths in
            let embedded = embedding(ids)
            let pooled: Variable
            if let recurrent {
                pooled = concatPool(recurrent(embedded, lengths: lengths).output, lengths: lengths)
            } else {
                let channels = embedded.transposed(1, 2)
                pooled = Variable.concatenate(convolutions.map { relu($0(channels)).max(axis: 2).values }, axis: 1)
            }
            return head(dropout(pooled))
        }
    }

    /// The fewest tokens a text may have: the CNN's widest filter needs that many positions, so
    /// shorter texts are padded up to it (padding never changes the LSTM's result).
    var minimumLength: Int { recurrent == nil ? Self.filterSizes.max()! : 1 }

    /// The class probabilities of each text's ids, in evaluation mode.
    func probabilities(_ texts: [[Int]]) -> [[Float]] {
        eval()
        let batch = PaddedBatch(texts.map(padded), paddingIndex: configuration.paddingID)
        let logits = withoutGradients { self(batch.ids, lengths: batch.lengths) }.value
        let probabilities = logits.softmax(axis: 1).scalars, classes = configuration.classes
        return (0..<texts.count).map { Array(probabilities[$0 * classes..<($0 + 1) * classes]) }
    }

    /// `ids` padded at the end to ``minimumLength``.
    func padded(_ ids: [Int]) -> [Int] {
        ids + Array(repeating: configuration.paddingID, count: max(0, minimumLength - ids.count))
    }
}
