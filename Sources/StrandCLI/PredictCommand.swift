import ArgumentParser
import Foundation
import Strand

/// `strand predict`: class probabilities of texts given on the command line (a table each) or of
/// every row of a CSV column (CSV out: the predicted label, then one probability column per class).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "Classify texts with a trained classifier.")

    @Argument(help: "The folder `strand train` wrote.") var model: String
    @Argument(help: "Texts to classify.") var texts: [String] = []
    @Option(help: "Classify every row of this CSV file instead (CSV to standard output).") var csv: String?
    @Option(help: "The CSV column holding the text (with --csv).") var textColumn = "text"

    func validate() throws {
        guard texts.isEmpty != (csv == nil) else { throw ValidationError("give either texts to classify or --csv FILE, not both and not neither") }
    }

    func run() throws {
        let classifier = try TrainedClassifier(contentsOf: URL(fileURLWithPath: model))
        let classes = classifier.labels.classes
        if let csv {
            guard FileManager.default.fileExists(atPath: csv) else { throw CommandError("no file at \(quotedForMessage(csv))") }
            // The file needs no label column: the text column stands in for it.
            let rows = try TextDataset.csv(URL(fileURLWithPath: csv), textColumn: textColumn, labelColumn: textColumn)
            print((["predicted"] + classes).map(csvField).joined(separator: ","))
            for probabilities in classifier.probabilities(rows.texts) {
                let fields = [classes[Self.mostLikely(probabilities)]] + probabilities.map { String(format: "%.6f", $0) }
                print(fields.map(csvField).joined(separator: ","))
            }
            return
        }
        for (text, probabilities) in zip(texts, classifier.probabilities(texts)) {
            print("\(quotedForMessage(text, limit: 70)) → \(classes[Self.mostLikely(probabilities)])")
            for index in probabilities.indices.sorted(by: { probabilities[$0] > probabilities[$1] }) {
                print("  " + classes[index].padding(toLength: max(12, classes[index].count), withPad: " ", startingAt: 0) + String(format: "  %.3f", probabilities[index]))
            }
        }
    }

    static func mostLikely(_ probabilities: [Float]) -> Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] }! }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
