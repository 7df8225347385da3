import ArgumentParser
import Foundation
import Strand

/// `strand explain`: which tokens of a text decided the classifier's prediction — Layer Integrated
/// Gradients on the embedding (with its completeness verdict), hook relevance on the encoder
/// (notebook 000), or occlusion — as coloured tokens and a top-token table, and as an HTML page.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Show which words decided a trained classifier's prediction.")

    /// How the tokens are scored.
    enum Method: String, CaseIterable, ExpressibleByArgument {
        case ig, relevance, occlusion
    }

    /// Whether the tokens are printed on coloured backgrounds.
    enum Colour: String, CaseIterable, ExpressibleByArgument {
        case auto, always, never
    }

    @Argument(help: "The folder `strand train` wrote.") var model: String
    @Argument(help: "The texts to explain.") var texts: [String]
    @Option(help: "ig (Layer Integrated Gradients, pad baseline; xxunk for awd), relevance (activations × gradients at the encoder) or occlusion (each token replaced by padding; xxunk for awd).")
    var method: Method = .ig
    @Option(help: "The class to explain (default: the predicted one).") var target: String?
    @Option(help: "Integration steps for ig.") var steps = 50
    @Option(help: "Tokens in the table.") var top = 10
    @Option(help: "Also write the explanations as an HTML page to this file.") var html: String?
    @Option(help: "Colour the tokens: auto (when the output is a terminal), always or never.") var color: Colour = .auto
    @Flag(help: "Show fastai's raw tokens (xxbos xxmaj …) instead of the text as written, with each marker's score merged into its word.")
    var rawTokens = false

    func validate() throws {
        guard !texts.isEmpty else { throw ValidationError("give at least one text to explain") }
        guard steps > 0, top > 0 else { throw ValidationError("--steps and --top must be positive, got \(steps) and \(top)") }
    }

    func run() throws {
        let classifier = try TrainedClassifier(contentsOf: URL(fileURLWithPath: model))
        let targetIndex = try target.map { label in
            guard let index = classifier.labels.classes.firstIndex(of: label) else {
                throw CommandError("unknown --target \(quotedForMessage(label)): the classes are \(quotedListForMessage(classifier.labels.classes))")
            }
            return index
        }
        let coloured = color == .always || (color == .auto && isatty(STDOUT_FILENO) == 1)
        var records: [ExplanationRecord] = []
        for text in texts {
            let scored = explain(text, with: classifier, target: targetIndex)
            let record = rawTokens ? scored : scored.readable()
            print("\n\(record.predictedLabel) (\(String(format: "%.3f", record.predictedProbability))), explaining \(record.attributionLabel) by \(method.rawValue):")
            print(coloured ? attributionANSI(record) : record.tokens.joined(separator: " "))
            print(topTokensTable(record, k: top))
            records.append(record)
        }
        if let html {
            try Data(attributionHTML(records, title: "Which words decided the prediction (\(method.rawValue))").utf8)
                .write(to: URL(fileURLWithPath: html), options: .atomic)
            print("\nWrote \(html)")
        }
    }

    /// One text's per-token scores for `target` (the predicted class when nil).
    func explain(_ text: String, with classifier: TrainedClassifier, target: Int?) -> ExplanationRecord {
        let model = classifier.model
        let (tokens, encoded) = classifier.encode(text)
        let ids = model.padded(encoded)
        let shown = tokens + Array(repeating: SpecialTokens.padding, count: ids.count - tokens.count)
        let probabilities = model.probabilities([encoded])[0]
        let predicted = PredictCommand.mostLikely(probabilities)
        let explained = target ?? predicted
        let batch = IntTensor([ids])
        let forward = { (ids: IntTensor) in model(ids, lengths: Array(repeating: ids.shape[1], count: ids.shape[0])) }
        let reference = classifier.referenceID
        // An AWD-LSTM reads a long text in chunks; every token's attribution needs the gradient to
        // cross the chunk boundaries.
        model.awd?.encoder.carriesGradientsAcrossChunks = true
        let scores: [Float], completeness: Completeness?
        switch method {
        case .ig:
            let attributions = layerIntegratedGradients(layer: model.attributionLayer, ids: batch, baselineIDs: tokenReference(like: batch, referenceID: reference),
                                                        targets: [explained], steps: steps, internalBatchSize: 64, model: forward)
            (scores, completeness) = (attributions.perToken.scalars, attributions.completeness[0])
        case .relevance:
            (scores, completeness) = (hookRelevance(of: model.relevanceLayer, lengths: [ids.count], targets: [explained]) { forward(batch) }[0], nil)
        case .occlusion:
            (scores, completeness) = (occlusion(ids: batch, paddingID: reference, targets: [explained], model: forward).scalars, nil)
        }
        let classes = classifier.labels.classes
        return ExplanationRecord(tokens: shown, attributions: scores, predictedLabel: classes[predicted], predictedProbability: probabilities[predicted],
                                 attributionLabel: classes[explained], completeness: completeness)
    }
}
