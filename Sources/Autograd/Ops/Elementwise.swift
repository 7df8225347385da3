// Elementwise functions of one variable, each with its derivative.

import Tensor

/// e^x.
public func exp(_ x: Variable) -> Variable {
    let y = exp(x.value)
    return Variable.record("exp", [x], y) { g in [g * y] }
}

/// The natural logarithm.
public func log(_ x: Variable) -> Variable {
    let v = x.value
    return Variable.record("log", [x], log(v)) { g in [g / v] }
}

/// log(1 + x).
public func log1p(_ x: Variable) -> Variable {
    let v = x.value
    return Variable.record("log1p", [x], log1p(v)) { g in [g / (v + 1)] }
}

/// The square root.
public func sqrt(_ x: Variable) -> Variable {
    let y = sqrt(x.value)
    return Variable.record("sqrt", [x], y) { g in [g * 0.5 / y] }
}

/// The absolute value; its gradient at 0 is 0, as in PyTorch.
public func abs(_ x: Variable) -> Variable {
    let v = x.value
    return Variable.record("abs", [x], abs(v)) { g in [g * ((v .> 0) - (v .< 0))] }
}

/// The hyperbolic tangent.
public func tanh(_ x: Variable) -> Variable {
    let y = tanh(x.value)
    return Variable.record("tanh", [x], y) { g in [g * (1 - y * y)] }
}

/// The logistic sigmoid.
public func sigmoid(_ x: Variable) -> Variable {
    let y = sigmoid(x.value)
    return Variable.record("sigmoid", [x], y) { g in [g * y * (1 - y)] }
}

/// max(x, 0); its gradient at 0 is 0, as in PyTorch.
public func relu(_ x: Variable) -> Variable {
    let v = x.value
    return Variable.record("relu", [x], relu(v)) { g in [g * (v .> 0)] }
}

/// x raised to a constant power.
public func pow(_ x: Variable, _ exponent: Float) -> Variable {
    let v = x.value
    return Variable.record("pow", [x], pow(v, exponent)) { g in [g * exponent * pow(v, exponent - 1)] }
}

/// The larger of each pair (broadcasting); at ties the gradient is split evenly, as in PyTorch.
public func maximum(_ a: Variable, _ b: Variable) -> Variable {
    let (x, y) = (a.value, b.value)
    return Variable.record("maximum", [a, b], maximum(x, y)) { g in
        let share = (x .> y) + (x .== y) * 0.5
        return [g * share, g * (1 - share)]
    }
}

/// The smaller of each pair (broadcasting); at ties the gradient is split evenly, as in PyTorch.
public func minimum(_ a: Variable, _ b: Variable) -> Variable {
    let (x, y) = (a.value, b.value)
    return Variable.record("minimum", [a, b], minimum(x, y)) { g in
        let share = (x .< y) + (x .== y) * 0.5
        return [g * share, g * (1 - share)]
    }
}

extension Variable {
    /// Each element limited to `[min, max]`; the gradient passes where the input lies within the
    /// bounds (inclusive), as in PyTorch.
    public func clamped(min lower: Float? = nil, max upper: Float? = nil) -> Variable {
        let v = value
        return Variable.record("clamp", [self], v.clamped(min: lower, max: upper)) { g in
            var inside = Tensor.ones(v.shape)
            if let lower { inside = inside * (v .>= lower) }
            if let upper { inside = inside * (v .<= upper) }
            return [g * inside]
        }
    }
}
