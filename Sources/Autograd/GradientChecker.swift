import Tensor

/// Checks a differentiable function's gradients against central finite differences.
///
/// The function's output is reduced to the scalar `L = Σ w ⊙ f(x)` with fixed random weights `w`
/// (so a gradient routed to the wrong element cannot cancel out, as it could with a plain sum).
/// Autograd's gradient of `L` is compared, element by element, with
/// `(L(x + h) − L(x − h)) / 2h`, where `L` is accumulated in `Double` and the step
/// `h = step · max(1, |x|)` is large enough that Float32 rounding of `f` stays far below the
/// tolerance, and small enough that the truncation error (∝ h²) does too.
///
/// ```swift
/// let result = GradientChecker.check(at: [Tensor.normal([3, 4])]) { x in tanh(x[0]).sum(axis: 1) }
/// #expect(result.passed, "\(result)")
/// ```
///
/// Inputs should keep away (by more than `h`) from points where the function is not smooth —
/// the kink of `relu` or `abs`, ties of `max`.
public enum GradientChecker {
    /// One element whose analytic and numerical derivatives disagree.
    public struct Mismatch: CustomStringConvertible, Sendable {
        public let input: Int
        public let index: Int
        public let analytic: Double
        public let numerical: Double

        public var description: String {
            "input \(input) element \(index): autograd \(analytic), finite differences \(numerical)"
        }
    }

    /// The outcome of a check.
    public struct Result: CustomStringConvertible, Sendable {
        /// Every element outside the tolerance.
        public let mismatches: [Mismatch]
        /// The largest |analytic − numerical| over all elements.
        public let maximumError: Double

        public var passed: Bool { mismatches.isEmpty }

        public var description: String {
            passed ? "gradients match (max error \(maximumError))"
                : "\(mismatches.count) gradient mismatches (max error \(maximumError)); first: " + mismatches.prefix(5).map(\.description).joined(separator: "; ")
        }
    }

    /// Compares autograd's gradients of `function` at `inputs` with finite differences.
    ///
    /// - Parameters:
    ///   - inputs: the points to check at; each becomes a leaf that requires gradients.
    ///   - step: the relative finite-difference step.
    ///   - absoluteTolerance: the error allowed at any size; an element passes when
    ///     `|analytic − numerical| ≤ absoluteTolerance + relativeTolerance · |numerical|`.
    ///   - relativeTolerance: the error allowed per unit of `|numerical|`, added to
    ///     `absoluteTolerance` (see above).
    ///   - seed: seeds the projection weights `w`.
    ///   - function: the function checked: maps one variable per input to an output of any shape.
    public static func check(
        at inputs: [Tensor],
        step: Double = 1e-3,
        absoluteTolerance: Double = 1e-3,
        relativeTolerance: Double = 1e-2,
        seed: UInt64 = 0,
        _ function: ([Variable]) -> Variable
    ) -> Result {
        let variables = inputs.map { Variable($0, requiresGrad: true) }
        let output = function(variables)
        var generator = RandomGenerator(seed: seed)
        let weights = Tensor.normal(output.shape, using: &generator)
        output.backward(gradient: weights)

        func projectedLoss(_ point: [Tensor]) -> Double {
            let value = withoutGradients { function(point.map { Variable($0) }).value }
            return zip(value.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }

        var mismatches: [Mismatch] = []
        var maximumError = 0.0
        for (inputIndex, input) in inputs.enumerated() {
            let analytic = variables[inputIndex].grad ?? Tensor.zeros(input.shape)
            for element in 0..<input.count {
                let original = input.scalars[element]
                let h = step * Swift.max(1, Double(Swift.abs(original)))
                var point = inputs
                point[inputIndex] = input.replacing(element: element, with: Float(Double(original) + h))
                let forward = projectedLoss(point)
                point[inputIndex] = input.replacing(element: element, with: Float(Double(original) - h))
                let backward = projectedLoss(point)
                // Divide by the step actually taken after rounding to Float.
                let taken = Double(Float(Double(original) + h)) - Double(Float(Double(original) - h))
                let numerical = (forward - backward) / taken
                let error = Swift.abs(Double(analytic.scalars[element]) - numerical)
                maximumError = Swift.max(maximumError, error)
                if error > absoluteTolerance + relativeTolerance * Swift.abs(numerical) {
                    mismatches.append(Mismatch(input: inputIndex, index: element, analytic: Double(analytic.scalars[element]), numerical: numerical))
                }
            }
        }
        return Result(mismatches: mismatches, maximumError: maximumError)
    }
}

extension Tensor {
    /// A copy with one element (row-major position) replaced.
    fileprivate func replacing(element: Int, with newValue: Float) -> Tensor {
        var copy = scalars
        copy[element] = newValue
        return Tensor(shape: shape, scalars: copy)
    }
}
