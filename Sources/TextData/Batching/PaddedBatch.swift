import Tensor

/// Sequences of token ids padded to a common length, with their lengths and a mask.
///
/// Shapes: `ids` `[B, T]` (T the longest length), `mask` `[B, T]` (1 at tokens, 0 at padding).
/// Use ``timeMajorIDs`` for layers that take `[T, B]`.
public struct PaddedBatch: Sendable {
    public let ids: IntTensor
    public let lengths: [Int]
    /// Where each sequence's tokens start in its row (0 unless padding comes first).
    public let starts: [Int]
    public let mask: Tensor
    /// Class ids, when the batch is labelled.
    public let labels: IntTensor?
    /// Whether padding comes before the tokens (fastai's classification batches) or after.
    public let padsFirst: Bool

    /// Pads `sequences` with `paddingIndex` to the longest one (or truncates to `maxLength`,
    /// keeping the start — or, with `padFirst`, the end — of longer sequences).
    public init(_ sequences: [[Int]], paddingIndex: Int, padFirst: Bool = false, maxLength: Int? = nil, labels: [Int]? = nil) {
        strandPrecondition(!sequences.isEmpty, "PaddedBatch: needs at least one sequence")
        strandPrecondition(maxLength.map { $0 >= 0 } ?? true, "PaddedBatch: maxLength must not be negative, got \(maxLength!)")
        let kept = sequences.map { sequence -> ArraySlice<Int> in
            guard let maxLength, sequence.count > maxLength else { return sequence[...] }
            return padFirst ? sequence.suffix(maxLength) : sequence.prefix(maxLength)
        }
        let steps = kept.map(\.count).max()!
        self.init(kept, paddingIndex: paddingIndex, starts: kept.map { padFirst ? steps - $0.count : 0 }, steps: steps,
                  labels: labels, padsFirst: padFirst)
    }

    /// fastai's classification batches (`pad_input_chunk`): each sequence padded to the longest
    /// with whole chunks of `chunkLength` padding tokens in front of it and the rest after it, so
    /// that, read `chunkLength` tokens at a time (`SentenceEncoder`), every sequence starts at a
    /// chunk boundary and the rows holding tokens in a chunk come first when the batch is sorted
    /// by decreasing length.
    public init(chunkPadding sequences: [[Int]], paddingIndex: Int, chunkLength: Int, labels: [Int]? = nil) {
        strandPrecondition(!sequences.isEmpty && chunkLength > 0, "PaddedBatch: needs sequences and a positive chunk length, got \(sequences.count) and \(chunkLength)")
        let steps = sequences.map(\.count).max()!
        self.init(sequences.map { $0[...] }, paddingIndex: paddingIndex, starts: sequences.map { (steps - $0.count) / chunkLength * chunkLength },
                  steps: steps, labels: labels, padsFirst: true)
    }

    private init(_ sequences: [ArraySlice<Int>], paddingIndex: Int, starts: [Int], steps: Int, labels: [Int]?, padsFirst: Bool) {
        strandPrecondition(labels == nil || labels!.count == sequences.count, "PaddedBatch: \(labels?.count ?? 0) labels for \(sequences.count) sequences")
        var ids = [Int]()
        ids.reserveCapacity(sequences.count * steps)
        for (sequence, start) in zip(sequences, starts) {
            ids += repeatElement(paddingIndex, count: start)
            ids += sequence
            ids += repeatElement(paddingIndex, count: steps - start - sequence.count)
        }
        self.ids = IntTensor(shape: [sequences.count, steps], scalars: ids)
        self.lengths = sequences.map(\.count)
        self.starts = starts
        self.mask = Tensor(shape: [sequences.count, steps], scalars: zip(starts, lengths).flatMap { start, length in
            (0..<steps).map { (start..<(start + length)).contains($0) ? 1 : 0 }
        })
        self.labels = labels.map { IntTensor($0) }
        self.padsFirst = padsFirst
    }

    /// The ids as `[T, B]`.
    public var timeMajorIDs: IntTensor { ids.transposed(0, 1) }

    /// Where each sequence's tokens lie in its row.
    public var tokenRanges: [Range<Int>] { zip(starts, lengths).map { $0..<($0 + $1) } }
}
