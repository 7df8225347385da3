import Foundation
import Tensor

/// Cosine annealing from each group's base rate down to `minimumLearningRate` over `period` steps,
/// like `torch.optim.lr_scheduler.CosineAnnealingLR`: after `t` steps,
/// `lr = η_min + (base − η_min) · (1 + cos(π t / period)) / 2` — past `period` the cosine
/// carries on and the rate rises again, as in PyTorch. (PyTorch updates the rate recursively
/// from the previous one; the closed form gives the same values up to rounding.)
public final class CosineAnnealingLR: ClosedFormSchedule {
    public let period: Int
    public let minimumLearningRate: Float

    /// - Parameters:
    ///   - optimizer: the optimiser whose groups' rates are set; their current rates are the base rates.
    ///   - period: PyTorch's `T_max`, the steps from the base rate to the minimum.
    ///   - minimumLearningRate: PyTorch's `eta_min`.
    public init(_ optimizer: Optimizer, period: Int, minimumLearningRate: Float = 0) {
        strandPrecondition(period > 0, "CosineAnnealingLR: period must be positive, got \(period)")
        self.period = period
        self.minimumLearningRate = minimumLearningRate
        super.init(optimizer)
        start()
    }

    override func learningRate(base: Float, group: Int, step: Int) -> Float {
        cosineRate(base: base, minimum: minimumLearningRate, position: Double(step) / Double(period))
    }
}

/// `η_min + (base − η_min) · (1 + cos(π · position)) / 2`.
func cosineRate(base: Float, minimum: Float, position: Double) -> Float {
    Float(Double(minimum) + Double(base - minimum) * (1 + cos(Double.pi * position)) / 2)
}
