import Foundation

/// Whether a path method's attributions account for what they explain. Integrated Gradients'
/// completeness axiom says they sum to the change of the target output along the path,
/// `Σ attributions = F(x) − F(x′)`; the gap — Captum's convergence delta — measures how far the
/// numerical integral is from exact. A gap that is a large share of the change means the path
/// was not sampled finely enough (the output changes steeply somewhere on it), and the ranking of
/// the tokens is not to be trusted.
public struct Completeness: Sendable, Equatable, Codable {
    /// `Σ attributions − (F(x) − F(x′))` (Captum's `delta`).
    public let delta: Float
    /// `F(x) − F(x′)`: the change the attributions explain.
    public let outputChange: Float

    /// The share of the output change that the gap amounts to, above which attributions are
    /// flagged: 5 %.
    public static let defaultTolerance: Float = 0.05

    public init(delta: Float, outputChange: Float) {
        self.delta = delta
        self.outputChange = outputChange
    }

    /// `|delta| / |F(x) − F(x′)|`; infinite when the output does not change but the attributions
    /// do not sum to zero, 0 when both are zero.
    public var relativeError: Float {
        guard delta != 0 else { return 0 }
        return outputChange == 0 ? .infinity : Swift.abs(delta) / Swift.abs(outputChange)
    }

    /// Whether the gap is within `tolerance` of the output change.
    public func holds(tolerance: Float = defaultTolerance) -> Bool { relativeError <= tolerance }

    /// One line for a person: the gap as a share of the change and, when it is too large, what
    /// that means and what to try.
    public func verdict(tolerance: Float = defaultTolerance) -> String {
        let numbers = String(format: "Σ attributions − (F(x) − F(x′)) = %.3g for a change of %.3g", delta, outputChange)
        let share = relativeError.isFinite ? String(format: "%.1f %%", relativeError * 100) : "all of it"
        let limit = String(format: "%g %%", tolerance * 100)
        if holds(tolerance: tolerance) { return "complete: \(numbers) (\(share), within \(limit))" }
        return "WARNING, incomplete: \(numbers) (\(share), more than \(limit)): the attributions do not account for "
            + "the prediction and their ranking is not meaningful; try more steps or another integration method"
    }
}
