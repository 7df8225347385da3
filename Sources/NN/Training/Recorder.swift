import Foundation

/// One epoch's line of the table.
public struct EpochRecord: Sendable {
    public let epoch: Int
    /// The smoothed training loss at the epoch's end (fastai's `train_loss` column); NaN when the
    /// epoch trained on nothing.
    public let trainLoss: Float
    /// The mean validation loss; NaN when validation was skipped.
    public let validLoss: Float
    /// Each metric's value by name, in the learner's order.
    public let metrics: [(name: String, value: Double)]
    public let seconds: Double

    /// The value of the metric called `name`.
    public subscript(metric name: String) -> Double? { metrics.first { $0.name == name }?.value }
}

/// What a ``Learner`` saw, batch by batch and epoch by epoch — fastai's `Recorder`: the smoothed
/// loss of every training batch (an exponential moving average, β = 0.98, debiased), the learning
/// rate and momentum of every parameter group at every batch, and one ``EpochRecord`` per epoch.
public final class Recorder {
    /// The smoothing factor of ``smoothLoss`` (fastai's `beta`).
    public let beta: Float = 0.98
    /// The smoothed loss after each training batch.
    public private(set) var losses: [Float] = []
    /// Each training batch's own loss (what was recorded before any regularisation terms).
    public private(set) var batchLosses: [Float] = []
    /// Each training batch's learning rate per parameter group.
    public private(set) var learningRates: [[Float]] = []
    /// Each training batch's momentum (Adam's β1) per parameter group.
    public private(set) var momentums: [[Float]] = []
    /// One record per epoch.
    public private(set) var epochs: [EpochRecord] = []

    private var average: Float = 0, count = 0

    /// The current smoothed loss: `average / (1 − βⁿ)` after n batches.
    public var smoothLoss: Float { count == 0 ? .nan : average / (1 - Foundation.pow(beta, Float(count))) }

    /// Starts a fit: forgets everything (fastai starts a new recording per fit).
    func reset() {
        (losses, batchLosses, learningRates, momentums, epochs) = ([], [], [], [], [])
        (average, count) = (0, 0)
    }

    func recordBatch(loss: Float, groups: [ParameterGroup]) {
        count += 1
        average = beta * average + (1 - beta) * loss
        batchLosses.append(loss)
        losses.append(smoothLoss)
        learningRates.append(groups.map(\.learningRate))
        momentums.append(groups.map(\.momentum))
    }

    func recordEpoch(_ record: EpochRecord) { epochs.append(record) }
}
