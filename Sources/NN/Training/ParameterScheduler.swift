import Foundation
import Tensor

/// Sets the optimiser's learning rates (per group) and momentum before each training batch from
/// functions of the fit's progress (0 at the first batch, k/N at batch k of N) — fastai's
/// `ParamScheduler`, which ``Learner/fitOneCycle(epochs:maxLearningRate:divisor:finalDivisor:pctStart:weightDecay:momentums:callbacks:)``
/// uses. Runs after other callbacks (order 60).
public final class ParameterScheduler: LearnerCallback {
    public let order = 60
    let learningRates: ((Double) -> [Float])?
    let momentum: ((Double) -> Float)?

    /// - Parameters:
    ///   - learningRates: each group's rate at a given progress.
    ///   - momentum: every group's momentum (Adam's β1) at a given progress.
    public init(learningRates: ((Double) -> [Float])?, momentum: ((Double) -> Float)? = nil) {
        self.learningRates = learningRates
        self.momentum = momentum
    }

    public func beforeBatch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard learner.isTrainingPass else { return }
        let progress = learner.trainingProgress
        if let rates = learningRates?(progress) {
            for (group, rate) in rates.enumerated() { learner.optimizer.groups[group].learningRate = rate }
        }
        if let momentum = momentum?(progress) {
            for group in learner.optimizer.groups.indices { learner.optimizer.groups[group].momentum = momentum }
        }
    }
}

/// Cosine annealing from `start` to `end` as `progress` goes from 0 to 1 (fastai's `SchedCos`).
public func cosineSchedule(from start: Double, to end: Double, progress: Double) -> Double {
    start + (1 + Foundation.cos(Double.pi * (1 - progress))) * (end - start) / 2
}

/// Two cosine phases: `start` → `middle` over the first `pctStart` of training, then `middle` →
/// `end` (fastai's `combined_cos`). fastai computes the position within a phase in single
/// precision; so does this, to give its exact values.
public func combinedCosineSchedule(pctStart: Double, start: Double, middle: Double, end: Double, progress: Double) -> Double {
    if progress >= 1 { return end }
    guard progress >= pctStart else {
        return cosineSchedule(from: start, to: middle, progress: Double(Float(progress) / Float(pctStart)))
    }
    // fastai's phase boundaries are a float32 cumulative sum: [0, pct, pct + (1 − pct)].
    let (boundary, finish) = (Float(pctStart), Float(pctStart) + Float(1 - pctStart))
    return cosineSchedule(from: middle, to: end, progress: Double((Float(progress) - boundary) / (finish - boundary)))
}

extension Learner {
    /// fastai's `fit_one_cycle`: over `epochs` epochs each group's learning rate rises from
    /// `max / divisor` to its maximum during the first `pctStart` of the batches and falls to
    /// `max / finalDivisor`, both along cosines, while the momentum moves the other way through
    /// ``momentums`` (or `momentums`). `maxLearningRate` defaults to the learner's rate.
    @discardableResult
    public func fitOneCycle(epochs: Int, maxLearningRate: LearningRates? = nil, divisor: Double = 25, finalDivisor: Double = 1e5,
                            pctStart: Double = 0.25, weightDecay: Float? = nil, momentums: (Float, Float, Float)? = nil,
                            callbacks: [any LearnerCallback] = []) -> [EpochRecord] {
        strandPrecondition((0...1).contains(pctStart), "fitOneCycle: pctStart must lie in [0, 1], got \(pctStart)")
        let peaks = (maxLearningRate ?? learningRate).values(groups: optimizer.groups.count).map(Double.init)
        let (first, middle, last) = momentums ?? self.momentums
        let scheduler = ParameterScheduler(
            learningRates: { progress in
                peaks.map { Float(combinedCosineSchedule(pctStart: pctStart, start: $0 / divisor, middle: $0, end: $0 / finalDivisor, progress: progress)) }
            },
            momentum: { progress in
                Float(combinedCosineSchedule(pctStart: pctStart, start: Double(first), middle: Double(middle), end: Double(last), progress: progress))
            })
        return fit(epochs: epochs, learningRate: maxLearningRate, weightDecay: weightDecay, callbacks: [scheduler] + callbacks)
    }

    /// fastai's `fine_tune` for a pretrained model: `freezeEpochs` one-cycle epochs of the last
    /// group alone (rate `upTo(base)`, pctStart 0.99), then, with the rate halved, every group for
    /// `epochs` epochs at rates spread from `base / learningRateMultiplier` to `base` (pctStart 0.3,
    /// divisor 5).
    @discardableResult
    public func fineTune(epochs: Int, baseLearningRate: Float = 2e-3, freezeEpochs: Int = 1, learningRateMultiplier: Float = 100,
                         pctStart: Double = 0.3, divisor: Double = 5) -> [EpochRecord] {
        freeze()
        let frozen = fitOneCycle(epochs: freezeEpochs, maxLearningRate: .upTo(baseLearningRate), pctStart: 0.99)
        let base = baseLearningRate / 2
        unfreeze()
        return frozen + fitOneCycle(epochs: epochs, maxLearningRate: .spread(base / learningRateMultiplier, base), divisor: divisor, pctStart: pctStart)
    }
}
