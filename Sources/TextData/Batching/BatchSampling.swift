import Tensor

/// Orders of examples for one epoch, as batches of indices. All are seeded: the same generator
/// state gives the same batches.
public enum BatchSampling {
    /// Shuffled consecutive batches (PyTorch's `DataLoader(shuffle=True)`); the last may be short.
    public static func shuffled(count: Int, batchSize: Int, using generator: inout RandomGenerator) -> [[Int]] {
        strandPrecondition(batchSize > 0, "BatchSampling: batchSize must be positive")
        return chunks(generator.permutation(count), size: batchSize)
    }

    /// torchtext's iterators with `sort=True` (notebook 002's setting): every example sorted by
    /// increasing length (ties by index), cut into consecutive batches, in that fixed order each
    /// epoch — padding is nearly zero, which a plain RNN reading to the last step needs.
    public static func sortedByLength(lengths: [Int], batchSize: Int) -> [[Int]] {
        strandPrecondition(batchSize > 0, "BatchSampling: batchSize must be positive")
        return chunks(lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] < lengths[$1] : $0 < $1 }, size: batchSize)
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

    /// fastai's `SortishSampler`: the shuffled examples are cut into chunks of 50 batches, each
    /// sorted by decreasing length and cut into batches; the batch holding the longest example goes
    /// first (so memory peaks at once) and the others are shuffled.
    public static func sortish(lengths: [Int], batchSize: Int, using generator: inout RandomGenerator) -> [[Int]] {
        var batches = pooledBatches(lengths: lengths, batchSize: batchSize, batchesPerPool: 50, using: &generator)
        guard let longest = batches.indices.max(by: { lengths[batches[$0][0]] < lengths[batches[$1][0]] }) else { return [] }
        let first = batches.remove(at: longest)
        generator.shuffle(&batches)
        return [first] + batches
    }

    /// The shuffled examples in pools of `batchesPerPool` batches, each pool sorted by decreasing
    /// length (ties by index) and cut into batches: what ``buckets`` and ``sortish`` share.
    private static func pooledBatches(lengths: [Int], batchSize: Int, batchesPerPool: Int, using generator: inout RandomGenerator) -> [[Int]] {
        strandPrecondition(batchSize > 0, "BatchSampling: batchSize must be positive")
        return chunks(generator.permutation(lengths.count), size: batchSize * batchesPerPool).flatMap { pool in
            chunks(pool.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }, size: batchSize)
        }
    }

    private static func chunks(_ indices: [Int], size: Int) -> [[Int]] {
        stride(from: 0, to: indices.count, by: size).map { Array(indices[$0..<min(indices.count, $0 + size)]) }
    }
}
