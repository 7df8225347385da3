import Foundation
import Tensor

/// How Integrated Gradients samples the path from the baseline to the input, as in Captum:
/// points `α_k` in [0, 1] and weights `w_k`, so the path integral is `Σ_k w_k · ∂F/∂x(x′ + α_k(x − x′))`.
public enum IntegrationMethod: Sendable, CaseIterable {
    /// `α_k = k/n`, weights `1/n`.
    case riemannLeft
    /// `α_k = (k+1)/n`, weights `1/n`.
    case riemannRight
    /// `α_k = (k+½)/n`, weights `1/n`.
    case riemannMiddle
    /// `α_k = k/(n−1)`, weights `1/n` halved at both ends — Captum's definition, whose weights sum
    /// to `(n−1)/n`, not 1.
    case riemannTrapezoid
    /// Gauss–Legendre nodes and weights on [−1, 1] mapped to [0, 1]: Captum's default.
    case gaussLegendre

    /// The points and weights for `steps` samples.
    public func points(steps: Int) -> (alphas: [Double], weights: [Double]) {
        strandPrecondition(steps > 1 || self != .riemannTrapezoid, "riemannTrapezoid needs at least 2 steps")
        let n = Double(steps)
        switch self {
        case .riemannLeft: return ((0..<steps).map { Double($0) / n }, Array(repeating: 1 / n, count: steps))
        case .riemannRight: return ((0..<steps).map { Double($0 + 1) / n }, Array(repeating: 1 / n, count: steps))
        case .riemannMiddle: return ((0..<steps).map { (Double($0) + 0.5) / n }, Array(repeating: 1 / n, count: steps))
        case .riemannTrapezoid:
            var weights = Array(repeating: 1 / n, count: steps)
            weights[0] /= 2
            weights[steps - 1] /= 2
            return ((0..<steps).map { Double($0) / (n - 1) }, weights)
        case .gaussLegendre:
            let (nodes, weights) = gaussLegendreRule(steps)
            return (nodes.map { ($0 + 1) / 2 }, weights.map { $0 / 2 })
        }
    }
}

/// Gauss–Legendre nodes (ascending) and weights on [−1, 1], by Newton's method on the Legendre
/// polynomial from Chebyshev starting points (accurate to double precision).
func gaussLegendreRule(_ n: Int) -> (nodes: [Double], weights: [Double]) {
    var nodes = [Double](repeating: 0, count: n), weights = [Double](repeating: 0, count: n)
    for i in 0..<(n + 1) / 2 {
        var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
        var derivative = 0.0
        for _ in 0..<100 {
            var (p0, p1) = (1.0, x)
            for k in stride(from: 2, through: n, by: 1) { (p0, p1) = (p1, ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)) }
            derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
            let step = p1 / derivative
            x -= step
            if abs(step) < 1e-15 { break }
        }
        let weight = 2 / ((1 - x * x) * derivative * derivative)
        nodes[i] = -x; nodes[n - 1 - i] = x
        weights[i] = weight; weights[n - 1 - i] = weight
    }
    return (nodes, weights)
}
