import Tensor

/// Each group's base rate times a factor computed from the step, like
/// `torch.optim.lr_scheduler.LambdaLR`: after `t` steps, `lr = base · factor(t)` (one closure for
/// every group, or one per group).
public final class LambdaLR: LearningRateSchedule {
    public let optimizer: Optimizer
    private let factors: [(Int) -> Float]
    private let baseRates: [Float]
    /// Calls of ``step()`` so far (PyTorch's `last_epoch`).
    public private(set) var stepCount = 0

    /// A schedule with one `factor` for every group; `factor(0)` applies at once, as in PyTorch.
    public convenience init(_ optimizer: Optimizer, factor: @escaping (Int) -> Float) {
        self.init(optimizer, factors: optimizer.groups.map { _ in factor })
    }

    /// A schedule with one factor per group.
    public init(_ optimizer: Optimizer, factors: [(Int) -> Float]) {
        strandPrecondition(factors.count == optimizer.groups.count, "LambdaLR: \(factors.count) factors for \(optimizer.groups.count) groups")
        self.optimizer = optimizer
        self.factors = factors
        baseRates = optimizer.groups.map(\.learningRate)
        apply()
    }

    public func step() {
        stepCount += 1
        apply()
    }

    private func apply() {
        for index in optimizer.groups.indices { optimizer.groups[index].learningRate = baseRates[index] * factors[index](stepCount) }
    }
}
