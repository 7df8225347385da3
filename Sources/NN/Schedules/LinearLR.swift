import Tensor

/// Linear warm-up: scales each group's base learning rate by a factor moving linearly from
/// `startFactor` to `endFactor` over `totalSteps` calls of ``ClosedFormSchedule/step()``, then
/// holding, like `torch.optim.lr_scheduler.LinearLR`. The start factor applies as soon as it is
/// created.
public final class LinearLR: ClosedFormSchedule {
    public let startFactor: Float
    public let endFactor: Float
    public let totalSteps: Int

    public init(_ optimizer: Optimizer, startFactor: Float = 1.0 / 3, endFactor: Float = 1, totalSteps: Int = 5) {
        strandPrecondition(startFactor > 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1,
                           "LinearLR: factors must lie in (0, 1] and [0, 1], got \(startFactor) and \(endFactor)")
        strandPrecondition(totalSteps > 0, "LinearLR: totalSteps must be positive, got \(totalSteps)")
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalSteps = totalSteps
        super.init(optimizer)
        start()
    }

    override func learningRate(base: Float, group: Int, step: Int) -> Float {
        let progress = Float(Swift.min(step, totalSteps)) / Float(totalSteps)
        return base * (startFactor + (endFactor - startFactor) * progress)
    }
}
