// Shape changes: their gradients undo the change.

extension Variable {
    /// The same elements with a new shape (one size may be −1).
    public func reshaped(_ newShape: [Int]) -> Variable {
        let shape = self.shape
        return Variable.record("reshape", [self], value.reshaped(newShape)) { g in [g.reshaped(shape)] }
    }

    /// The axes `startAxis...endAxis` merged into one.
    public func flattened(startAxis: Int = 0, endAxis: Int = -1) -> Variable {
        reshaped(value.flattened(startAxis: startAxis, endAxis: endAxis).shape)
    }

    /// Removes the size-1 axis `axis`, or every size-1 axis when nil.
    public func squeezed(axis: Int? = nil) -> Variable {
        reshaped(value.squeezed(axis: axis).shape)
    }

    /// Inserts a size-1 axis at `axis`.
    public func unsqueezed(axis: Int) -> Variable {
        reshaped(value.unsqueezed(axis: axis).shape)
    }

    /// The axes reordered so axis `i` of the result is axis `order[i]` of this variable.
    public func permuted(_ order: [Int]) -> Variable {
        let resolved = order.map { $0 < 0 ? $0 + rank : $0 }
        var inverse = [Int](repeating: 0, count: resolved.count)
        for (position, axis) in resolved.enumerated() where axis >= 0 && axis < inverse.count { inverse[axis] = position }
        return Variable.record("permute", [self], value.permuted(order)) { g in [g.permuted(inverse)] }
    }

    /// The axes reordered, written as a list.
    public func permuted(_ order: Int...) -> Variable { permuted(order) }

    /// Axes `first` and `second` swapped.
    public func transposed(_ first: Int, _ second: Int) -> Variable {
        Variable.record("transpose", [self], value.transposed(first, second)) { g in [g.transposed(first, second)] }
    }

    /// The last two axes swapped.
    public func transposed() -> Variable { transposed(-2, -1) }

    /// Repeated along broadcast axes to fill `shape`; the gradient is summed back.
    public func expanded(to shape: [Int]) -> Variable {
        let original = self.shape
        return Variable.record("expand", [self], value.expanded(to: shape)) { g in [g.summed(toShape: original)] }
    }
}
