import Tensor

/// Multiplies each group's learning rate by `gamma` every `stepSize` calls of ``step()``, like
/// `torch.optim.lr_scheduler.StepLR`: after `t` steps, `lr = base · gamma^⌊t / stepSize⌋`.
public final class StepLR {
    public let optimizer: Optimizer
    public let stepSize: Int
    public let gamma: Float
    private let baseRates: [Float]
    /// Calls of ``step()`` so far (PyTorch's `last_epoch`).
    public private(set) var stepCount = 0

    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Float = 0.1) {
        strandPrecondition(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.gamma = gamma
        baseRates = optimizer.groups.map(\.learningRate)
    }

    /// Advances one step (usually one epoch) and sets the groups' learning rates.
    public func step() {
        stepCount += 1
        let factor = integerPower(gamma, stepCount / stepSize)
        for index in optimizer.groups.indices { optimizer.groups[index].learningRate = baseRates[index] * factor }
    }
}

/// `base^exponent` for a non-negative integer exponent, by repeated multiplication in Float as
/// PyTorch's chained schedules compute it.
func integerPower(_ base: Float, _ exponent: Int) -> Float {
    (0..<exponent).reduce(Float(1)) { product, _ in product * base }
}
