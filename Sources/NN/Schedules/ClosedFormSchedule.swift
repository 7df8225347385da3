import Tensor

/// The common shape of most learning-rate schedules: each group's rate is a function of its base
/// rate (the rate it had when the schedule was made) and of how many times ``step()`` was called.
/// The rate for step 0 applies as soon as the schedule is made, as PyTorch's initial step does.
///
/// ``StepLR``, ``ExponentialLR``, ``LinearLR``, ``LambdaLR``, ``CosineAnnealingLR`` and
/// ``CosineAnnealingWarmRestarts`` are this with their own `learningRate(base:group:step:)`.
public class ClosedFormSchedule: LearningRateSchedule {
    public let optimizer: Optimizer
    /// Each group's rate when the schedule was made.
    public let baseRates: [Float]
    /// Calls of ``step()`` so far (PyTorch's `last_epoch`).
    public private(set) var stepCount = 0

    init(_ optimizer: Optimizer) {
        self.optimizer = optimizer
        baseRates = optimizer.groups.map(\.learningRate)
    }

    /// Sets the step-0 rates; the subclass calls it once its own settings are stored.
    func start() {
        apply()
    }

    /// Advances one step (usually one epoch or one batch) and sets the groups' learning rates.
    public func step() {
        stepCount += 1
        apply()
    }

    /// Group `group`'s rate after `step` steps, from its base rate.
    func learningRate(base: Float, group: Int, step: Int) -> Float {
        strandPreconditionFailure("\(Self.self) must override learningRate(base:group:step:)")
    }

    private func apply() {
        for index in optimizer.groups.indices {
            optimizer.groups[index].learningRate = learningRate(base: baseRates[index], group: index, step: stepCount)
        }
    }
}
