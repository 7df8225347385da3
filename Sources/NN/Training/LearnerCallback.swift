/// Thrown by a callback to cut training short, like fastai's `Cancel…Exception`s: the rest of the
/// named stage is skipped, its `after…` event still runs, and training goes on from there.
public enum TrainingInterruption: Error, Sendable {
    /// Skip the rest of this batch (no backward or step if not done yet).
    case cancelBatch
    /// Skip the rest of this epoch's training batches.
    case cancelTrain
    /// Skip this epoch's validation.
    case cancelValidation
    /// Skip the rest of this epoch.
    case cancelEpoch
    /// Stop fitting.
    case cancelFit
}

/// Code that runs at the boundaries of a ``Learner``'s loop — fastai's callbacks. Implement the
/// events you need; the others do nothing. Within an event, callbacks run by increasing ``order``,
/// then in the order they were added. Each event may read and change the learner (its
/// optimiser's settings, `loss` after `afterLoss`) or throw a ``TrainingInterruption``.
///
/// The loop, per fit: `beforeFit`; per epoch `beforeEpoch`, then `beforeTrain`, per training batch
/// `beforeBatch` → forward → `afterPred` → loss → `afterLoss` → backward → `beforeStep` → step →
/// `afterBatch`, `afterTrain`; then `beforeValidate`, the validation batches (forward and loss
/// only), `afterValidate`; `afterEpoch`; finally `afterFit`, even when interrupted.
public protocol LearnerCallback: AnyObject {
    /// Lower runs earlier (fastai's `order`).
    var order: Int { get }
    func beforeFit<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func beforeEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func beforeTrain<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func beforeBatch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func afterPred<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func afterLoss<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func beforeStep<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func afterBatch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func afterTrain<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func beforeValidate<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func afterValidate<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func afterEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption)
    func afterFit<Batch, Output>(_ learner: Learner<Batch, Output>)
}

extension LearnerCallback {
    public var order: Int { 0 }
    public func beforeFit<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func beforeEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func beforeTrain<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func beforeBatch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func afterPred<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func afterLoss<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func beforeStep<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func afterBatch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func afterTrain<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func beforeValidate<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func afterValidate<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func afterEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {}
    public func afterFit<Batch, Output>(_ learner: Learner<Batch, Output>) {}
}
