import Tensor

/// One explained example, as Captum's `VisualizationDataRecord` holds it: its tokens and their
/// attributions, the labels and the attribution's total.
public struct ExplanationRecord: Sendable {
    public var tokens: [String]
    /// One per token; the views scale them by their L2 norm (``normalizedByNorm(_:)``).
    public var attributions: [Float]
    public var trueLabel: String?
    public var predictedLabel: String
    public var predictedProbability: Float
    /// The class the attributions explain.
    public var attributionLabel: String
    /// Attribution of tokens the record does not show (the structural markers ``readable()``
    /// hides); 0 for a raw record.
    public var unshownAttribution: Float = 0
    /// Σ attributions, the unshown ones included.
    public var attributionScore: Float { attributions.reduce(0, +) + unshownAttribution }
    /// For path methods: whether the attributions add up to the change they explain. The views
    /// warn when they do not (``Completeness/holds(tolerance:)`` at the default 5 %).
    public var completeness: Completeness?
    /// Captum's convergence delta (``Completeness/delta``).
    public var convergenceDelta: Float? { completeness?.delta }

    public init(tokens: [String], attributions: [Float], trueLabel: String? = nil, predictedLabel: String, predictedProbability: Float,
                attributionLabel: String, completeness: Completeness? = nil) {
        strandPrecondition(tokens.count == attributions.count, "ExplanationRecord: \(tokens.count) tokens but \(attributions.count) attributions")
        self.tokens = tokens
        self.attributions = attributions
        self.trueLabel = trueLabel
        self.predictedLabel = predictedLabel
        self.predictedProbability = predictedProbability
        self.attributionLabel = attributionLabel
        self.completeness = completeness
    }

    /// The `k` tokens with the largest attributions, highest first (position kept for repeats).
    public func topTokens(_ k: Int = 10) -> [(position: Int, token: String, score: Float)] {
        attributions.indices.sorted { attributions[$0] > attributions[$1] }.prefix(k).map { ($0, tokens[$0], attributions[$0]) }
    }
}

/// `values / ‖values‖₂` (unchanged when all are 0): the scaling Captum's text view is fed.
public func normalizedByNorm(_ values: [Float]) -> [Float] {
    let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > 0 ? values.map { $0 / norm } : values
}

/// Captum's colour for an attribution in [−1, 1] (clipped): green hue for positive, red for
/// negative, lightness falling with the magnitude: `hsl(120, 75%, 100 − 50·a%)` or
/// `hsl(0, 75%, 100 − 40·|a|%)`.
public func attributionColor(_ attribution: Float) -> (hue: Int, saturation: Int, lightness: Int) {
    let clipped = Swift.max(-1, Swift.min(1, attribution))
    return clipped > 0 ? (120, 75, 100 - Int(50 * clipped)) : (0, 75, 100 - Int(-40 * clipped))
}
