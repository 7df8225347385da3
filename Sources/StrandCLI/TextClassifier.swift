import ArgumentParser
import Strand

/// The classifiers `strand train` builds: embedded tokens, then either an LSTM (one direction or
/// both) with concat pooling (last, max, mean over each text's own length), or a Kim-style CNN
/// (filters of 3, 4 and 5 tokens, ReLU, max over time); dropout and a linear layer to the classes.
/// Or fastai's AWD-LSTM text classifier (`awd`: three weight-dropped LSTMs read 72 tokens at a
/// time, concat pooling, a batch-normed head), with fastai's classifier dropouts halved.
///
/// Shapes: ids `[B, T]` (padded at the end; the AWD-LSTM's pad-first in chunks, longest first)
/// → embeddings `[B, T, D]` → pooled `[B, F]` → logits `[B, classes]`.
final class TextClassifier: Module {
    /// The encoder between the embedding and the classes.
    enum Architecture: String, CaseIterable, Codable, ExpressibleByArgument {
        case lstm, bilstm, cnn, awd
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
    let embedding: Embedding?
    let recurrent: LSTM?
    let convolutions: [Conv1d]
    let awd: AWDLSTMClassifier?
    let dropout = Dropout(0.3)
    let head: Linear?

    /// A new model; `pretrained` rows (`[vocabularySize, D]`) replace the random embedding and set its size.
    init(_ configuration: Configuration, pretrained: Tensor? = nil) {
        self.configuration = configuration
        let size = configuration.embeddingSize, hidden = configuration.hiddenSize
        guard configuration.architecture != .awd else {
            var settings = AWDLSTMConfiguration.classifier.droppingMore(by: 0.5)
            (settings.embeddingSize, settings.hiddenSize, settings.paddingIndex) = (size, hidden, configuration.paddingID)
            awd = AWDLSTMClassifier(vocabularySize: configuration.vocabularySize, classes: configuration.classes, configuration: settings,
                                    maxLength: nil)
            if let pretrained { awd!.encoder.module.encoder.weight.value = pretrained }
            (embedding, recurrent, convolutions, head) = (nil, nil, [], nil)
            return
        }
        awd = nil
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
        case .awd:
            preconditionFailure("built above")
        }
    }

    /// The layer whose outputs Layer Integrated Gradients interpolates: the embedding (the
    /// AWD-LSTM's embedding dropout, through which it looks its embedding up).
    var attributionLayer: Module { awd?.encoder.module.encoderDp ?? embedding! }

    /// The layer whose outputs hook relevance reads: the LSTM's `[B, T, H]` outputs (the AWD-LSTM's
    /// sentence encoder), or the embeddings for the CNN (whose convolution outputs are not one per token).
    var relevanceLayer: Module { awd?.encoder ?? recurrent ?? embedding! }

    /// Logits `[B, classes]` for ids `[B, T]` whose texts have `lengths` tokens.
    func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
        withHooks(ids, lengths) { ids, lengths in
            if let awd { return awd(ids).logits }
            let embedded = embedding!(ids)
            let pooled: Variable
            if let recurrent {
                pooled = concatPool(recurrent(embedded, lengths: lengths).output, lengths: lengths)
            } else {
                let channels = embedded.transposed(1, 2)
                pooled = Variable.concatenate(convolutions.map { relu($0(channels)).max(axis: 2).values }, axis: 1)
            }
            return head!(dropout(pooled))
        }
    }

    /// The fewest tokens a text may have: the CNN's widest filter needs that many positions, so
    /// shorter texts are padded up to it (padding never changes the LSTM's result).
    var minimumLength: Int { convolutions.isEmpty ? 1 : Self.filterSizes.max()! }

    /// The class probabilities of each text's ids, in evaluation mode.
    func probabilities(_ texts: [[Int]]) -> [[Float]] {
        eval()
        let batch = self.batch(texts)
        let logits = withoutGradients { self(batch.ids, lengths: batch.lengths) }.value
        let probabilities = logits.softmax(axis: 1).scalars, classes = configuration.classes
        // The batch's rows are in `batchOrder`; give each text its own row back.
        var result = [[Float]](repeating: [], count: texts.count)
        for (row, text) in batchOrder(texts.map(\.count)).enumerated() {
            result[text] = Array(probabilities[row * classes..<(row + 1) * classes])
        }
        return result
    }

    /// The order the rows of a batch of texts with these lengths take: as given, or longest first
    /// for the AWD-LSTM, whose encoder reads chunk-padded batches sorted by decreasing length.
    func batchOrder(_ lengths: [Int]) -> [Int] {
        awd == nil ? Array(lengths.indices) : lengths.indices.sorted { lengths[$0] > lengths[$1] }
    }

    /// One batch of texts, in ``batchOrder(_:)``: padded at the end to ``minimumLength``, or
    /// chunk-padded in front for the AWD-LSTM (fastai's `pad_input_chunk`).
    func batch(_ texts: [[Int]], labels: [Int]? = nil) -> PaddedBatch {
        let order = batchOrder(texts.map(\.count))
        let (rows, classes) = (order.map { padded(texts[$0]) }, labels.map { labels in order.map { labels[$0] } })
        guard let awd else { return PaddedBatch(rows, paddingIndex: configuration.paddingID, labels: classes) }
        return PaddedBatch(chunkPadding: rows, paddingIndex: configuration.paddingID, chunkLength: awd.encoder.bptt, labels: classes)
    }

    /// `ids` padded at the end to ``minimumLength``.
    func padded(_ ids: [Int]) -> [Int] {
        ids + Array(repeating: configuration.paddingID, count: max(0, minimumLength - ids.count))
    }
}
