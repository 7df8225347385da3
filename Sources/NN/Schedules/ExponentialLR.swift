import Tensor

/// Multiplies each group's learning rate by `gamma` at every ``step()``, like
/// `torch.optim.lr_scheduler.ExponentialLR`: after `t` steps, `lr = base · gamma^t`.
public final class ExponentialLR: LearningRateSchedule {
    public let optimizer: Optimizer
    public let gamma: Float
    private let baseRates: [Float]
    /// Calls of ``step()`` so far (PyTorch's `last_epoch`).
    public private(set) var stepCount = 0

    public init(_ optimizer: Optimizer, gamma: Float) {
        strandPrecondition(gamma > 0, "ExponentialLR: gamma must be positive, got \(gamma)")
        self.optimizer = optimizer
        self.gamma = gamma
        baseRates = optimizer.groups.map(\.learningRate)
    }

    public func step() {
        stepCount += 1
        let factor = integerPower(gamma, stepCount)
        for index in optimizer.groups.indices { optimizer.groups[index].learningRate = baseRates[index] * factor }
    }
}
