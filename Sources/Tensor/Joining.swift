extension Tensor {
    /// `tensors` joined along `axis`; all other sizes must agree, like `torch.cat`.
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) -> Tensor { concatenatedStorage(tensors, axis: axis) }

    /// `tensors` of one shape stacked along a new axis `axis`, like `torch.stack`.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        strandPrecondition(!tensors.isEmpty, "stack: needs at least one tensor")
        let resolved = Shape.axis(axis, rank: tensors[0].rank + 1, op: "stack")
        return concatenate(tensors.map { $0.unsqueezed(axis: resolved) }, axis: resolved)
    }

    /// Consecutive pieces along `axis` with the given sizes, which must add up to the axis size.
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let resolved = Shape.axis(axis, rank: rank, op: "split")
        strandPrecondition(sizes.reduce(0, +) == shape[resolved] && sizes.allSatisfy { $0 >= 0 },
                           "split: sizes \(sizes) do not add up to \(shape[resolved]), the size of axis \(resolved) of \(Shape.describe(shape))")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: resolved, start..<(start + size))
        }
    }

    /// Pieces of at most `size` elements along `axis` (the last may be shorter), like `torch.split(size)`.
    public func split(size: Int, axis: Int = 0) -> [Tensor] {
        strandPrecondition(size > 0, "split: size must be positive, got \(size)")
        let length = shape[Shape.axis(axis, rank: rank, op: "split")]
        return split(sizes: stride(from: 0, to: length, by: size).map { Swift.min(size, length - $0) }, axis: axis)
    }

    /// At most `parts` nearly equal pieces along `axis`, as `torch.chunk` cuts them.
    public func chunked(_ parts: Int, axis: Int = 0) -> [Tensor] {
        strandPrecondition(parts > 0, "chunked: parts must be positive, got \(parts)")
        let length = shape[Shape.axis(axis, rank: rank, op: "chunked")]
        return split(sizes: Shape.chunkSizes(size: length, parts: parts), axis: axis)
    }
}

extension IntTensor {
    /// `tensors` joined along `axis`; all other sizes must agree.
    public static func concatenate(_ tensors: [IntTensor], axis: Int = 0) -> IntTensor { concatenatedStorage(tensors, axis: axis) }

    /// `tensors` of one shape stacked along a new first axis (e.g. equal-length id rows into a batch).
    public static func stack(_ tensors: [IntTensor]) -> IntTensor {
        strandPrecondition(!tensors.isEmpty, "stack: needs at least one tensor")
        return concatenate(tensors.map { $0.reshaped([1] + $0.shape) })
    }
}
