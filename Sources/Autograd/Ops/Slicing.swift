// Taking parts of a variable and putting variables together. The gradient of a part is the
// output gradient padded with zeros back to the whole; the gradient of a whole is cut into parts.

import Tensor

extension Variable {
    /// The elements whose index along `axis` lies in `range`.
    public func slice(axis: Int, _ range: Range<Int>) -> Variable {
        let axis = axis < 0 ? axis + rank : axis
        let size = shape.indices.contains(axis) ? shape[axis] : 0
        return Variable.record("slice", [self], value.slice(axis: axis, range)) { g in
            [g.padded(axis: axis, before: range.lowerBound, after: size - range.upperBound)]
        }
    }

    /// The sub-variable at `index` along `axis`, with that axis removed.
    public func select(axis: Int, index: Int) -> Variable {
        let axis = axis < 0 ? axis + rank : axis
        let size = shape.indices.contains(axis) ? shape[axis] : 0
        let start = index < 0 ? index + size : index
        return slice(axis: axis, start..<(start + 1)).squeezed(axis: axis)
    }

    /// The sub-variable at `index` along the first axis.
    public subscript(index: Int) -> Variable { select(axis: 0, index: index) }

    /// The rows in `range` along the first axis.
    public subscript(range: Range<Int>) -> Variable { slice(axis: 0, range) }

    /// `variables` joined along `axis`.
    public static func concatenate(_ variables: [Variable], axis: Int = 0) -> Variable {
        let result = Tensor.concatenate(variables.map(\.value), axis: axis)
        let resolved = axis < 0 ? axis + result.rank : axis
        let sizes = variables.map { $0.shape[resolved] }
        return record("concatenate", variables, result) { g in g.split(sizes: sizes, axis: resolved) }
    }

    /// `variables` of one shape stacked along a new axis.
    public static func stack(_ variables: [Variable], axis: Int = 0) -> Variable {
        strandPrecondition(!variables.isEmpty, "stack: needs at least one variable")
        let resolved = axis < 0 ? axis + variables[0].rank + 1 : axis
        return concatenate(variables.map { $0.unsqueezed(axis: resolved) }, axis: resolved)
    }

    /// Consecutive pieces along `axis` with the given sizes: one operation with a piece per
    /// output, whose backward joins the pieces' gradients (zeros only for pieces that got none).
    public func split(sizes: [Int], axis: Int = 0) -> [Variable] {
        let axis = axis < 0 ? axis + rank : axis
        strandPrecondition(sizes.reduce(0, +) == shape[axis], "split: sizes \(sizes) do not add up to \(shape[axis]), the size of axis \(axis) of \(shape)")
        let pieces = value.split(sizes: sizes, axis: axis)
        return Variable.record("split", [self], outputs: pieces) { gradients, _ in
            [Tensor.concatenate(zip(gradients, pieces).map { gradient, piece in gradient ?? Tensor.zeros(piece.shape) }, axis: axis)]
        }
    }

    /// At most `parts` nearly equal pieces along `axis`, as `torch.chunk` cuts them.
    public func chunked(_ parts: Int, axis: Int = 0) -> [Variable] {
        split(sizes: value.chunked(parts, axis: axis).map { $0.shape[axis < 0 ? axis + rank : axis] }, axis: axis)
    }

    /// This variable with `before` and `after` elements of `value` added around `axis`.
    public func padded(axis: Int, before: Int, after: Int, value fill: Float = 0) -> Variable {
        let axis = axis < 0 ? axis + rank : axis
        let size = shape.indices.contains(axis) ? shape[axis] : 0
        return Variable.record("pad", [self], value.padded(axis: axis, before: before, after: after, value: fill)) { g in
            [g.slice(axis: axis, before..<(before + size))]
        }
    }
}
