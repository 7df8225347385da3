import Tensor

/// Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter, 2017), like
/// `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`: the rate falls along a cosine from the
/// base rate towards `minimumLearningRate` over `firstPeriod` steps, then jumps back to the base
/// rate and falls again over a period `periodMultiplier` times longer, and so on.
public final class CosineAnnealingWarmRestarts: ClosedFormSchedule {
    public let firstPeriod: Int
    public let periodMultiplier: Int
    public let minimumLearningRate: Float

    /// - Parameters:
    ///   - optimizer: the optimiser whose groups' rates are set; their current rates are the base rates.
    ///   - firstPeriod: PyTorch's `T_0`.
    ///   - periodMultiplier: PyTorch's `T_mult` (1: every period equally long).
    ///   - minimumLearningRate: PyTorch's `eta_min`.
    public init(_ optimizer: Optimizer, firstPeriod: Int, periodMultiplier: Int = 1, minimumLearningRate: Float = 0) {
        strandPrecondition(firstPeriod > 0 && periodMultiplier >= 1,
                           "CosineAnnealingWarmRestarts: firstPeriod must be positive and periodMultiplier at least 1, got \(firstPeriod) and \(periodMultiplier)")
        self.firstPeriod = firstPeriod
        self.periodMultiplier = periodMultiplier
        self.minimumLearningRate = minimumLearningRate
        super.init(optimizer)
        start()
    }

    /// Steps since the last restart (PyTorch's `T_cur`) and the period they fall in (`T_i`).
    public var position: (stepsSinceRestart: Int, period: Int) { Self.position(of: stepCount, firstPeriod: firstPeriod, multiplier: periodMultiplier) }

    override func learningRate(base: Float, group: Int, step: Int) -> Float {
        let (sinceRestart, period) = Self.position(of: step, firstPeriod: firstPeriod, multiplier: periodMultiplier)
        return cosineRate(base: base, minimum: minimumLearningRate, position: Double(sinceRestart) / Double(period))
    }

    /// Whole periods taken off `step` one by one (exact in integers, unlike PyTorch's logarithm
    /// for a given epoch).
    private static func position(of step: Int, firstPeriod: Int, multiplier: Int) -> (Int, Int) {
        var (remaining, period) = (step, firstPeriod)
        while remaining >= period {
            remaining -= period
            period *= multiplier
        }
        return (remaining, period)
    }
}
