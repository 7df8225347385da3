// Reductions. The gradient of a reduced axis is the output gradient spread back along it.

import Tensor

extension Tensor {
    /// A gradient of a reduction along `axis` (all axes when nil) brought back to `shape`.
    func spread(alongAxis axis: Int?, keptDims: Bool, to shape: [Int]) -> Tensor {
        guard let axis, !keptDims else {
            return reshaped(axis == nil ? shape.map { _ in 1 } : shape.enumerated().map { $0.offset == axis ? 1 : $0.element })
                .expanded(to: shape)
        }
        return unsqueezed(axis: axis).expanded(to: shape)
    }
}

extension Variable {
    private func resolved(_ axis: Int?) -> Int? {
        axis.map { $0 < 0 ? $0 + rank : $0 }
    }

    /// The sum along `axis`, or of all elements when nil.
    public func sum(axis: Int? = nil, keepDims: Bool = false) -> Variable {
        let shape = self.shape
        let axis = resolved(axis)
        return Variable.record("sum", [self], value.sum(axis: axis, keepDims: keepDims)) { g in
            [g.spread(alongAxis: axis, keptDims: keepDims, to: shape)]
        }
    }

    /// The mean along `axis`, or of all elements when nil.
    public func mean(axis: Int? = nil, keepDims: Bool = false) -> Variable {
        let size = axis.map { shape[resolved($0)!] } ?? value.count
        return sum(axis: axis, keepDims: keepDims) / Float(size)
    }

    /// The variance along `axis` (all elements when nil), dividing by `n − correction`.
    public func variance(axis: Int? = nil, correction: Int = 1, keepDims: Bool = false) -> Variable {
        let size = axis.map { shape[resolved($0)!] } ?? value.count
        let deviations = self - mean(axis: axis, keepDims: true)
        return (deviations * deviations).sum(axis: axis, keepDims: keepDims) / Float(Swift.max(size - correction, 0))
    }

    /// The largest values along `axis` and their indices; the gradient goes to the chosen element.
    public func max(axis: Int, keepDims: Bool = false) -> (values: Variable, indices: IntTensor) {
        extremum(axis: axis, keepDims: keepDims, name: "max") { $0.max(axis: $1, keepDims: true) }
    }

    /// The smallest values along `axis` and their indices; the gradient goes to the chosen element.
    public func min(axis: Int, keepDims: Bool = false) -> (values: Variable, indices: IntTensor) {
        extremum(axis: axis, keepDims: keepDims, name: "min") { $0.min(axis: $1, keepDims: true) }
    }

    private func extremum(axis: Int, keepDims: Bool, name: String,
                          _ reduce: (Tensor, Int) -> (values: Tensor, indices: IntTensor)) -> (values: Variable, indices: IntTensor) {
        let axis = resolved(axis)!
        let shape = self.shape
        let (values, indices) = reduce(value, axis)
        let result = Variable.record(name, [self], keepDims ? values : values.squeezed(axis: axis)) { g in
            [(keepDims ? g : g.unsqueezed(axis: axis)).scatterAdd(into: shape, axis: axis, indices)]
        }
        return (result, keepDims ? indices : indices.reshaped(values.shape.enumerated().filter { $0.offset != axis }.map(\.element)))
    }

    /// The largest element; at ties the gradient is shared evenly, as in PyTorch's `max()`.
    public func max() -> Variable {
        let v = value
        let peak = v.max()
        return Variable.record("max", [self], peak) { g in
            let winners = v .== peak
            return [winners * (g / winners.sum())]
        }
    }

    /// The smallest element; at ties the gradient is shared evenly, as in PyTorch's `min()`.
    public func min() -> Variable {
        -(-self).max()
    }

    /// log Σ exp(x) along `axis`; its gradient is the softmax.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Variable {
        let axis = resolved(axis)!
        let v = value
        let shape = self.shape
        let result = v.logSumExp(axis: axis, keepDims: true)
        return Variable.record("logSumExp", [self], keepDims ? result : result.squeezed(axis: axis)) { g in
            [g.spread(alongAxis: axis, keptDims: keepDims, to: shape) * exp(v - result)]
        }
    }
}
