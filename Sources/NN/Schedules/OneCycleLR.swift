import Foundation
import Tensor

/// The one-cycle policy, like `torch.optim.lr_scheduler.OneCycleLR` (two phases, cosine
/// annealing): the learning rate rises from `maxLearningRate / divFactor` to `maxLearningRate`
/// over the first `pctStart` of `totalSteps`, then falls to `initial / finalDivFactor`; momentum
/// (Adam's β1) moves the opposite way between `maxMomentum` and `baseMomentum`.
///
/// Call ``step()`` after every optimiser step; the first rates apply as soon as it is created.
public final class OneCycleLR {
    public let optimizer: Optimizer
    public let totalSteps: Int
    public let cycleMomentum: Bool
    private let phases: [(end: Double, learningRates: (start: [Double], end: [Double]), momentum: (start: Double, end: Double))]
    public private(set) var stepCount = 0

    public convenience init(_ optimizer: Optimizer, maxLearningRate: Float, totalSteps: Int, pctStart: Double = 0.3,
                divFactor: Double = 25, finalDivFactor: Double = 1e4, cycleMomentum: Bool = true,
                baseMomentum: Double = 0.85, maxMomentum: Double = 0.95) {
        self.init(optimizer, maxLearningRates: optimizer.groups.map { _ in maxLearningRate }, totalSteps: totalSteps, pctStart: pctStart,
                  divFactor: divFactor, finalDivFactor: finalDivFactor, cycleMomentum: cycleMomentum, baseMomentum: baseMomentum, maxMomentum: maxMomentum)
    }

    /// One cycle with a maximum learning rate per group (discriminative rates).
    public init(_ optimizer: Optimizer, maxLearningRates: [Float], totalSteps: Int, pctStart: Double = 0.3,
                divFactor: Double = 25, finalDivFactor: Double = 1e4, cycleMomentum: Bool = true,
                baseMomentum: Double = 0.85, maxMomentum: Double = 0.95) {
        strandPrecondition(maxLearningRates.count == optimizer.groups.count, "OneCycleLR: \(maxLearningRates.count) maximum rates for \(optimizer.groups.count) groups")
        strandPrecondition(totalSteps > 0 && (0...1).contains(pctStart), "OneCycleLR: needs totalSteps > 0 and pctStart in [0, 1]")
        self.optimizer = optimizer
        self.totalSteps = totalSteps
        self.cycleMomentum = cycleMomentum
        let peak = maxLearningRates.map(Double.init)
        let initial = peak.map { $0 / divFactor }
        let final = initial.map { $0 / finalDivFactor }
        phases = [
            (pctStart * Double(totalSteps) - 1, (initial, peak), (maxMomentum, baseMomentum)),
            (Double(totalSteps) - 1, (peak, final), (baseMomentum, maxMomentum)),
        ]
        apply()
    }

    /// Advances one step and sets the groups' learning rates (and momentum).
    public func step() {
        strandPrecondition(stepCount < totalSteps, "OneCycleLR: stepped \(stepCount + 1) times, more than totalSteps = \(totalSteps)")
        stepCount += 1
        apply()
    }

    private func apply() {
        var start = 0.0
        for (index, phase) in phases.enumerated() {
            guard Double(stepCount) <= phase.end || index == phases.count - 1 else {
                start = phase.end
                continue
            }
            let progress = (Double(stepCount) - start) / (phase.end - start)
            for group in optimizer.groups.indices {
                optimizer.groups[group].learningRate = Float(cosineAnneal(phase.learningRates.start[group], phase.learningRates.end[group], progress))
                if cycleMomentum {
                    optimizer.groups[group].momentum = Float(cosineAnneal(phase.momentum.start, phase.momentum.end, progress))
                }
            }
            return
        }
    }

    private func cosineAnneal(_ start: Double, _ end: Double, _ progress: Double) -> Double {
        end + (start - end) / 2 * (1 + cos(Double.pi * progress))
    }
}
