import Tensor

/// Orders of examples for one epoch, as batches of indices. All are seeded: the same generator
/// state gives the same batches.
public enum BatchSampling {
    /// Shuffled consecutive batches (PyTorch's `DataLoader(shuffle=True)`); the last may be short.
    public static func shuffled(count: Int, batchSize: Int, using generator: inout RandomGenerator) -> [[Int]] {
        strandPrecondition(batchSize > 0 && count >= 0, "BatchSampling.shuffled: batchSize must be positive and count not negative, got batchSize \(batchSize), count \(count)")
        return chunks(generator.permutation(count), size: batchSize)
    }

    /// Every example sorted by length (ties by index), cut into consecutive batches, in that fixed
    /// order each epoch. Increasing is torchtext's iterators with `sort=True` (notebook 002's
    /// setting: padding is nearly zero, which a plain RNN reading to the last step needs);
    /// decreasing is fastai's validation batches for classification (`SortedDL`).
    public static func sortedByLength(lengths: [Int], batchSize: Int, descending: Bool = false) -> [[Int]] {
        strandPrecondition(batchSize > 0, "BatchSampling: batchSize must be positive, got \(batchSize)")
        return chunks(lengths.indices.sorted { lengths[$0] != lengths[$1] ? (lengths[$0] < lengths[$1]) != descending : $0 < $1 }, size: batchSize)
    }

    /// torchtext's `BucketIterator`: the shuffled examples are taken in pools of 100 batches,
    /// each pool sorted by length and cut into batches, and the batch order shuffled — so each
    /// batch holds examples of similar length. Inside a batch, indices are sorted by decreasing
    /// length (`sort_within_batch`, what packed sequences need).
    public static func buckets(lengths: [Int], batchSize: Int, using generator: inout RandomGenerator) -> [[Int]] {
        var batches = pooledBatches(lengths: lengths, batchSize: batchSize, batchesPerPool: 100, using: &generator)
        generator.shuffle(&batches)
        return batches
    }

    /// fastai's training batches for classification (`SortedDL` shuffled): the examples are
    /// shuffled with the longest moved to the front, cut into chunks of 50 batches, each chunk
    /// sorted by decreasing length (ties keep their shuffled order) and cut into batches; the
    /// first batch (holding the longest example, so memory peaks at once) and the last stay in
    /// place and the ones between are shuffled.
    public static func sortish(lengths: [Int], batchSize: Int, using generator: inout RandomGenerator) -> [[Int]] {
        strandPrecondition(batchSize > 0, "BatchSampling: batchSize must be positive, got \(batchSize)")
        var order = generator.permutation(lengths.count)
        guard let longest = lengths.indices.max(by: { lengths[$0] < lengths[$1] }) else { return [] }
        order.swapAt(0, order.firstIndex(of: longest)!)
        let sorted = chunks(order, size: batchSize * 50).flatMap { chunk in
            chunk.enumerated().sorted { lengths[$0.element] != lengths[$1.element] ? lengths[$0.element] > lengths[$1.element] : $0.offset < $1.offset }.map(\.element)
        }
        var batches = chunks(sorted, size: batchSize)
        guard batches.count > 2 else { return batches }
        var middle = Array(batches[1..<(batches.count - 1)])
        generator.shuffle(&middle)
        batches.replaceSubrange(1..<(batches.count - 1), with: middle)
        return batches
    }

    /// The shuffled examples in pools of `batchesPerPool` batches, each pool sorted by decreasing
    /// length (ties by index) and cut into batches.
    private static func pooledBatches(lengths: [Int], batchSize: Int, batchesPerPool: Int, using generator: inout RandomGenerator) -> [[Int]] {
        strandPrecondition(batchSize > 0, "BatchSampling: batchSize must be positive, got \(batchSize)")
        return chunks(generator.permutation(lengths.count), size: batchSize * batchesPerPool).flatMap { pool in
            chunks(pool.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }, size: batchSize)
        }
    }

    private static func chunks(_ indices: [Int], size: Int) -> [[Int]] {
        stride(from: 0, to: indices.count, by: size).map { Array(indices[$0..<min(indices.count, $0 + size)]) }
    }
}
