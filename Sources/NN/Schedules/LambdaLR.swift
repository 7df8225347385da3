import Tensor

/// Each group's base rate times a factor computed from the step, like
/// `torch.optim.lr_scheduler.LambdaLR`: after `t` steps, `lr = base · factor(t)` (one closure for
/// every group, or one per group); `factor(0)` applies at once, as in PyTorch.
public final class LambdaLR: ClosedFormSchedule {
    private let factors: [(Int) -> Float]

    /// A schedule with one `factor` for every group.
    public convenience init(_ optimizer: Optimizer, factor: @escaping (Int) -> Float) {
        self.init(optimizer, factors: optimizer.groups.map { _ in factor })
    }

    /// A schedule with one factor per group.
    public init(_ optimizer: Optimizer, factors: [(Int) -> Float]) {
        strandPrecondition(factors.count == optimizer.groups.count, "LambdaLR: \(factors.count) factors for \(optimizer.groups.count) groups")
        self.factors = factors
        super.init(optimizer)
        start()
    }

    override func learningRate(base: Float, group: Int, step: Int) -> Float {
        base * factors[group](step)
    }
}
