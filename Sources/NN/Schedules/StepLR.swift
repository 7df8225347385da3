import Tensor

/// Multiplies each group's learning rate by `gamma` every `stepSize` calls of
/// ``ClosedFormSchedule/step()``, like `torch.optim.lr_scheduler.StepLR`: after `t` steps,
/// `lr = base · gamma^⌊t / stepSize⌋`.
public final class StepLR: ClosedFormSchedule {
    public let stepSize: Int
    public let gamma: Float

    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Float = 0.1) {
        strandPrecondition(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer)
        start()
    }

    override func learningRate(base: Float, group: Int, step: Int) -> Float {
        base * integerPower(gamma, step / stepSize)
    }
}

/// `base^exponent` for a non-negative integer exponent, by repeated multiplication in Float as
/// PyTorch's chained schedules compute it.
func integerPower(_ base: Float, _ exponent: Int) -> Float {
    (0..<exponent).reduce(Float(1)) { product, _ in product * base }
}
