// How a differentiable operation is declared: its forward result and its backward, side by side.

import Tensor

extension Variable {
    /// Records an operation with one output whose backward maps the output gradient to one
    /// gradient per input (nil for none). Inputs that need no gradient get none, whatever it returns.
    ///
    /// ```swift
    /// public func exp(_ x: Variable) -> Variable {
    ///     let y = exp(x.value)
    ///     return Variable.record("exp", [x], y) { g in [g * y] }
    /// }
    /// ```
    /// A backward may return gradients in the broadcast shape; they are summed back to each
    /// input's shape automatically.
    public static func record(_ name: String, _ inputs: [Variable], _ value: Tensor, backward: @escaping (Tensor) -> [Tensor?]) -> Variable {
        record(name, inputs, value) { gradient, _ in backward(gradient) }
    }

    /// Records an operation with one output whose backward also receives a flag per input saying
    /// whether its gradient is needed, so it can skip the work for the others (a product with a
    /// frozen weight, an attribution that wants only the input's gradient).
    public static func record(_ name: String, _ inputs: [Variable], _ value: Tensor,
                              backward: @escaping (_ gradient: Tensor, _ needs: [Bool]) -> [Tensor?]) -> Variable {
        record(name, inputs, outputs: [value]) { gradients, needs in backward(gradients[0]!, needs) }[0]
    }

    /// Records an operation with several outputs. Its backward receives one gradient per output —
    /// nil for an output that no gradient reached (unused, or not on the way to the requested
    /// inputs) — and one "needs" flag per input, and returns one gradient per input, nil where
    /// none is needed. It runs once, after every output's gradient is complete.
    ///
    /// Without gradients to record (inside ``withoutGradients(_:)``, or no input requires them)
    /// the outputs are plain leaves.
    public static func record(_ name: String, _ inputs: [Variable], outputs: [Tensor],
                              backward: @escaping (_ gradients: [Tensor?], _ needs: [Bool]) -> [Tensor?]) -> [Variable] {
        guard recordsGradients(for: inputs) else { return outputs.map { Variable($0) } }
        return Node(name: name, inputs: inputs, backward: backward).makeOutputs(outputs)
    }

    /// Whether an operation on `inputs` is recorded now: gradients are enabled and some input
    /// requires them. Operations that save values only for backward ask this first.
    public static func recordsGradients(for inputs: [Variable]) -> Bool {
        GradMode.isEnabled && inputs.contains(where: \.requiresGrad)
    }
}
