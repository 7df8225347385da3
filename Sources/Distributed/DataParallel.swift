import Foundation
import NN
import Tensor

/// Trains a `Learner` on every rank of a ``ProcessGroup`` at once — PyTorch's
/// DistributedDataParallel as a fastai callback (`learn.to_distributed`, `distrib_ctx`):
///
/// - before the fit, rank 0's parameters and buffers are broadcast to every rank;
/// - gradients are averaged over the ranks in buckets during backward (``GradientReducer``)
///   and waited for before the optimiser step, so every rank takes the same step;
/// - buffers (BatchNorm's running statistics) are broadcast from rank 0 before each training batch;
/// - validation loss and metrics are summed over the ranks, so every rank reports the global figures;
/// - only rank 0 logs the epoch table and progress bar, and writes checkpoints (atomically).
///
/// Each rank must train on its own shard of the data (``DistributedSampler``, or
/// ``NN/DataLoaders/sharded(for:remainder:)``), with the same number of batches, and callbacks
/// that cancel batches must decide alike on every rank: the ranks meet in every all-reduce.
///
/// ```swift
/// learner.add(DataParallel(group: group, checkpoint: URL(fileURLWithPath: "model.safetensors")))
/// ```
public final class DataParallel: LearnerCallback {
    /// The ranks that train together.
    public let group: ProcessGroup
    /// The largest gradient bucket in bytes (DDP's `bucket_cap_mb`).
    public let bucketBytes: Int
    /// Where rank 0 saves the model (safetensors, atomically) after every epoch; nil: nowhere.
    public var checkpoint: URL?
    /// Also save the checkpoint every this many training steps (nil: only after epochs).
    public var checkpointSteps: Int?
    /// Whether buffers are broadcast from rank 0 before every training batch (DDP's `broadcast_buffers`).
    public var broadcastsBuffers: Bool
    /// Before other callbacks: the gradients must be averaged before a callback clips them.
    public var order: Int { -50 }

    /// The reducer of the running fit, rebuilt when the set of trainable parameters changes.
    public private(set) var reducer: GradientReducer?
    private var quieted: (log: (String) -> Void, showsProgress: Bool)?

    /// - Parameters:
    ///   - group: the ranks that train together.
    ///   - bucketBytes: the largest gradient bucket in bytes (25 MiB, as DDP's).
    ///   - checkpoint: where rank 0 saves the model after each epoch.
    ///   - checkpointSteps: also save every this many training steps.
    ///   - broadcastsBuffers: broadcast buffers from rank 0 before each training batch.
    public init(group: ProcessGroup, bucketBytes: Int = 25 * 1024 * 1024, checkpoint: URL? = nil, checkpointSteps: Int? = nil,
                broadcastsBuffers: Bool = true) {
        strandPrecondition(checkpointSteps.map { $0 > 0 } ?? true, "DataParallel: checkpointSteps must be positive, got \(checkpointSteps ?? 0)")
        (self.group, self.bucketBytes, self.checkpoint, self.checkpointSteps, self.broadcastsBuffers) =
            (group, bucketBytes, checkpoint, checkpointSteps, broadcastsBuffers)
    }

    public func beforeFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        checkSameStepCount(learner.batchesPerEpoch)
        group.broadcast(learner.model)
        if !group.isMain {
            quieted = (learner.log, learner.showsProgress)
            (learner.log, learner.showsProgress) = ({ _ in }, false)
        }
    }

    public func beforeBatch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard learner.isTrainingPass else { return }
        let trainable = learner.optimizer.groups.flatMap(\.parameters).filter(\.isTrainable)
        if reducer.map({ $0.parameters.map(ObjectIdentifier.init) != trainable.map(ObjectIdentifier.init) }) ?? true {
            reducer?.detach()
            reducer = GradientReducer(parameters: trainable, group: group, bucketBytes: bucketBytes)
        } else {
            reducer?.discard()  // a cancelled batch may have left all-reduces running
        }
        if broadcastsBuffers { group.broadcastBuffers(of: learner.model) }
    }

    public func beforeStep<Batch, Output>(_ learner: Learner<Batch, Output>) {
        reducer?.synchronize()
    }

    public func afterBatch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard learner.isTrainingPass, let checkpointSteps, learner.trainIteration % checkpointSteps == 0 else { return }
        saveCheckpoint(learner.model)
    }

    public func afterValidate<Batch, Output>(_ learner: Learner<Batch, Output>) {
        var sums = [learner.validationLossSums.loss, Double(learner.validationLossSums.weight)]
        group.reduce(learner.metrics, sums: &sums)
        learner.validationLossSums = (sums[0], Int(sums[1]))
    }

    public func afterEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        saveCheckpoint(learner.model)
    }

    public func afterFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        reducer?.detach()
        reducer = nil
        if let quieted { (learner.log, learner.showsProgress) = quieted }
        quieted = nil
    }

    /// Aborts unless every rank has `batches` training batches in the first epoch: a rank with
    /// more would wait in an all-reduce that the others never start.
    private func checkSameStepCount(_ batches: Int) {
        var extremes = [Double(batches), -Double(batches)]
        group.allReduce(&extremes, .max)
        guard extremes[0] != -extremes[1] else { return }
        group.abort("this rank has \(batches) training batches per epoch, others have from \(Int(-extremes[1])) to \(Int(extremes[0])): every rank must run the same number of steps (shard with DistributedSampler or DataLoaders.sharded(for:))")
    }

    /// Rank 0 writes the model to ``checkpoint`` atomically (a temporary file renamed into place),
    /// so a run killed mid-write leaves the previous checkpoint whole; a failed write aborts the run.
    private func saveCheckpoint(_ model: Module) {
        guard group.isMain, let checkpoint else { return }
        do {
            try model.save(to: checkpoint)
        } catch {
            group.abort("cannot write the checkpoint: \(error)")
        }
    }
}
