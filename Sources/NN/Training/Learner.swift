import Autograd
import Foundation
import Tensor

/// What one batch gives the evaluation pass: its mean loss, the predicted and the true classes.
public struct BatchEvaluation: Sendable {
    public var loss: Float
    public var predictions: [Int]
    public var labels: [Int]

    public init(loss: Float, predictions: [Int], labels: [Int]) {
        self.loss = loss
        self.predictions = predictions
        self.labels = labels
    }
}

/// Stop when a monitored value has not improved for `patience` epochs, optionally putting back
/// the weights of the best epoch (Keras's `EarlyStopping`, fastai's `EarlyStoppingCallback` +
/// `SaveModelCallback`).
public struct EarlyStopping: Sendable {
    public enum Monitor: Sendable { case validLoss, accuracy, macroF1 }
    public var monitor: Monitor
    public var patience: Int
    public var restoresBestWeights: Bool

    public init(monitor: Monitor = .validLoss, patience: Int = 3, restoresBestWeights: Bool = true) {
        self.monitor = monitor
        self.patience = patience
        self.restoresBestWeights = restoresBestWeights
    }

    func isImprovement(_ value: Float, over best: Float?) -> Bool {
        guard let best else { return true }
        return monitor == .validLoss ? value < best : value > best
    }
}

/// One epoch's figures, as the table prints them.
public struct EpochRecord: Sendable {
    public let epoch: Int
    public let trainLoss: Float
    public let validLoss: Float
    public let metrics: ClassificationMetrics
    public let seconds: Double
}

/// A small fastai-style training loop for classifiers: epochs over batches with a progress bar,
/// validation after each epoch, a table of `epoch train_loss valid_loss accuracy f1_macro time`,
/// early stopping with best-weight restore, and a hook for a per-epoch schedule step.
public final class Learner<Batch> {
    public let model: Module
    public let optimizer: Optimizer
    let classes: Int
    let loss: (Batch) -> Variable
    let evaluate: (Batch) -> BatchEvaluation
    /// Clip the global gradient norm to this before each step (nil: no clipping).
    public var maximumGradientNorm: Float?
    /// Where the table and progress bars go (standard output by default).
    public var log: (String) -> Void = { print($0) }

    /// - Parameters:
    ///   - loss: the training loss of a batch (the model runs in training mode).
    ///   - evaluate: a batch's loss, predictions and labels (run in evaluation mode, without gradients).
    public init(model: Module, optimizer: Optimizer, classes: Int, loss: @escaping (Batch) -> Variable, evaluate: @escaping (Batch) -> BatchEvaluation) {
        self.model = model
        self.optimizer = optimizer
        self.classes = classes
        self.loss = loss
        self.evaluate = evaluate
    }

    /// Trains for up to `epochs` epochs; `trainBatches(epoch)` gives each epoch's batches (so
    /// samplers can reshuffle), `validBatches` the validation set. `afterEpoch` runs after each
    /// epoch's validation with its record (for a scheduler such as `ReduceLROnPlateau`).
    @discardableResult
    public func fit(epochs: Int, trainBatches: (Int) -> [Batch], validBatches: [Batch], earlyStopping: EarlyStopping? = nil,
                    afterEpoch: ((EpochRecord) -> Void)? = nil) -> [EpochRecord] {
        log("epoch  train_loss  valid_loss  accuracy  f1_macro  time")
        var records: [EpochRecord] = []
        var best: (value: Float, epoch: Int, weights: [(String, StateTensor)])?
        for epoch in 0..<epochs {
            let start = Date()
            let trainLoss = trainOneEpoch(trainBatches(epoch), epoch: epoch)
            let (validLoss, metrics) = validate(validBatches)
            let record = EpochRecord(epoch: epoch, trainLoss: trainLoss, validLoss: validLoss, metrics: metrics, seconds: Date().timeIntervalSince(start))
            records.append(record)
            log(String(format: "%5d  %10.4f  %10.4f  %8.4f  %8.4f  %.1fs", epoch, trainLoss, validLoss, metrics.accuracy, metrics.macro(metrics.f1), record.seconds))
            afterEpoch?(record)
            guard let earlyStopping else { continue }
            let value = monitored(record, earlyStopping.monitor)
            if earlyStopping.isImprovement(value, over: best?.value) {
                best = (value, epoch, earlyStopping.restoresBestWeights ? model.stateDict() : [])
            } else if epoch - best!.epoch >= earlyStopping.patience {
                log("early stopping: no improvement for \(earlyStopping.patience) epochs (best epoch \(best!.epoch))")
                break
            }
        }
        if let best, earlyStopping?.restoresBestWeights == true, best.epoch != records.last?.epoch {
            try! model.loadStateDict(best.weights)   // the model's own state dict: keys and shapes match
            log("restored the weights of epoch \(best.epoch)")
        }
        return records
    }

    /// Mean loss and metrics over `batches`, in evaluation mode without gradients.
    public func validate(_ batches: [Batch]) -> (loss: Float, metrics: ClassificationMetrics) {
        model.eval()
        let results = Denormals.withFlushToZero { withoutGradients { batches.map(evaluate) } }
        let count = results.reduce(0) { $0 + $1.labels.count }
        let loss = results.reduce(Float(0)) { $0 + $1.loss * Float($1.labels.count) } / Float(max(count, 1))
        let metrics = ClassificationMetrics(predictions: results.flatMap(\.predictions), labels: results.flatMap(\.labels), classes: classes)
        return (loss, metrics)
    }

    private func trainOneEpoch(_ batches: [Batch], epoch: Int) -> Float {
        model.train()
        let bar = ProgressBar("epoch \(epoch)", total: batches.count)
        var total: Float = 0
        for (index, batch) in batches.enumerated() {
            total += Denormals.withFlushToZero { trainStep(batch) }
            bar.update(index + 1)
        }
        bar.finish()
        return total / Float(max(batches.count, 1))
    }

    /// One optimisation step on `batch`; returns its loss.
    private func trainStep(_ batch: Batch) -> Float {
        let value = loss(batch)
        optimizer.zeroGrad()
        value.backward()
        if let maximumGradientNorm { clipGradientNorm(optimizer.groups.flatMap(\.parameters), maxNorm: maximumGradientNorm) }
        optimizer.step()
        return value.item
    }

    private func monitored(_ record: EpochRecord, _ monitor: EarlyStopping.Monitor) -> Float {
        switch monitor {
        case .validLoss: return record.validLoss
        case .accuracy: return record.metrics.accuracy
        case .macroF1: return record.metrics.macro(record.metrics.f1)
        }
    }
}
