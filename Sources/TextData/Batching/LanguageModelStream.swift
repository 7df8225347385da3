import Tensor

/// fastai's language-model batches (`LMDataLoader`): the documents (shuffled for training) are
/// concatenated into one stream of `total` tokens, which is read as `batchSize` contiguous rows of
/// `rowLength = ⌊(total − 1) / batchSize⌋` tokens (what is left over is dropped), each row
/// `sequenceLength` tokens at a time; the targets are the inputs shifted by one token, the last
/// one taken from where the next row starts.
///
/// Shapes: each batch's `inputs` and `targets` are `[batchSize, sequenceLength]`; the last batch
/// has the `rowLength` mod `sequenceLength` steps left, if any. Batch `i + 1` continues every row
/// of batch `i`, so a model can carry its hidden state from one to the next.
public struct LanguageModelStream: Sequence {
    /// The concatenated documents.
    public let tokens: [Int]
    public let batchSize: Int
    public let sequenceLength: Int
    /// Input positions per row (fastai's `bl`).
    public let rowLength: Int

    /// The documents in the given order (fastai's validation batches).
    public init(documents: [[Int]], batchSize: Int, sequenceLength: Int) {
        strandPrecondition(batchSize > 0 && sequenceLength > 0, "LanguageModelStream: batchSize and sequenceLength must be positive, got \(batchSize) and \(sequenceLength)")
        tokens = documents.flatMap { $0 }
        rowLength = Swift.max(tokens.count - 1, 0) / batchSize
        strandPrecondition(rowLength > 0, "LanguageModelStream: \(tokens.count) tokens cannot give \(batchSize) rows one input and one target each")
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
    }

    /// The documents shuffled with `generator` (fastai's training batches, reshuffled each epoch).
    public init(documents: [[Int]], batchSize: Int, sequenceLength: Int, using generator: inout RandomGenerator) {
        var order = documents
        generator.shuffle(&order)
        self.init(documents: order, batchSize: batchSize, sequenceLength: sequenceLength)
    }

    /// The number of batches: ⌈rowLength / sequenceLength⌉.
    public var count: Int { (rowLength + sequenceLength - 1) / sequenceLength }

    /// Batch `index`: row `j` reads the stream from `j · rowLength + index · sequenceLength`.
    public subscript(index: Int) -> (inputs: IntTensor, targets: IntTensor) {
        strandPrecondition((0..<count).contains(index), "LanguageModelStream: batch \(index) of \(count)")
        let start = index * sequenceLength
        let steps = Swift.min(sequenceLength, rowLength - start)
        var inputs = [Int](), targets = [Int]()
        inputs.reserveCapacity(batchSize * steps)
        targets.reserveCapacity(batchSize * steps)
        for row in 0..<batchSize {
            let first = row * rowLength + start
            inputs += tokens[first..<(first + steps)]
            targets += tokens[(first + 1)..<(first + steps + 1)]
        }
        return (IntTensor(shape: [batchSize, steps], scalars: inputs), IntTensor(shape: [batchSize, steps], scalars: targets))
    }

    public func makeIterator() -> AnyIterator<(inputs: IntTensor, targets: IntTensor)> {
        var next = 0
        return AnyIterator {
            guard next < count else { return nil }
            defer { next += 1 }
            return self[next]
        }
    }
}
