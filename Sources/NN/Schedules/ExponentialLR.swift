import Tensor

/// Multiplies each group's learning rate by `gamma` at every ``ClosedFormSchedule/step()``, like
/// `torch.optim.lr_scheduler.ExponentialLR`: after `t` steps, `lr = base · gamma^t`.
public final class ExponentialLR: ClosedFormSchedule {
    public let gamma: Float

    public init(_ optimizer: Optimizer, gamma: Float) {
        strandPrecondition(gamma > 0, "ExponentialLR: gamma must be positive, got \(gamma)")
        self.gamma = gamma
        super.init(optimizer)
        start()
    }

    override func learningRate(base: Float, group: Int, step: Int) -> Float {
        base * integerPower(gamma, step)
    }
}
