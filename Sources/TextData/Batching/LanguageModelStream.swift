import Tensor

/// fastai's language-model batches: the documents, shuffled, are concatenated into one stream, cut
/// into `batchSize` equal rows, and read left to right in chunks of `sequenceLength` tokens; the
/// targets are the inputs shifted by one token.
///
/// Shapes: each batch's `inputs` and `targets` are `[batchSize, sequenceLength]` (the last chunk
/// may be shorter). Consecutive batches continue each row, so a model can carry its hidden state.
public struct LanguageModelStream: Sequence {
    /// `[batchSize, rowLength]`: the stream cut into rows (tokens past a multiple of batchSize dropped).
    public let rows: IntTensor
    public let sequenceLength: Int

    /// Shuffles `documents` with `generator` and lays them out in `batchSize` rows.
    public init(documents: [[Int]], batchSize: Int, sequenceLength: Int, using generator: inout RandomGenerator) {
        strandPrecondition(batchSize > 0 && sequenceLength > 0, "LanguageModelStream: batchSize and sequenceLength must be positive")
        var order = documents
        generator.shuffle(&order)
        let stream = order.flatMap { $0 }
        let rowLength = stream.count / batchSize
        strandPrecondition(rowLength > 1, "LanguageModelStream: \(stream.count) tokens cannot fill \(batchSize) rows of at least 2")
        rows = IntTensor(shape: [batchSize, rowLength], scalars: Array(stream.prefix(batchSize * rowLength)))
        self.sequenceLength = sequenceLength
    }

    /// The number of batches: every row position but the last is an input once.
    public var count: Int { (rows.shape[1] - 1 + sequenceLength - 1) / sequenceLength }

    public func makeIterator() -> AnyIterator<(inputs: IntTensor, targets: IntTensor)> {
        var start = 0
        let rows = self.rows, sequenceLength = self.sequenceLength
        return AnyIterator {
            let inputEnd = Swift.min(start + sequenceLength, rows.shape[1] - 1)
            guard start < inputEnd else { return nil }
            defer { start = inputEnd }
            return (rows.slice(axis: 1, start..<inputEnd), rows.slice(axis: 1, (start + 1)..<(inputEnd + 1)))
        }
    }
}
