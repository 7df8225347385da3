import Tensor

/// Schedules one after another, like `torch.optim.lr_scheduler.SequentialLR` — typically a
/// warm-up then a decay:
///
/// ```swift
/// let schedule = SequentialLR(optimizer, milestones: [5], schedules: [
///     { LinearLR($0, startFactor: 0.1, totalSteps: 5) },
///     { CosineAnnealingLR($0, period: 45) },
/// ])
/// ```
///
/// Each schedule is made when its phase starts (at creation, then at each milestone step), after
/// the groups' rates are put back to the rates they had when the sequence was created — so each
/// starts from the base rates, as PyTorch's `initial_lr` makes it.
public final class SequentialLR: LearningRateSchedule {
    public let optimizer: Optimizer
    public let milestones: [Int]
    private let makers: [(Optimizer) -> LearningRateSchedule]
    private let baseRates: [Float]
    private var current: LearningRateSchedule
    /// Calls of ``step()`` so far.
    public private(set) var stepCount = 0

    /// - Parameters:
    ///   - optimizer: the optimiser the schedules act on; its groups' current rates are the ones
    ///     each schedule starts from.
    ///   - milestones: the steps at which the next schedule takes over, increasing; one fewer
    ///     than the schedules.
    ///   - schedules: each makes a schedule for the optimiser.
    public init(_ optimizer: Optimizer, milestones: [Int], schedules: [(Optimizer) -> LearningRateSchedule]) {
        strandPrecondition(schedules.count == milestones.count + 1 && !schedules.isEmpty,
                           "SequentialLR: \(schedules.count) schedules need \(schedules.count - 1) milestones, got \(milestones.count)")
        strandPrecondition(zip(milestones, milestones.dropFirst()).allSatisfy { $0 < $1 } && (milestones.first ?? 1) > 0,
                           "SequentialLR: milestones must be positive and increasing, got \(milestones)")
        self.optimizer = optimizer
        self.milestones = milestones
        makers = schedules
        baseRates = optimizer.groups.map(\.learningRate)
        current = schedules[0](optimizer)
    }

    public func step() {
        stepCount += 1
        if let phase = milestones.firstIndex(of: stepCount) {
            for index in optimizer.groups.indices { optimizer.groups[index].learningRate = baseRates[index] }
            current = makers[phase + 1](optimizer)
        } else {
            current.step()
        }
    }
}
