extension Tensor {
    /// This tensor with `before` and `after` elements of `value` added at the ends of `axis`,
    /// like one axis of `torch.nn.functional.pad`.
    public func padded(axis: Int, before: Int, after: Int, value: Float = 0) -> Tensor {
        paddedStorage(axis: axis, before: before, after: after, value: value)
    }
}

extension IntTensor {
    /// This tensor with `before` and `after` elements of `value` added at the ends of `axis`
    /// (padding token ids with a pad index).
    public func padded(axis: Int, before: Int, after: Int, value: Int) -> IntTensor {
        paddedStorage(axis: axis, before: before, after: after, value: value)
    }
}
