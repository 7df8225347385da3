import NN
import Tensor

extension DataLoaders {
    /// These loaders split between the ranks by whole batches, for data already batched (bucketed
    /// by length, say): rank r trains on batches r, r + N, r + 2N, … of each epoch and validates
    /// on validation batches r, r + N, …. Each step then trains on N of the original batches at
    /// once (the global batch), as fastai's `distrib_ctx` does.
    ///
    /// A training epoch whose batch count is not a multiple of N is evened out as
    /// ``DistributedSampler`` evens out items: ``DistributedSampler/Remainder/pad`` repeats batches
    /// from the start of the epoch, ``DistributedSampler/Remainder/drop`` leaves the last out, so
    /// every rank runs the same number of steps. Validation batches are not padded: the metric
    /// reduction weighs each rank's batches by their size.
    public func sharded(rank: Int, worldSize: Int, remainder: DistributedSampler.Remainder = .pad) -> DataLoaders {
        strandPrecondition(worldSize > 0 && (0..<worldSize).contains(rank), "DataLoaders.sharded: rank \(rank) is not in 0..<\(worldSize)")
        let train = self.train
        return DataLoaders(train: { epoch in
            let batches = train(epoch)
            let shard = DistributedSampler(count: batches.count, rank: rank, worldSize: worldSize, shuffles: false, remainder: remainder)
            return shard.indices(epoch: epoch).map { batches[$0] }
        }, valid: ProcessGroup.share(of: valid, rank: rank, worldSize: worldSize))
    }

    /// These loaders split between `group`'s ranks by whole batches (see ``sharded(rank:worldSize:remainder:)``).
    public func sharded(for group: ProcessGroup, remainder: DistributedSampler.Remainder = .pad) -> DataLoaders {
        sharded(rank: group.rank, worldSize: group.worldSize, remainder: remainder)
    }
}

extension ProcessGroup {
    /// This rank's share of `items`, not padded: items `rank`, `rank + N`, `rank + 2N`, … — for
    /// validation batches, whose metric reduction weighs each rank's batches by their size.
    public func share<Item>(of items: [Item]) -> [Item] {
        Self.share(of: items, rank: rank, worldSize: worldSize)
    }

    static func share<Item>(of items: [Item], rank: Int, worldSize: Int) -> [Item] {
        stride(from: rank, to: items.count, by: worldSize).map { items[$0] }
    }
}
