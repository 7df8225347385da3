extension Tensor {
    /// This tensor with `before` and `after` elements of `value` added at the ends of `axis`,
    /// like one axis of `torch.nn.functional.pad`.
    public func padded(axis: Int, before: Int, after: Int, value: Float = 0) -> Tensor {
        let resolved = Shape.axis(axis, rank: rank, op: "padded")
        strandPrecondition(before >= 0 && after >= 0, "padded: widths must not be negative, got before \(before), after \(after)")
        var newShape = shape
        newShape[resolved] += before + after
        return Tensor(shape: newShape, scalars: Shape.pad(scalars, shape: shape, axis: resolved, before: before, after: after, value: value))
    }
}

extension IntTensor {
    /// This tensor with `before` and `after` elements of `value` added at the ends of `axis`
    /// (padding token ids with a pad index).
    public func padded(axis: Int, before: Int, after: Int, value: Int) -> IntTensor {
        let resolved = Shape.axis(axis, rank: rank, op: "padded")
        strandPrecondition(before >= 0 && after >= 0, "padded: widths must not be negative, got before \(before), after \(after)")
        var newShape = shape
        newShape[resolved] += before + after
        return IntTensor(shape: newShape, scalars: Shape.pad(scalars, shape: shape, axis: resolved, before: before, after: after, value: value))
    }
}
