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

/// 1 at the first `lengths[b]` positions of each row (or the last ones, when `padFirst`), else 0:
/// the mask of a padded `[B, T]` batch.
public func paddingMask(lengths: [Int], steps: Int, padFirst: Bool = false) -> Tensor {
    Tensor(shape: [lengths.count, steps], scalars: lengths.flatMap { length in
        (0..<steps).map { t in (padFirst ? t >= steps - length : t < length) ? 1 : 0 }
    })
}
