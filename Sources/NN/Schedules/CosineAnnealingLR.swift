import Foundation
import Tensor

/// Cosine annealing from each group's base rate down to `minimumLearningRate` over `period` steps,
/// like `torch.optim.lr_scheduler.CosineAnnealingLR`: after `t` steps,
/// `lr = η_min + (base − η_min) · (1 + cos(π t / period)) / 2` — past `period` the cosine
/// carries on and the rate rises again, as in PyTorch. (PyTorch updates the rate recursively
/// from the previous one; the closed form gives the same values up to rounding.)
public final class CosineAnnealingLR: LearningRateSchedule {
    public let optimizer: Optimizer
    public let period: Int
    public let minimumLearningRate: Float
    private let baseRates: [Float]
    /// Calls of ``step()`` so far (PyTorch's `last_epoch`).
    public private(set) var stepCount = 0

    /// - Parameters:
    ///   - period: PyTorch's `T_max`, the steps from the base rate to the minimum.
    ///   - minimumLearningRate: PyTorch's `eta_min`.
    public init(_ optimizer: Optimizer, period: Int, minimumLearningRate: Float = 0) {
        strandPrecondition(period > 0, "CosineAnnealingLR: period must be positive, got \(period)")
        self.optimizer = optimizer
        self.period = period
        self.minimumLearningRate = minimumLearningRate
        baseRates = optimizer.groups.map(\.learningRate)
    }

    public func step() {
        stepCount += 1
        setCosineRates(optimizer, baseRates: baseRates, minimum: minimumLearningRate, position: Double(stepCount) / Double(period))
    }
}

/// Sets each group's rate to `η_min + (base − η_min) · (1 + cos(π · position)) / 2`.
func setCosineRates(_ optimizer: Optimizer, baseRates: [Float], minimum: Float, position: Double) {
    let factor = (1 + cos(Double.pi * position)) / 2
    for index in optimizer.groups.indices {
        optimizer.groups[index].learningRate = Float(Double(minimum) + Double(baseRates[index] - minimum) * factor)
    }
}
