// Gathering and scattering along an axis: the embedding lookup and its adjoint, and
// `torch.gather` (picking one logit per row) with its adjoint.

extension Shape {
    /// Checks every index against `size`, naming the first bad one.
    static func checkedIndices(_ indices: [Int], axis: Int, size: Int, op: String) throws(ShapeError) {
        for index in indices where index < 0 || index >= size {
            throw ShapeError("\(op): index \(index) is out of range for axis \(axis) of size \(size)")
        }
    }
}

extension Tensor {
    /// The slices at `indices` along `axis`, like `torch.index_select` generalised to any index
    /// shape: the result's shape is `shape[..<axis] + indices.shape + shape[(axis+1)...]`.
    ///
    /// With `axis: 0` on a `[V, D]` table and token ids of shape `[B, T]` this is the embedding
    /// lookup, giving `[B, T, D]`.
    ///
    /// - Precondition: every index lies in `0..<shape[axis]`.
    public func indexSelect(_ indices: IntTensor, axis: Int = 0) -> Tensor {
        let resolved = Shape.axis(axis, rank: rank, op: "indexSelect")
        let (outer, size, inner) = Shape.split(shape, at: resolved)
        requireShapes { () throws(ShapeError) in try Shape.checkedIndices(indices.scalars, axis: resolved, size: size, op: "indexSelect") }
        let outputShape = Array(shape[..<resolved]) + indices.shape + Array(shape[(resolved + 1)...])
        let picks = indices.scalars
        return Tensor(shape: outputShape) { output in
            scalars.withUnsafeBufferPointer { input in
                Parallel.forEachChunk(count: outer * picks.count, costPerElement: inner) { range in
                    for position in range {
                        let (o, i) = position.quotientAndRemainder(dividingBy: picks.count)
                        (output.baseAddress! + position * inner)
                            .initialize(from: input.baseAddress! + (o * size + picks[i]) * inner, count: inner)
                    }
                }
            }
        }
    }

    /// This tensor with the slices of `source` added at `indices` along `axis`: the adjoint of
    /// ``indexSelect(_:axis:)`` (an embedding's gradient). Repeated indices accumulate.
    ///
    /// - Precondition: `source` has shape `shape[..<axis] + indices.shape + shape[(axis+1)...]`.
    public func indexAdd(_ indices: IntTensor, _ source: Tensor, axis: Int = 0) -> Tensor {
        var result = self
        result.formIndexAdd(indices, source, axis: axis)
        return result
    }

    /// Adds the slices of `source` at `indices` along `axis`, in place (no copy when this tensor's
    /// buffer is not shared): how a gradient table is accumulated.
    public mutating func formIndexAdd(_ indices: IntTensor, _ source: Tensor, axis: Int = 0) {
        let resolved = Shape.axis(axis, rank: rank, op: "indexAdd")
        let (outer, size, inner) = Shape.split(shape, at: resolved)
        let expected = Array(shape[..<resolved]) + indices.shape + Array(shape[(resolved + 1)...])
        strandPrecondition(source.shape == expected,
                           "indexAdd: source has shape \(Shape.describe(source.shape)) but indices \(Shape.describe(indices.shape)) into \(Shape.describe(shape)) along axis \(resolved) need \(Shape.describe(expected))")
        requireShapes { () throws(ShapeError) in try Shape.checkedIndices(indices.scalars, axis: resolved, size: size, op: "indexAdd") }
        let picks = indices.scalars
        withUnsafeMutableBufferPointer { output in
            source.withUnsafeBufferPointer { input in
                for o in 0..<outer {
                    for (i, pick) in picks.enumerated() {
                        let target = output.baseAddress! + (o * size + pick) * inner
                        let row = input.baseAddress! + (o * picks.count + i) * inner
                        for j in 0..<inner { target[j] += row[j] }
                    }
                }
            }
        }
    }

    /// Elements picked along `axis` by `indices` of the same rank, like `torch.gather`:
    /// for `axis: 1`, `result[i][j] = self[i][indices[i][j]]`.
    ///
    /// - Precondition: `indices` matches this shape on every axis but `axis`, and its values are in range.
    public func gather(axis: Int, _ indices: IntTensor) -> Tensor {
        let (resolved, picked) = checkedGather(axis: axis, indices, op: "gather")
        let (outer, size, inner) = Shape.split(shape, at: resolved)
        return Tensor(shape: indices.shape) { output in
            scalars.withUnsafeBufferPointer { input in
                for o in 0..<outer {
                    for k in 0..<picked {
                        for j in 0..<inner {
                            let position = (o * picked + k) * inner + j
                            output[position] = input[(o * size + indices.scalars[position]) * inner + j]
                        }
                    }
                }
            }
        }
    }

    /// A tensor of `shape` with `self`'s elements added at the positions `indices` names along
    /// `axis`: the adjoint of ``gather(axis:_:)`` (PyTorch's `scatter_add` into zeros).
    public func scatterAdd(into shape: [Int], axis: Int, _ indices: IntTensor) -> Tensor {
        let target = Tensor.zeros(shape)
        let (resolved, picked) = target.checkedGather(axis: axis, indices, op: "scatterAdd")
        strandPrecondition(self.shape == indices.shape, "scatterAdd: values of shape \(Shape.describe(self.shape)) do not match indices of shape \(Shape.describe(indices.shape))")
        let (outer, size, inner) = Shape.split(shape, at: resolved)
        var result = target
        result.withUnsafeMutableBufferPointer { output in
            for o in 0..<outer {
                for k in 0..<picked {
                    for j in 0..<inner {
                        let position = (o * picked + k) * inner + j
                        output[(o * size + indices.scalars[position]) * inner + j] += scalars[position]
                    }
                }
            }
        }
        return result
    }

    /// Validates gather-style indices; returns the resolved axis and the number picked along it.
    private func checkedGather(axis: Int, _ indices: IntTensor, op: String) -> (axis: Int, picked: Int) {
        let resolved = Shape.axis(axis, rank: rank, op: op)
        var expected = shape
        expected[resolved] = indices.rank == rank ? indices.shape[resolved] : -1
        strandPrecondition(indices.shape == expected,
                           "\(op): indices of shape \(Shape.describe(indices.shape)) must match \(Shape.describe(shape)) on every axis but \(resolved)")
        requireShapes { () throws(ShapeError) in try Shape.checkedIndices(indices.scalars, axis: resolved, size: shape[resolved], op: op) }
        return (resolved, indices.shape[resolved])
    }
}
