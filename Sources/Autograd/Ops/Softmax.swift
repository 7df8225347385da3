import Tensor

extension Variable {
    /// Softmax along `axis`. Backward: y ⊙ (g − Σ g ⊙ y).
    public func softmax(axis: Int = -1) -> Variable {
        let y = value.softmax(axis: axis)
        return Variable.record("softmax", [self], y) { g in
            [y * (g - (g * y).sum(axis: axis, keepDims: true))]
        }
    }

    /// log(softmax) along `axis`, computed stably. Backward: g − softmax ⊙ Σ g.
    public func logSoftmax(axis: Int = -1) -> Variable {
        let y = value.logSoftmax(axis: axis)
        return Variable.record("logSoftmax", [self], y) { g in [y.logSoftmaxGradient(g, axis: axis)] }
    }
}
