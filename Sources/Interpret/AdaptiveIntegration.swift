import Autograd
import Tensor

/// Adaptive path sampling for Integrated Gradients (beyond Captum, whose grids are fixed): the path
/// from the baseline to the input is cut into intervals, each integrated with Gauss–Legendre points,
/// and the intervals where the integral is least exact are halved until the attributions add up.
///
/// How exact an interval is can be measured, not guessed: along the path, the gradient's component
/// in the path's direction integrates to the change of the output, so on each interval `[a, b]`
/// `(x − x′) · ∫ₐᵇ ∂F/∂x dα` must equal `F(x_b) − F(x_a)`, and the difference is that interval's
/// share of the completeness gap. Where the output rises steeply in a tiny part of the path — which
/// fixed grids of thousands of points can miss — the splitting concentrates the points there.
public struct AdaptiveIntegration: Sendable {
    /// Stop when the intervals' gaps, in absolute value, sum to at most this share of
    /// `|F(x) − F(x′)|` (a stricter test than the total gap, whose parts may cancel).
    public var tolerance: Float
    /// The most model evaluations (rows run forward and backward) per example.
    public var maximumEvaluations: Int
    /// Gauss–Legendre points per interval.
    public var pointsPerInterval: Int
    /// How many of the worst intervals are halved per round (their points run as one batch).
    public var splitsPerRound: Int

    public init(tolerance: Float = 0.01, maximumEvaluations: Int = 2_000, pointsPerInterval: Int = 8, splitsPerRound: Int = 4) {
        strandPrecondition(tolerance > 0 && maximumEvaluations > 0 && pointsPerInterval > 0 && splitsPerRound > 0,
                           "AdaptiveIntegration: tolerance, maximumEvaluations, pointsPerInterval and splitsPerRound must be positive")
        (self.tolerance, self.maximumEvaluations, self.pointsPerInterval, self.splitsPerRound) = (tolerance, maximumEvaluations, pointsPerInterval, splitsPerRound)
    }
}

/// An adaptive Integrated Gradients result: the attributions with their completeness, and per
/// example how many evaluations it took and whether the tolerance was reached within the budget.
public struct AdaptiveAttributions: Sendable {
    public let attributions: Attributions
    public let evaluations: [Int]
    public let reachedTolerance: [Bool]
}

/// One interval of the path: where it lies, the target output at its ends, its integral of the
/// gradient, and its completeness gap.
private struct PathInterval {
    let start: Double, end: Double
    let startOutput: Float, endOutput: Float
    let integral: Tensor
    let gap: Float
}

/// The adaptive path integral for each example: `evaluate(points, example)` runs `[N, …]` points
/// of that example's path and returns its target output and the output's gradient at each.
func adaptivePathIntegrals(difference: Tensor, baseline: Tensor, settings: AdaptiveIntegration,
                           evaluate: (Tensor, Int) -> (outputs: [Float], gradients: Tensor)) -> AdaptiveAttributions {
    var values: [Tensor] = [], completeness: [Completeness] = [], evaluations: [Int] = [], reached: [Bool] = []
    // The path keeps the closure only while this call runs.
    withoutActuallyEscaping(evaluate) { evaluate in
        for example in 0..<difference.shape[0] {
            let rows = example..<(example + 1)
            var path = AdaptivePath(difference: difference.slice(axis: 0, rows), baseline: baseline.slice(axis: 0, rows), settings: settings) {
                evaluate($0, example)
            }
            let (integral, outputChange) = path.integrate()
            let attributions = path.difference * integral
            values.append(attributions)
            completeness.append(Completeness(delta: attributions.sum().item - outputChange, outputChange: outputChange))
            evaluations.append(path.evaluations)
            reached.append(path.withinTolerance(outputChange: outputChange))
        }
    }
    return AdaptiveAttributions(attributions: Attributions(values: Tensor.concatenate(values), completeness: completeness),
                                evaluations: evaluations, reachedTolerance: reached)
}

/// One example's path `x′ + α(x − x′)` being integrated.
private struct AdaptivePath {
    let difference: Tensor, baseline: Tensor
    let settings: AdaptiveIntegration
    let evaluate: (Tensor) -> (outputs: [Float], gradients: Tensor)
    /// Each interval's Gauss–Legendre points and weights on [0, 1].
    let rule: (alphas: [Double], weights: [Double])
    var intervals: [PathInterval] = []
    var evaluations = 0

    init(difference: Tensor, baseline: Tensor, settings: AdaptiveIntegration, evaluate: @escaping (Tensor) -> (outputs: [Float], gradients: Tensor)) {
        (self.difference, self.baseline, self.settings, self.evaluate) = (difference, baseline, settings, evaluate)
        rule = IntegrationMethod.gaussLegendre.points(steps: settings.pointsPerInterval)
    }

    func point(_ alpha: Double) -> Tensor { baseline + difference * Float(alpha) }

    /// Splits until within tolerance or out of budget; returns `∫₀¹ ∂F/∂x dα` and `F(x) − F(x′)`.
    mutating func integrate() -> (integral: Tensor, outputChange: Float) {
        let edges = [0, 0.25, 0.5, 0.75, 1.0]
        let outputs = run(edges.map(point)).outputs
        intervals = measure(zip(edges, edges.dropFirst()).map { ($0, $1) }, outputsAt: Dictionary(uniqueKeysWithValues: zip(edges, outputs)))
        let outputChange = outputs[edges.count - 1] - outputs[0]
        while !withinTolerance(outputChange: outputChange), evaluations < settings.maximumEvaluations {
            let worst = intervals.indices.sorted { Swift.abs(intervals[$0].gap) > Swift.abs(intervals[$1].gap) }.prefix(settings.splitsPerRound)
            let halves = worst.flatMap { index -> [(Double, Double)] in
                let middle = (intervals[index].start + intervals[index].end) / 2
                return [(intervals[index].start, middle), (middle, intervals[index].end)]
            }
            var outputsAt = [Double: Float]()
            for index in worst { (outputsAt[intervals[index].start], outputsAt[intervals[index].end]) = (intervals[index].startOutput, intervals[index].endOutput) }
            let middles = worst.map { (intervals[$0].start + intervals[$0].end) / 2 }
            for (middle, output) in zip(middles, run(middles.map(point)).outputs) { outputsAt[middle] = output }
            let replaced = Set(worst)
            intervals = intervals.indices.filter { !replaced.contains($0) }.map { intervals[$0] } + measure(halves, outputsAt: outputsAt)
        }
        return (intervals.map(\.integral).reduce(Tensor.zeros(difference.shape), +), outputChange)
    }

    /// Whether the intervals' absolute gaps sum to at most the tolerance's share of the change.
    func withinTolerance(outputChange: Float) -> Bool {
        intervals.reduce(0) { $0 + Swift.abs($1.gap) } <= settings.tolerance * Swift.abs(outputChange)
    }

    /// Integrates each interval with the Gauss–Legendre points (all intervals in one batch) and
    /// measures its gap against the outputs at its ends.
    mutating func measure(_ spans: [(Double, Double)], outputsAt: [Double: Float]) -> [PathInterval] {
        let (alphas, weights) = rule
        let points = spans.flatMap { start, end in alphas.map { point(start + (end - start) * $0) } }
        let gradients = run(points).gradients
        return spans.enumerated().map { index, span in
            var integral = Tensor.zeros(difference.shape)
            for (offset, weight) in weights.enumerated() {
                let row = index * weights.count + offset
                integral += gradients.slice(axis: 0, row..<(row + 1)) * Float(weight * (span.1 - span.0))
            }
            let change = outputsAt[span.1]! - outputsAt[span.0]!
            return PathInterval(start: span.0, end: span.1, startOutput: outputsAt[span.0]!, endOutput: outputsAt[span.1]!,
                                integral: integral, gap: (difference * integral).sum().item - change)
        }
    }

    /// Runs the model on the points (one batch) and counts them.
    mutating func run(_ points: [Tensor]) -> (outputs: [Float], gradients: Tensor) {
        evaluations += points.count
        return evaluate(Tensor.concatenate(points))
    }
}
