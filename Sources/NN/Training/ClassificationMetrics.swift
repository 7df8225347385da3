import Foundation
import Tensor

/// Accuracy, per-class precision/recall/F1 with their macro and weighted averages, and the
/// confusion matrix of predicted against true classes — scikit-learn's definitions
/// (`classification_report`, `zero_division=0`).
public struct ClassificationMetrics: Sendable, Equatable {
    /// `confusion[trueClass][predictedClass]`: counts.
    public let confusion: [[Int]]

    /// Metrics of `predictions` against `labels`, classes `0..<classes`.
    public init(predictions: [Int], labels: [Int], classes: Int) {
        strandPrecondition(predictions.count == labels.count, "ClassificationMetrics: \(predictions.count) predictions for \(labels.count) labels")
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (predicted, actual) in zip(predictions, labels) {
            strandPrecondition((0..<classes).contains(predicted) && (0..<classes).contains(actual),
                               "ClassificationMetrics: class \(max(predicted, actual)) outside 0..<\(classes)")
            confusion[actual][predicted] += 1
        }
        self.confusion = confusion
    }

    public var classes: Int { confusion.count }
    public var total: Int { confusion.joined().reduce(0, +) }
    /// Examples of each true class (scikit-learn's support).
    public var support: [Int] { confusion.map { $0.reduce(0, +) } }

    public var accuracy: Float {
        total == 0 ? 0 : Float((0..<classes).reduce(0) { $0 + confusion[$1][$1] }) / Float(total)
    }

    /// Of the examples predicted as each class, the fraction that are (0 when none are predicted).
    public var precision: [Float] {
        (0..<classes).map { c in
            let predicted = (0..<classes).reduce(0) { $0 + confusion[$1][c] }
            return predicted == 0 ? 0 : Float(confusion[c][c]) / Float(predicted)
        }
    }

    /// Of the examples of each class, the fraction predicted as it (0 for an absent class).
    public var recall: [Float] {
        (0..<classes).map { c in support[c] == 0 ? 0 : Float(confusion[c][c]) / Float(support[c]) }
    }

    /// The harmonic mean of precision and recall per class (0 when both are 0).
    public var f1: [Float] {
        zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
    }

    /// The unweighted mean over classes.
    public func macro(_ values: [Float]) -> Float { values.reduce(0, +) / Float(max(classes, 1)) }

    /// The mean over classes weighted by support.
    public func weighted(_ values: [Float]) -> Float {
        total == 0 ? 0 : zip(values, support).reduce(Float(0)) { $0 + $1.0 * Float($1.1) } / Float(total)
    }

    /// A table like scikit-learn's `classification_report`.
    public func report(classNames: [String]? = nil) -> String {
        let names = classNames ?? (0..<classes).map(String.init)
        func row(_ name: String, _ values: [Float], _ count: Int) -> String {
            name.padding(toLength: 13, withPad: " ", startingAt: 0) + values.map { String(format: "%10.2f", $0) }.joined() + String(format: "%10d", count)
        }
        var lines = ["             " + ["precision", "recall", "f1-score", "support"].map { $0.leftPadded(to: 10) }.joined(), ""]
        for c in 0..<classes { lines.append(row(names[c], [precision[c], recall[c], f1[c]], support[c])) }
        lines += ["", "accuracy".padding(toLength: 13, withPad: " ", startingAt: 0) + String(repeating: " ", count: 20) + String(format: "%10.2f%10d", accuracy, total)]
        lines.append(row("macro avg", [macro(precision), macro(recall), macro(f1)], total))
        lines.append(row("weighted avg", [weighted(precision), weighted(recall), weighted(f1)], total))
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// This string with spaces added in front up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}

extension Learner {
    /// The confusion matrix and per-class figures of the model on `batches` (a test set), from the
    /// learner's `scores`.
    public func classificationMetrics(_ batches: [Batch], classes: Int) -> ClassificationMetrics {
        guard let scoring else { strandPreconditionFailure("classificationMetrics: the learner was made without `scores`") }
        let evaluated = batches.map { batch in
            let (scores, targets) = scoring(predict(batch), batch)
            return EvaluatedBatch(logits: scores, targets: targets, loss: .nan)
        }
        return ClassificationMetrics(predictions: evaluated.flatMap(\.predictions), labels: evaluated.flatMap(\.targets.scalars), classes: classes)
    }
}
