import Foundation

/// The runs of every cross-validation fold, summarised per embedding: the mean test accuracy and
/// weighted F1 with their sample standard deviations (n − 1), as a table and as JSON.
struct CrossValidation {
    /// Per fold, that fold's runs (the same embeddings in the same order on every fold).
    let folds: [[SentenceClassification.Result]]

    /// One embedding's figures over the folds.
    struct Summary {
        let embeddings: SentenceClassification.Embeddings
        let accuracies: [Double]
        let f1Scores: [Double]
        let epochs: [Int]
        let secondsPerEpoch: Double
    }

    var summaries: [Summary] {
        (folds.first ?? []).indices.map { run in
            let results = folds.map { $0[run] }
            return Summary(embeddings: results[0].embeddings,
                           accuracies: results.map { Double($0.metrics.accuracy) },
                           f1Scores: results.map { Double($0.metrics.weighted($0.metrics.f1)) },
                           epochs: results.map(\.epochs),
                           secondsPerEpoch: results.map(\.secondsPerEpoch).reduce(0, +) / Double(results.count))
        }
    }

    var table: String {
        let header = "embeddings                       accuracy (mean ± sd)  weighted F1 (mean ± sd)  epochs (mean)  s/epoch"
        return ([header] + summaries.map { summary in
            summary.embeddings.rawValue.padding(toLength: 33, withPad: " ", startingAt: 0)
                + String(format: "%8.1f %% ± %4.1f       %8.1f %% ± %4.1f         %6.1f  %7.1f",
                         100 * Self.mean(summary.accuracies), 100 * Self.standardDeviation(summary.accuracies),
                         100 * Self.mean(summary.f1Scores), 100 * Self.standardDeviation(summary.f1Scores),
                         Self.mean(summary.epochs.map(Double.init)), summary.secondsPerEpoch)
        }).joined(separator: "\n")
    }

    func json(stopWords: String) throws -> Data {
        let runs = summaries.map { summary -> [String: Any] in
            ["key": summary.embeddings.key, "name": summary.embeddings.rawValue,
             "accuracy_per_fold": summary.accuracies, "accuracy_mean": Self.mean(summary.accuracies),
             "accuracy_sd": Self.standardDeviation(summary.accuracies),
             "f1_weighted_per_fold": summary.f1Scores, "f1_weighted_mean": Self.mean(summary.f1Scores),
             "epochs_per_fold": summary.epochs, "seconds_per_epoch": summary.secondsPerEpoch]
        }
        let document: [String: Any] = ["folds": folds.count, "stop_words": stopWords, "runs": runs]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The sample standard deviation (n − 1), as `numpy.std(ddof=1)`.
    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let average = mean(values)
        return (values.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}
