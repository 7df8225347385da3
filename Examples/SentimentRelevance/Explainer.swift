import Foundation
import Strand

/// One review explained two ways: notebook 000's hook relevance on the encoder's outputs and
/// Layer Integrated Gradients on the embedding (pad baseline; 50 Gauss–Legendre steps, 500 to show
/// the convergence delta shrink, and the adaptive path sampling that adds points until the
/// attributions add up to within 1 %), with the completeness verdict of each.
struct Explanation {
    let tokens: [String]
    let probabilities: [Float]
    let target: Int
    let relevance: [Float]
    let integratedGradients: [Float]
    let completeness: (fifty: Completeness, fiveHundred: Completeness, adaptive: Completeness)
    /// The model evaluations the adaptive integration needed.
    let adaptiveEvaluations: Int
    let record: ExplanationRecord

    static let classNames = ["negative", "positive"]

    /// Positions of the ten highest scores, highest first.
    static func topPositions(_ scores: [Float]) -> [Int] { Array(scores.indices.sorted { scores[$0] > scores[$1] }.prefix(10)) }

    func report(title: String) -> String {
        func top(_ scores: [Float]) -> String {
            Self.topPositions(scores).map { String(format: "%@ (%.3f)", tokens[$0], scores[$0]) }.joined(separator: ", ")
        }
        return """

            == \(title): P(negative) = \(String(format: "%.3f", probabilities[0])), P(positive) = \(String(format: "%.3f", probabilities[1])); explaining "\(Self.classNames[target])"
            \(tokens.prefix(40).joined(separator: " "))\(tokens.count > 40 ? " …" : "")
            top-10 by hook relevance:        \(top(relevance))
            top-10 by Layer IG (50 steps):   \(top(integratedGradients))
            Layer IG with 50 steps:  \(completeness.fifty.verdict())
            Layer IG with 500 steps: \(completeness.fiveHundred.verdict())
            Layer IG, adaptive:      \(completeness.adaptive.verdict(tolerance: 0.01)) (\(adaptiveEvaluations) evaluations)
            """
    }

    var summary: [String: Any] {
        func top(_ scores: [Float]) -> [[String: Any]] {
            Self.topPositions(scores).map { ["token": tokens[$0], "position": $0, "score": scores[$0]] }
        }
        return ["probabilities": probabilities, "target": Self.classNames[target], "hook_relevance_top10": top(relevance),
                "layer_ig_top10": top(integratedGradients), "completeness_50_steps": Self.summary(completeness.fifty),
                "completeness_500_steps": Self.summary(completeness.fiveHundred),
                "completeness_adaptive": Self.summary(completeness.adaptive).merging(["evaluations": adaptiveEvaluations]) { $1 }]
    }

    static func summary(_ completeness: Completeness) -> [String: Any] {
        ["delta": completeness.delta, "output_change": completeness.outputChange, "relative_error": completeness.relativeError,
         "complete": completeness.holds(), "verdict": completeness.verdict()]
    }
}

struct Explainer {
    let model: ReviewClassifier
    let data: ReviewData

    func explain(_ ids: [Int], target: Int, trueLabel: Int) -> Explanation {
        let batch = IntTensor([ids])
        let lengths = [ids.count]
        let forward = { (ids: IntTensor) in model(ids, lengths: Array(repeating: ids.shape[1], count: ids.shape[0])) }
        let probabilities = withoutGradients { forward(batch) }.value.softmax(axis: 1).scalars
        let relevance = hookRelevance(of: model.encoder, lengths: lengths, targets: [target]) { forward(batch) }[0]
        let baseline = tokenReference(like: batch, referenceID: 1)
        let fifty = layerIntegratedGradients(layer: model.embedding, ids: batch, baselineIDs: baseline, targets: [target], steps: 50,
                                             internalBatchSize: 100, model: forward)
        let fiveHundred = layerIntegratedGradients(layer: model.embedding, ids: batch, baselineIDs: baseline, targets: [target], steps: 500,
                                                   internalBatchSize: 100, model: forward)
        let adaptive = layerIntegratedGradients(layer: model.embedding, ids: batch, baselineIDs: baseline, targets: [target],
                                                adaptive: AdaptiveIntegration(tolerance: 0.01), model: forward)
        let tokens = data.tokens(ids)
        let integrated = fifty.perToken.scalars
        let predicted = probabilities[1] > probabilities[0] ? 1 : 0
        let record = ExplanationRecord(tokens: tokens, attributions: integrated, trueLabel: Explanation.classNames[trueLabel],
                                       predictedLabel: Explanation.classNames[predicted], predictedProbability: probabilities[predicted],
                                       attributionLabel: Explanation.classNames[target], completeness: fifty.completeness[0])
        return Explanation(tokens: tokens, probabilities: probabilities, target: target, relevance: relevance, integratedGradients: integrated,
                           completeness: (fifty.completeness[0], fiveHundred.completeness[0], adaptive.attributions.completeness[0]),
                           adaptiveEvaluations: adaptive.evaluations[0], record: record)
    }
}
