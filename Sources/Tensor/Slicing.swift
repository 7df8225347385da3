extension Tensor {
    /// The elements whose index along `axis` lies in `range` (a copy), like `x.narrow(axis, …)`.
    ///
    /// - Precondition: `range` lies within the axis.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor { slicedStorage(axis: axis, range) }

    /// The sub-tensor at `index` along `axis`, with that axis removed, like `torch.select`.
    public func select(axis: Int, index: Int) -> Tensor {
        let resolvedAxis = Shape.axis(axis, rank: rank, op: "select")
        let resolvedIndex = requireShapes { () throws(ShapeError) in
            try Shape.checkedIndex(index, axis: resolvedAxis, size: shape[resolvedAxis], op: "select")
        }
        return slice(axis: resolvedAxis, resolvedIndex..<(resolvedIndex + 1)).squeezed(axis: resolvedAxis)
    }

    /// The sub-tensor at `index` along the first axis (negative counts from the end).
    public subscript(index: Int) -> Tensor { select(axis: 0, index: index) }

    /// The rows in `range` along the first axis.
    public subscript(range: Range<Int>) -> Tensor { slice(axis: 0, range) }
}

extension IntTensor {
    /// The elements whose index along `axis` lies in `range` (a copy).
    public func slice(axis: Int, _ range: Range<Int>) -> IntTensor { slicedStorage(axis: axis, range) }

    /// The rows in `range` along the first axis.
    public subscript(range: Range<Int>) -> IntTensor { slice(axis: 0, range) }
}
