import Tensor

/// Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter, 2017), like
/// `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`: the rate falls along a cosine from the
/// base rate towards `minimumLearningRate` over `firstPeriod` steps, then jumps back to the base
/// rate and falls again over a period `periodMultiplier` times longer, and so on.
public final class CosineAnnealingWarmRestarts: LearningRateSchedule {
    public let optimizer: Optimizer
    public let minimumLearningRate: Float
    public let periodMultiplier: Int
    private let baseRates: [Float]
    /// Steps since the last restart (PyTorch's `T_cur`) and the current period (`T_i`).
    public private(set) var stepsSinceRestart = 0
    public private(set) var currentPeriod: Int

    /// - Parameters:
    ///   - firstPeriod: PyTorch's `T_0`.
    ///   - periodMultiplier: PyTorch's `T_mult` (1: every period equally long).
    ///   - minimumLearningRate: PyTorch's `eta_min`.
    public init(_ optimizer: Optimizer, firstPeriod: Int, periodMultiplier: Int = 1, minimumLearningRate: Float = 0) {
        strandPrecondition(firstPeriod > 0 && periodMultiplier >= 1,
                           "CosineAnnealingWarmRestarts: firstPeriod must be positive and periodMultiplier at least 1, got \(firstPeriod) and \(periodMultiplier)")
        self.optimizer = optimizer
        self.minimumLearningRate = minimumLearningRate
        self.periodMultiplier = periodMultiplier
        currentPeriod = firstPeriod
        baseRates = optimizer.groups.map(\.learningRate)
    }

    public func step() {
        stepsSinceRestart += 1
        if stepsSinceRestart >= currentPeriod {
            stepsSinceRestart -= currentPeriod
            currentPeriod *= periodMultiplier
        }
        setCosineRates(optimizer, baseRates: baseRates, minimum: minimumLearningRate, position: Double(stepsSinceRestart) / Double(currentPeriod))
    }
}
