// Gathers and their adjoints, and selection by masks. Indices and masks are constants: only the
// values receive gradients.

import Tensor

extension Variable {
    /// The slices at `indices` along `axis` (an embedding lookup for `axis: 0`).
    /// Backward adds each gradient row back at its index (repeated indices accumulate).
    public func indexSelect(_ indices: IntTensor, axis: Int = 0) -> Variable {
        let shape = self.shape
        return Variable.record("indexSelect", [self], value.indexSelect(indices, axis: axis)) { g in
            var gradient = Tensor.zeros(shape)
            gradient.formIndexAdd(indices, g, axis: axis)
            return [gradient]
        }
    }

    /// This variable with `source`'s slices added at `indices` along `axis`.
    public func indexAdd(_ indices: IntTensor, _ source: Variable, axis: Int = 0) -> Variable {
        Variable.record("indexAdd", [self, source], value.indexAdd(indices, source.value, axis: axis)) { g in
            [g, g.indexSelect(indices, axis: axis)]
        }
    }

    /// Elements picked along `axis` by `indices` of the same rank (`torch.gather`).
    public func gather(axis: Int, _ indices: IntTensor) -> Variable {
        let shape = self.shape
        return Variable.record("gather", [self], value.gather(axis: axis, indices)) { g in
            [g.scatterAdd(into: shape, axis: axis, indices)]
        }
    }

    /// This variable's elements added into zeros of `shape` at `indices` along `axis`.
    public func scatterAdd(into shape: [Int], axis: Int, _ indices: IntTensor) -> Variable {
        Variable.record("scatterAdd", [self], value.scatterAdd(into: shape, axis: axis, indices)) { g in
            [g.gather(axis: axis, indices)]
        }
    }

    /// Elements of `a` where `condition` is non-zero and of `b` elsewhere (broadcasting).
    public static func `where`(_ condition: Tensor, _ a: Variable, _ b: Variable) -> Variable {
        let zero = Tensor(0)
        return record("where", [a, b], Tensor.where(condition, a.value, b.value)) { g in
            [Tensor.where(condition, g, zero), Tensor.where(condition, zero, g)]
        }
    }

    /// This variable with `value` written where `mask` is non-zero; those elements get no gradient.
    public func maskedFill(_ mask: Tensor, value fill: Float) -> Variable {
        Variable.record("maskedFill", [self], value.maskedFill(mask, value: fill)) { g in
            [g.maskedFill(mask, value: 0)]
        }
    }
}
