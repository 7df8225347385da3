import Tensor

/// Linear warm-up: scales each group's base learning rate by a factor moving linearly from
/// `startFactor` to `endFactor` over `totalSteps` calls of ``step()``, then holding, like
/// `torch.optim.lr_scheduler.LinearLR`. The start factor applies as soon as it is created.
public final class LinearLR {
    public let optimizer: Optimizer
    public let startFactor: Float
    public let endFactor: Float
    public let totalSteps: Int
    private let baseRates: [Float]
    public private(set) var stepCount = 0

    public init(_ optimizer: Optimizer, startFactor: Float = 1.0 / 3, endFactor: Float = 1, totalSteps: Int = 5) {
        strandPrecondition(startFactor > 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1,
                           "LinearLR: factors must lie in (0, 1] and [0, 1], got \(startFactor) and \(endFactor)")
        strandPrecondition(totalSteps > 0, "LinearLR: totalSteps must be positive, got \(totalSteps)")
        self.optimizer = optimizer
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalSteps = totalSteps
        baseRates = optimizer.groups.map(\.learningRate)
        apply()
    }

    /// Advances one step and sets the groups' learning rates.
    public func step() {
        stepCount += 1
        apply()
    }

    private func apply() {
        let progress = Float(Swift.min(stepCount, totalSteps)) / Float(totalSteps)
        let factor = startFactor + (endFactor - startFactor) * progress
        for index in optimizer.groups.indices { optimizer.groups[index].learningRate = baseRates[index] * factor }
    }
}
