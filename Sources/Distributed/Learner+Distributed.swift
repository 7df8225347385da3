import Foundation
import NN

extension Learner {
    /// Makes this learner train data-parallel on `group`'s ranks in every later fit (fastai's
    /// `learn.to_distributed`): adds and returns a ``DataParallel`` callback.
    ///
    /// - Parameters:
    ///   - group: the ranks that train together.
    ///   - bucketBytes: the largest gradient bucket in bytes (25 MiB, as DDP's).
    ///   - checkpoint: where rank 0 saves the model after each epoch (atomically); nil: nowhere.
    @discardableResult
    public func toDistributed(_ group: ProcessGroup, bucketBytes: Int = 25 * 1024 * 1024, checkpoint: URL? = nil) -> DataParallel {
        let callback = DataParallel(group: group, bucketBytes: bucketBytes, checkpoint: checkpoint)
        add(callback)
        return callback
    }
}
