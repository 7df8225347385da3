import Foundation
import Tensor

/// One validation batch as metrics see it: the model's scores, the targets and the batch's mean loss.
public struct EvaluatedBatch {
    /// `[…, classes]` scores, or one score per target for a binary classifier (positive above 0).
    public var logits: Tensor
    /// `[…]` class ids, one per row of `logits`.
    public var targets: IntTensor
    /// The batch's mean loss.
    public var loss: Float
    /// How much the batch counts in averages over batches: its number of sequences (fastai's
    /// batch size), the first dimension of `targets`.
    public var weight: Int { targets.shape.first ?? 1 }

    public init(logits: Tensor, targets: IntTensor, loss: Float) {
        self.logits = logits
        self.targets = targets
        self.loss = loss
    }

    /// The predicted class of every target: the best-scoring class, or, with one score per
    /// target, 1 for a positive score.
    var predictions: [Int] {
        if logits.shape == targets.shape { return logits.scalars.map { $0 > 0 ? 1 : 0 } }
        strandPrecondition(Array(logits.shape.dropLast()) == targets.shape,
                           "metrics: scores of shape \(logits.shape) do not fit targets of shape \(targets.shape)")
        return logits.argmax(axis: -1).scalars
    }
}

/// A figure computed over a whole validation pass and shown in the epoch table, like fastai's
/// metrics. Nothing here allocates per class pair, so a 60,000-word language model is fine.
public protocol Metric: AnyObject {
    /// The column name (`accuracy`, `perplexity`).
    var name: String { get }
    /// Forgets the previous pass.
    func reset()
    func accumulate(_ batch: EvaluatedBatch)
    /// The figure over every batch since ``reset()``.
    var value: Double { get }
}

/// A metric whose whole state is a list of sums, so the states of processes that each validated
/// part of the data add up to the state of one that validated all of it (how the `Distributed`
/// module makes every process report the global figure). Lists may differ in length between
/// processes: a shorter one reads as padded with zeros, so zeros must mean "nothing seen".
public protocol SummableMetric: Metric {
    /// The state as sums; assigning sums (added over processes) makes ``Metric/value`` theirs.
    var sums: [Double] { get set }
}

/// The fraction of targets whose best-scoring class is right — over every token for a language
/// model (fastai's `accuracy` on flattened predictions), over every example for a classifier.
public final class Accuracy: SummableMetric {
    public let name: String
    private var correct = 0, total = 0

    public init(name: String = "accuracy") { self.name = name }

    public func reset() { (correct, total) = (0, 0) }

    public func accumulate(_ batch: EvaluatedBatch) {
        correct += zip(batch.predictions, batch.targets.scalars).filter { $0 == $1 }.count
        total += batch.targets.count
    }

    public var value: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// `[correct, total]`.
    public var sums: [Double] {
        get { [Double(correct), Double(total)] }
        set { (correct, total) = (Int(newValue[0]), Int(newValue[1])) }
    }
}

/// F1 score (scikit-learn's `f1_score`, `zero_division=0`): for the positive class 1 (`.binary`,
/// fastai's default) or the unweighted mean over the classes seen (`.macro`). Counts per class
/// seen, not a confusion matrix.
public final class F1Score: SummableMetric {
    public enum Average: Sendable { case binary, macro }
    public let average: Average
    public var name: String { average == .binary ? "f1_score" : "f1_macro" }
    private var truePositives: [Int: Int] = [:], predicted: [Int: Int] = [:], actual: [Int: Int] = [:]

    public init(average: Average = .binary) { self.average = average }

    public func reset() { (truePositives, predicted, actual) = ([:], [:], [:]) }

    public func accumulate(_ batch: EvaluatedBatch) {
        for (prediction, target) in zip(batch.predictions, batch.targets.scalars) {
            predicted[prediction, default: 0] += 1
            actual[target, default: 0] += 1
            if prediction == target { truePositives[target, default: 0] += 1 }
        }
    }

    private func f1(of label: Int) -> Double {
        let hits = Double(truePositives[label] ?? 0)
        let both = Double((predicted[label] ?? 0) + (actual[label] ?? 0))
        return both == 0 ? 0 : 2 * hits / both
    }

    /// `[true positives, predicted, actual]` of class 0, then of class 1, … up to the largest class seen.
    public var sums: [Double] {
        get {
            let classes = (Array(predicted.keys) + Array(actual.keys)).max().map { $0 + 1 } ?? 0
            return (0..<classes).flatMap { [truePositives[$0] ?? 0, predicted[$0] ?? 0, actual[$0] ?? 0].map(Double.init) }
        }
        set {
            reset()
            for label in 0..<newValue.count / 3 {
                let (hits, predictions, targets) = (Int(newValue[3 * label]), Int(newValue[3 * label + 1]), Int(newValue[3 * label + 2]))
                if hits > 0 { truePositives[label] = hits }
                if predictions > 0 { predicted[label] = predictions }
                if targets > 0 { actual[label] = targets }
            }
        }
    }

    public var value: Double {
        switch average {
        case .binary: return f1(of: 1)
        case .macro:
            let labels = Set(predicted.keys).union(actual.keys)
            return labels.isEmpty ? 0 : labels.reduce(0) { $0 + f1(of: $1) } / Double(labels.count)
        }
    }
}

/// `exp` of the mean validation loss (batches weighted by their size): a language model's
/// perplexity when the loss is its cross-entropy, as fastai's `Perplexity`.
public final class Perplexity: SummableMetric {
    public let name = "perplexity"
    private var total = 0.0, weight = 0

    public init() {}

    public func reset() { (total, weight) = (0, 0) }

    public func accumulate(_ batch: EvaluatedBatch) {
        total += Double(batch.loss) * Double(batch.weight)
        weight += batch.weight
    }

    public var value: Double { weight == 0 ? .nan : Foundation.exp(total / Double(weight)) }

    /// `[loss × weight summed, weight]`.
    public var sums: [Double] {
        get { [total, Double(weight)] }
        set { (total, weight) = (newValue[0], Int(newValue[1])) }
    }
}
