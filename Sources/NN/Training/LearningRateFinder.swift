import Foundation
import Tensor

/// What ``Learner/findLearningRate(start:end:iterations:stopsOnDivergence:)`` found: the learning
/// rate and smoothed loss of every batch it ran, and fastai's three suggestions.
public struct LearningRateFinderResult: Sendable {
    /// Each batch's learning rate (the last group's).
    public let learningRates: [Float]
    /// The smoothed loss after each batch.
    public let losses: [Float]
    /// fastai's default suggestion (`valley`): in the longest stretch of falling loss, of length
    /// L, the point ⌊L/3⌋ + ⌊L/6⌋ (about half-way) in; with the loss there.
    public let valley: (learningRate: Float, loss: Float)
    /// A tenth of the rate with the lowest loss (`minimum`).
    public let minimum: Float
    /// The rate where the loss falls fastest against log rate (`steep`), with the loss there.
    public let steep: (learningRate: Float, loss: Float)
}

/// Runs batches at learning rates growing exponentially from `start` to `end` over `iterations`
/// batches (fastai's `LRFinder`), stops once the smoothed loss exceeds 4× its best, skips
/// validation, and puts the weights and optimiser state back at the end.
final class LearningRateFinder: LearnerCallback {
    let order = 60
    let start: Double, end: Double, iterations: Int, stopsOnDivergence: Bool
    private var bestLoss = Float.infinity
    private var savedModel: [(String, StateTensor)] = []
    private var savedOptimizer: [(String, StateTensor)] = []

    init(start: Float, end: Float, iterations: Int, stopsOnDivergence: Bool) {
        (self.start, self.end, self.iterations, self.stopsOnDivergence) = (Double(start), Double(end), iterations, stopsOnDivergence)
    }

    func beforeFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        savedModel = learner.model.stateDict()
        savedOptimizer = learner.optimizer.stateDict()
    }

    func beforeBatch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard learner.isTrainingPass else { return }
        let rate = Float(start * Foundation.pow(end / start, Double(learner.trainIteration) / Double(iterations)))
        for group in learner.optimizer.groups.indices { learner.optimizer.groups[group].learningRate = rate }
    }

    func afterBatch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {
        guard learner.isTrainingPass else { return }
        let loss = learner.recorder.smoothLoss
        if loss < bestLoss { bestLoss = loss }
        if (stopsOnDivergence && loss > 4 * bestLoss) || learner.trainIteration >= iterations { throw .cancelFit }
    }

    func beforeValidate<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {
        throw .cancelValidation
    }

    func afterFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        learner.optimizer.zeroGrad()
        // The learner's own state dicts: keys and shapes match.
        try! learner.model.loadStateDict(savedModel)
        try! learner.optimizer.loadStateDict(savedOptimizer)
    }
}

extension Learner {
    /// fastai's `lr_find`: trains `iterations` batches (at least 6) at exponentially growing
    /// learning rates, records the smoothed loss, restores the weights and optimiser state, and
    /// suggests rates from the losses between batch `iterations / 10` and the fifth-last (cut at the
    /// first NaN), as fastai does.
    public func findLearningRate(start: Float = 1e-7, end: Float = 10, iterations: Int = 100, stopsOnDivergence: Bool = true) -> LearningRateFinderResult {
        strandPrecondition(start > 0 && end > start, "findLearningRate: needs 0 < start < end, got \(start) and \(end)")
        let iterations = max(iterations, 6)
        let (savedLog, savedProgress) = (log, showsProgress)
        (log, showsProgress) = ({ _ in }, false)
        defer { (log, showsProgress) = (savedLog, savedProgress) }
        // At least one batch per epoch: `iterations` epochs are always enough.
        fit(epochs: iterations, callbacks: [LearningRateFinder(start: start, end: end, iterations: iterations, stopsOnDivergence: stopsOnDivergence)])
        let rates = recorder.learningRates.map { $0.last! }, losses = recorder.losses
        let window = (iterations / 10)..<max(iterations / 10, losses.count - 5)
        var (windowRates, windowLosses) = (Array(rates[window]), Array(losses[window]))
        if let firstNaN = windowLosses.firstIndex(where: \.isNaN) {
            (windowRates, windowLosses) = (Array(windowRates[..<firstNaN]), Array(windowLosses[..<firstNaN]))
        }
        strandPrecondition(windowLosses.count >= 2, "findLearningRate: only \(losses.count) batches ran; suggestions need more than \(iterations / 10 + 6)")
        return LearningRateFinderResult(learningRates: rates, losses: losses,
                                        valley: valleySuggestion(windowRates, windowLosses),
                                        minimum: windowRates[windowLosses.indices.min { windowLosses[$0] < windowLosses[$1] }!] / 10,
                                        steep: steepSuggestion(windowRates, windowLosses))
    }
}

/// fastai's `valley`: the longest run of decreasing losses (longest decreasing subsequence ending
/// at each point), and the point `⌊L/3⌋ + ⌊L/6⌋` into it.
func valleySuggestion(_ rates: [Float], _ losses: [Float]) -> (learningRate: Float, loss: Float) {
    var lengths = [Int](repeating: 1, count: losses.count)
    var (start, end) = (0, 0)
    for i in 1..<losses.count {
        for j in 0..<i {
            if losses[i] < losses[j] && lengths[i] < lengths[j] + 1 { lengths[i] = lengths[j] + 1 }
            if lengths[end] < lengths[i] {
                end = i
                start = end - lengths[end]
            }
        }
    }
    let sections = Double(end - start) / 3
    let index = start + Int(sections) + Int(sections / 2)
    return (rates[index], losses[index])
}

/// fastai's `steep`: the rate where (loss change) / (log-rate change) is most negative.
func steepSuggestion(_ rates: [Float], _ losses: [Float]) -> (learningRate: Float, loss: Float) {
    let slopes = (1..<losses.count).map { (losses[$0] - losses[$0 - 1]) / (Foundation.log(rates[$0]) - Foundation.log(rates[$0 - 1])) }
    let index = slopes.indices.min { slopes[$0] < slopes[$1] }!
    return (rates[index], losses[index])
}
