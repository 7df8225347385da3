import Tensor

/// Each rank's share of a data set's items in every epoch — torch's `DistributedSampler`.
///
/// Every rank draws the same order of all `count` items for an epoch (seeded by `seed + epoch`,
/// as torch's `set_epoch`), then takes every `worldSize`-th item from position `rank` on: the
/// shards are disjoint and together cover the epoch. Batching each shard with `batchSize` b makes
/// the k-th batches of all ranks exactly the k-th batch of size b × `worldSize` of that same
/// order, so a run on N ranks with per-rank batch b sees the batches of a one-process run with
/// batch b × N (the global batch).
///
/// When `count` is not a multiple of `worldSize`, ``Remainder/pad`` (torch's default,
/// `drop_last=False`) repeats items from the start of the order so every shard has
/// ⌈count / N⌉ items; ``Remainder/drop`` leaves out the last `count % N` items of the order.
/// Either way every rank gets the same number of items — and so of batches, which the gradient
/// all-reduce needs.
public struct DistributedSampler: Sendable {
    /// What happens to the items beyond the last multiple of the world size.
    public enum Remainder: Sendable {
        /// Repeat items from the start of the epoch's order (torch's default).
        case pad
        /// Leave them out (torch's `drop_last=True`).
        case drop
    }

    /// The number of items in the data set.
    public let count: Int
    /// This rank, `0..<worldSize`.
    public let rank: Int
    /// The number of ranks.
    public let worldSize: Int
    /// Whether each epoch draws a new order (otherwise `0..<count`).
    public let shuffles: Bool
    /// The seed of epoch 0's order; epoch e's is `seed + e`.
    public let seed: UInt64
    /// How a `count` that is not a multiple of `worldSize` is evened out.
    public let remainder: Remainder

    /// - Parameters:
    ///   - count: the number of items in the data set.
    ///   - rank: this process's rank, `0..<worldSize`.
    ///   - worldSize: the number of ranks.
    ///   - shuffles: draw a new order every epoch (otherwise `0..<count` every epoch).
    ///   - seed: the seed of the order, the same on every rank.
    ///   - remainder: how a `count` that is not a multiple of `worldSize` is evened out.
    public init(count: Int, rank: Int, worldSize: Int, shuffles: Bool = true, seed: UInt64 = 0, remainder: Remainder = .pad) {
        strandPrecondition(count >= 0, "DistributedSampler: count must not be negative, got \(count)")
        strandPrecondition(worldSize > 0 && (0..<worldSize).contains(rank), "DistributedSampler: rank \(rank) is not in 0..<\(worldSize)")
        strandPrecondition(remainder == .drop || count > 0 || worldSize == 1, "DistributedSampler: cannot pad an empty data set to \(worldSize) ranks")
        (self.count, self.rank, self.worldSize, self.shuffles, self.seed, self.remainder) = (count, rank, worldSize, shuffles, seed, remainder)
    }

    /// The sampler of `group`'s rank.
    public init(count: Int, group: ProcessGroup, shuffles: Bool = true, seed: UInt64 = 0, remainder: Remainder = .pad) {
        self.init(count: count, rank: group.rank, worldSize: group.worldSize, shuffles: shuffles, seed: seed, remainder: remainder)
    }

    /// Items per rank per epoch.
    public var shardSize: Int { remainder == .pad ? (count + worldSize - 1) / worldSize : count / worldSize }

    /// The order of all items in `epoch`, the same on every rank.
    public func globalOrder(epoch: Int) -> [Int] {
        guard shuffles else { return Array(0..<count) }
        var generator = RandomGenerator(seed: seed &+ UInt64(epoch))
        return generator.permutation(count)
    }

    /// This rank's items in `epoch`, in the order it visits them.
    public func indices(epoch: Int) -> [Int] {
        let total = shardSize * worldSize
        var order = globalOrder(epoch: epoch)
        while order.count < total { order += order.prefix(total - order.count) }
        return stride(from: rank, to: total, by: worldSize).map { order[$0] }
    }

    /// This rank's batches in `epoch`: its items in runs of `batchSize` (the last may be shorter,
    /// and is equally short on every rank).
    public func batches(epoch: Int, batchSize: Int) -> [[Int]] {
        strandPrecondition(batchSize > 0, "DistributedSampler.batches: batchSize must be positive, got \(batchSize)")
        let items = indices(epoch: epoch)
        return stride(from: 0, to: items.count, by: batchSize).map { Array(items[$0..<min($0 + batchSize, items.count)]) }
    }
}
