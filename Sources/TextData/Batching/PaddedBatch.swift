import Tensor

/// Sequences of token ids padded to a common length, with their lengths and a mask.
///
/// Shapes: `ids` `[B, T]` (T the longest length), `mask` `[B, T]` (1 at tokens, 0 at padding).
/// Use ``timeMajorIDs`` for layers that take `[T, B]`.
public struct PaddedBatch: Sendable {
    public let ids: IntTensor
    public let lengths: [Int]
    public let mask: Tensor
    /// Class ids, when the batch is labelled.
    public let labels: IntTensor?
    /// Whether padding comes before the tokens (fastai's classification batches) or after.
    public let padsFirst: Bool

    /// Pads `sequences` with `paddingIndex` to the longest one (or truncates to `maxLength`,
    /// keeping the start — or, with `padFirst`, the end — of longer sequences).
    public init(_ sequences: [[Int]], paddingIndex: Int, padFirst: Bool = false, maxLength: Int? = nil, labels: [Int]? = nil) {
        strandPrecondition(!sequences.isEmpty, "PaddedBatch: needs at least one sequence")
        strandPrecondition(labels == nil || labels!.count == sequences.count, "PaddedBatch: \(labels?.count ?? 0) labels for \(sequences.count) sequences")
        let kept = sequences.map { sequence -> ArraySlice<Int> in
            guard let maxLength, sequence.count > maxLength else { return sequence[...] }
            return padFirst ? sequence.suffix(maxLength) : sequence.prefix(maxLength)
        }
        let steps = kept.map(\.count).max()!
        var ids = [Int]()
        ids.reserveCapacity(kept.count * steps)
        for sequence in kept {
            let padding = [Int](repeating: paddingIndex, count: steps - sequence.count)
            ids += padFirst ? padding + sequence : Array(sequence) + padding
        }
        self.ids = IntTensor(shape: [kept.count, steps], scalars: ids)
        self.lengths = kept.map(\.count)
        self.mask = paddingMask(lengths: lengths, steps: steps, padFirst: padFirst)
        self.labels = labels.map { IntTensor($0) }
        self.padsFirst = padFirst
    }

    /// The ids as `[T, B]`.
    public var timeMajorIDs: IntTensor { ids.transposed(0, 1) }
}
