// The activation functions PyTorch users reach for beyond relu, tanh and sigmoid, each written
// as its value and its derivative at one element, with PyTorch's definitions: the same
// thresholds, the same choices at the kinks, the same approximations.

import Foundation
import Tensor

/// Which GELU: the exact x·Φ(x), or PyTorch's `approximate="tanh"` form.
public enum GELUApproximation: Sendable {
    case none
    case tanh
}

/// GELU, x·Φ(x) with Φ the standard normal distribution function, like `torch.nn.functional.gelu`.
public func gelu(_ x: Variable, approximate: GELUApproximation = .none) -> Variable {
    switch approximate {
    case .none:
        let inverseRootTwo: Float = 1 / Float(2).squareRoot(), inverseRootTwoPi: Float = 1 / (2 * Float.pi).squareRoot()
        // Φ(x) as erfc(−x/√2)/2 rather than (1 + erf(x/√2))/2: no cancellation for negative x.
        return x.elementwise("gelu", { (x: Float) -> Float in 0.5 * x * erfc(-x * inverseRootTwo) }) { (x: Float) -> Float in
            let distribution: Float = 0.5 * erfc(-x * inverseRootTwo)
            let density: Float = exp(-0.5 * x * x) * inverseRootTwoPi
            return distribution + x * density
        }
    case .tanh:
        // 0.5·(1 + tanh u) written as σ(2u), and 1 − tanh u as 2σ(−2u): no cancellation for negative x.
        let scale: Float = (2 / Float.pi).squareRoot(), cubic: Float = 0.044715
        let argument = { (x: Float) -> Float in 2 * scale * (x + cubic * x * x * x) }
        return x.elementwise("gelu_tanh", { (x: Float) -> Float in x / (1 + exp(-argument(x))) }) { (x: Float) -> Float in
            let s: Float = 1 / (1 + exp(-argument(x))), complement: Float = 1 / (1 + exp(argument(x)))
            return s + 2 * x * s * complement * scale * (1 + 3 * cubic * x * x)
        }
    }
}

/// SiLU (swish), x·σ(x), like `torch.nn.functional.silu`.
public func silu(_ x: Variable) -> Variable {
    x.elementwise("silu", { x in x / (1 + exp(-x)) }) { x in
        let s = 1 / (1 + exp(-x))
        return s * (1 + x * (1 - s))
    }
}

/// x where x > 0, `negativeSlope`·x elsewhere, like `torch.nn.functional.leaky_relu`; the
/// gradient at 0 is `negativeSlope`, as in PyTorch.
public func leakyReLU(_ x: Variable, negativeSlope: Float = 0.01) -> Variable {
    x.elementwise("leaky_relu", { x in x > 0 ? x : negativeSlope * x }) { x in x > 0 ? 1 : negativeSlope }
}

/// x where x > 0, α(eˣ − 1) elsewhere, like `torch.nn.functional.elu`.
public func elu(_ x: Variable, alpha: Float = 1) -> Variable {
    x.elementwise("elu", { x in x > 0 ? x : alpha * (exp(x) - 1) }) { x in x > 0 ? 1 : alpha * exp(x) }
}

/// log(1 + e^{βx}) / β, and x itself where βx > `threshold` (where the two agree to float
/// precision and the exponential would overflow), like `torch.nn.functional.softplus`.
public func softplus(_ x: Variable, beta: Float = 1, threshold: Float = 20) -> Variable {
    x.elementwise("softplus", { x in x * beta > threshold ? x : log1p(exp(x * beta)) / beta }) { x in
        guard x * beta <= threshold else { return 1 }
        let z = exp(x * beta)
        return z / (z + 1)
    }
}

/// x limited to [`min`, `max`], like `torch.nn.functional.hardtanh`. Unlike ``Variable/clamped(min:max:)``
/// the gradient is 0 at the bounds themselves, as in PyTorch's `hardtanh_backward`.
public func hardtanh(_ x: Variable, min lower: Float = -1, max upper: Float = 1) -> Variable {
    strandPrecondition(lower < upper, "hardtanh: min \(lower) must be below max \(upper)")
    return x.elementwise("hardtanh", { x in Swift.min(Swift.max(x, lower), upper) }) { x in x > lower && x < upper ? 1 : 0 }
}

/// log σ(x) = −softplus(−x), computed as min(x, 0) − log(1 + e^{−|x|}) so that it stays finite for
/// large |x|, like `torch.nn.functional.logsigmoid`.
public func logSigmoid(_ x: Variable) -> Variable {
    x.elementwise("log_sigmoid", { x in Swift.min(x, 0) - log1p(exp(-Swift.abs(x))) }) { x in 1 / (1 + exp(x)) }
}

extension Variable {
    /// `value` applied to each element, recorded with `derivative` (of the input element) for
    /// the backward pass: the gradient is `g · derivative(x)`.
    func elementwise(_ name: String, _ value: (Float) -> Float, derivative: @escaping (Float) -> Float) -> Variable {
        let input = self.value
        let output = Tensor(shape: input.shape, scalars: input.scalars.map(value))
        return Variable.record(name, [self], output) { g in
            [g * Tensor(shape: input.shape, scalars: input.scalars.map(derivative))]
        }
    }
}
