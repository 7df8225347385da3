import Foundation

/// The epoch figure a tracking callback watches: the validation loss or a metric by name. Losses
/// improve downwards, other metrics upwards (fastai infers the same from the name).
public enum Monitor: Sendable, Equatable {
    case validLoss
    case metric(String)

    /// This epoch's value, nil if the record lacks it.
    func value(in record: EpochRecord) -> Double? {
        switch self {
        case .validLoss: return Double(record.validLoss)
        case .metric(let name): return record[metric: name]
        }
    }

    var name: String {
        switch self {
        case .validLoss: return "valid_loss"
        case .metric(let name): return name
        }
    }

    /// Whether `value` beats `best` by more than `minimumDelta`.
    func isImprovement(_ value: Double, over best: Double?, minimumDelta: Double) -> Bool {
        guard let best, !best.isNaN else { return !value.isNaN }
        let lowerIsBetter = self == .validLoss || name.contains("loss") || name.contains("error") || name == "perplexity"
        return lowerIsBetter ? value - minimumDelta < best : value - minimumDelta > best
    }
}

/// Stops fitting when the monitored figure has not improved for `patience` epochs — fastai's
/// `EarlyStoppingCallback`.
public final class EarlyStopping: LearnerCallback {
    public let order = 60
    public let monitor: Monitor
    public let patience: Int
    public let minimumDelta: Double
    private var best: Double?
    private var waited = 0

    public init(monitor: Monitor = .validLoss, patience: Int = 1, minimumDelta: Double = 0) {
        self.monitor = monitor
        self.patience = patience
        self.minimumDelta = minimumDelta
    }

    public func beforeFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        (best, waited) = (nil, 0)
    }

    public func afterEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {
        guard let record = learner.recorder.epochs.last, let value = monitor.value(in: record) else { return }
        if monitor.isImprovement(value, over: best, minimumDelta: minimumDelta) {
            (best, waited) = (value, 0)
            return
        }
        waited += 1
        if waited >= patience {
            learner.log("No improvement since epoch \(learner.epoch - waited): early stopping")
            throw .cancelFit
        }
    }
}

/// Keeps the weights of the epoch with the best monitored figure and puts them back when fitting
/// ends — fastai's `SaveModelCallback` (in memory, and also written to `url` as safetensors when
/// one is given).
public final class SaveBestModel: LearnerCallback {
    public let order = 60
    public let monitor: Monitor
    public let url: URL?
    public private(set) var bestEpoch: Int?
    private var best: Double?
    private var weights: [(String, StateTensor)] = []

    public init(monitor: Monitor = .validLoss, url: URL? = nil) {
        self.monitor = monitor
        self.url = url
    }

    public func beforeFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        (best, bestEpoch, weights) = (nil, nil, [])
    }

    public func afterEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard let record = learner.recorder.epochs.last, let value = monitor.value(in: record),
              monitor.isImprovement(value, over: best, minimumDelta: 0) else { return }
        (best, bestEpoch, weights) = (value, record.epoch, learner.model.stateDict())
        learner.log("Better model found at epoch \(record.epoch) with \(monitor.name) value: \(value).")
        if let url {
            do { try learner.model.save(to: url) } catch { learner.log("SaveBestModel: could not write \(url.path): \(error)") }
        }
    }

    public func afterFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard bestEpoch != nil, bestEpoch != learner.recorder.epochs.last?.epoch else { return }
        try! learner.model.loadStateDict(weights)   // the model's own state dict: keys and shapes match
    }
}
