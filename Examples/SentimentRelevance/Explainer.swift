import Foundation
import Strand

/// One review explained two ways: notebook 000's hook relevance on the encoder's outputs and
/// Layer Integrated Gradients on the embedding (`xxunk` baseline; 50 Gauss–Legendre steps, 500 to
/// show the convergence delta shrink, and the adaptive path sampling that adds points until the
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

    /// A token as one line of the terminal shows it: fastai turns `<br />` into a newline token.
    static func printable(_ token: String) -> String { token.replacingOccurrences(of: "\n", with: "\\n") }

    func report(title: String) -> String {
        let tokens = self.tokens.map(Self.printable)
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
        let table = tokens.indices.map { ["position": $0, "token": tokens[$0], "hook_relevance": relevance[$0], "layer_ig": integratedGradients[$0]] as [String: Any] }
        return ["probabilities": probabilities, "target": Self.classNames[target], "tokens": table, "hook_relevance_top10": top(relevance),
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
    let model: AWDLSTMClassifier
    let data: ReviewData

    /// An explainer of `model`, whose encoder then lets gradients cross its chunk boundaries: a
    /// review longer than one chunk is attributed to all its tokens, not only its last chunk's.
    init(model: AWDLSTMClassifier, data: ReviewData) {
        (self.model, self.data) = (model, data)
        model.encoder.carriesGradientsAcrossChunks = true
    }

    private func logits(_ ids: IntTensor) -> Variable { model(ids).logits }

    /// Notebook 000's relevance: the reviews padded into one batch, hooks on the encoder, each
    /// review's `targets` logit back-propagated. The notebook pads the shorter review at its end by
    /// hand; fastai's classifier head reads each review's last token from the final chunk, which
    /// that layout fills with padding when a review is more than one chunk shorter, so the batch is
    /// padded as fastai's own loaders pad it (whole chunks of padding first, longest review first).
    /// Also returns the largest change any score shows against the same review explained alone —
    /// padding must change nothing.
    func relevance(of reviews: [[Int]], targets: [Int]) -> (scores: [[Float]], largestChangeFromPadding: Float) {
        let order = reviews.indices.sorted { reviews[$0].count > reviews[$1].count }
        let batch = PaddedBatch(chunkPadding: order.map { reviews[$0] }, paddingIndex: model.encoder.paddingIndex, chunkLength: model.encoder.bptt)
        let batched = hookRelevance(of: model.encoder, tokens: batch.tokenRanges, targets: order.map { targets[$0] }) { logits(batch.ids) }
        var scores = [[Float]](repeating: [], count: reviews.count)
        for (row, review) in order.enumerated() { scores[review] = batched[row] }
        let alone = zip(reviews, targets).map { ids, target in
            hookRelevance(of: model.encoder, lengths: [ids.count], targets: [target]) { logits(IntTensor([ids])) }[0]
        }
        let change = zip(scores, alone).flatMap { zip($0, $1).map { Swift.abs($0 - $1) } }.max() ?? 0
        return (scores, change)
    }

    /// One review's probabilities and Layer Integrated Gradients on the embedding (`xxunk`
    /// baseline: the encoder masks padding out, so a padding baseline would not be a neutral
    /// input), beside its `relevance`.
    func explain(_ ids: [Int], target: Int, trueLabel: Int, relevance: [Float]) -> Explanation {
        let batch = IntTensor([ids])
        let probabilities = withoutGradients { logits(batch) }.value.softmax(axis: 1).scalars
        let layer = model.encoder.module.encoderDp
        let baseline = tokenReference(like: batch, referenceID: data.vocabulary.unknownID)
        let fifty = layerIntegratedGradients(layer: layer, ids: batch, baselineIDs: baseline, targets: [target], steps: 50,
                                             internalBatchSize: 50, model: logits)
        let fiveHundred = layerIntegratedGradients(layer: layer, ids: batch, baselineIDs: baseline, targets: [target], steps: 500,
                                                   internalBatchSize: 50, model: logits)
        let adaptive = layerIntegratedGradients(layer: layer, ids: batch, baselineIDs: baseline, targets: [target],
                                                adaptive: AdaptiveIntegration(tolerance: 0.01), model: logits)
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
