// The README demo (notebook 000, on a small scale): train a review classifier on the bundled
// sample, then show which words decided the sentiment of a positive and a negative review — by hook
// relevance on the encoder and by Layer Integrated Gradients on the embedding.
//
//   swift run -c release SentimentRelevance [--full] [--epochs 6] [--seed 2026] [--output output/sentiment-relevance]
import ArgumentParser
import Foundation
import Strand

@main
struct SentimentRelevance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a small LSTM sentiment classifier on IMDB reviews and explain two of its predictions.")

    @Flag(help: "Use the full 25,000 IMDB reviews fetched by scripts/fetch-data instead of the bundled 1,000.")
    var full = false

    @Option(help: "Training epochs.")
    var epochs = 8

    @Option(help: "Seed for the split, initialisation, dropout and batch order.")
    var seed: UInt64 = 2026

    @Option(help: "Folder for metrics.json, the HTML report, the SVG plots and the trained weights.")
    var output = "output/sentiment-relevance"

    @Option(help: "Tokens kept from the start of each review.")
    var maxLength = 400

    mutating func run() throws {
        print(RuntimeReport.current)
        RandomGenerator.manualSeed(seed)
        let start = Date()
        let data = try ReviewData(full: full, seed: seed, maxLength: maxLength)
        print("IMDB reviews: \(data.train.count) train, \(data.valid.count) valid, \(data.test.count) test; vocabulary \(data.vocabulary.count) tokens")

        let model = ReviewClassifier(vocabularySize: data.vocabulary.count)
        let testMetrics = Trainer(model: model, data: data, seed: seed).fit(epochs: epochs)
        let testAccuracy = testMetrics.accuracy
        print(String(format: "test accuracy %.3f", testAccuracy))
        print(testMetrics.report(classNames: ["negative", "positive"]))

        model.eval()
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let explainer = Explainer(model: model, data: data)
        var records: [ExplanationRecord] = []
        var summary: [String: Any] = ["test_accuracy": testAccuracy, "epochs": epochs, "seed": seed, "train_reviews": data.train.count]
        for (name, label) in [("positive", 1), ("negative", 0)] {
            guard let index = data.test.labels.firstIndex(of: label) else { continue }
            let explanation = explainer.explain(data.test.ids[index], target: label, trueLabel: label)
            print(explanation.report(title: "\(name) review"))
            try relevancePlotSVG(tokens: explanation.tokens, scores: explanation.relevance, title: "Hook relevance along the \(name) review")
                .write(to: folder.appendingPathComponent("relevance_\(name).svg"), atomically: true, encoding: .utf8)
            records.append(explanation.record)
            summary[name] = explanation.summary
        }
        try attributionHTML(records.map { $0.readable() }, title: "Which words decided the sentiment (Layer Integrated Gradients)")
            .write(to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        try model.save(to: folder.appendingPathComponent("model.safetensors"))
        try data.vocabulary.save(to: folder.appendingPathComponent("vocabulary.json"))
        summary["seconds"] = Date().timeIntervalSince(start)
        try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys]).write(to: folder.appendingPathComponent("metrics.json"))
        print("Wrote metrics.json, report.html, relevance_positive.svg, relevance_negative.svg, model.safetensors and vocabulary.json to \(folder.path)")
    }
}
