/// What `Tensor` and `IntTensor` have in common: a shape and elements in row-major order.
/// The layout operations — reshape, permute, slice, concatenate, pad — are written once here,
/// and each type's public methods forward to them.
protocol RowMajorStorage {
    associatedtype Element: BitwiseCopyable
    var shape: [Int] { get }
    var scalars: [Element] { get }
    init(shape: [Int], scalars: [Element])
    /// The element freshly assembled buffers start from before being overwritten.
    static var zero: Element { get }
}

extension Tensor: RowMajorStorage {
    static var zero: Float { 0 }
}

extension IntTensor: RowMajorStorage {
    static var zero: Int { 0 }
}

extension RowMajorStorage {
    func reshapedStorage(_ newShape: [Int]) -> Self {
        let resolved = requireShapes { () throws(ShapeError) in
            try Shape.checkedReshape(count: scalars.count, from: shape, to: newShape, op: "reshaped")
        }
        return Self(shape: resolved, scalars: scalars)
    }

    func permutedStorage(_ order: [Int]) -> Self {
        let resolved = requireShapes { () throws(ShapeError) in try Shape.checkedPermutation(order, rank: shape.count, op: "permuted") }
        if resolved == Array(0..<shape.count) { return self }
        return Self(shape: resolved.map { shape[$0] }, scalars: Shape.permute(scalars, shape: shape, order: resolved))
    }

    func slicedStorage(axis: Int, _ range: Range<Int>) -> Self {
        let resolved = requireShapes { () throws(ShapeError) in try Shape.checkedSlice(shape, axis: axis, range: range, op: "slice") }
        var newShape = shape
        newShape[resolved] = range.count
        return Self(shape: newShape, scalars: Shape.slice(scalars, shape: shape, axis: resolved, range: range, zero: Self.zero))
    }

    static func concatenatedStorage(_ parts: [Self], axis: Int) -> Self {
        let shapes = parts.map(\.shape)
        let resolved = requireShapes { () throws(ShapeError) in try Shape.checkedConcatenation(shapes, axis: axis, op: "concatenate") }
        var shape = shapes[0]
        shape[resolved] = shapes.reduce(0) { $0 + $1[resolved] }
        return Self(shape: shape, scalars: Shape.concatenate(parts.map(\.scalars), shapes: shapes, axis: resolved, zero: zero))
    }

    func paddedStorage(axis: Int, before: Int, after: Int, value: Element) -> Self {
        let resolved = Shape.axis(axis, rank: shape.count, op: "padded")
        strandPrecondition(before >= 0 && after >= 0, "padded: widths must not be negative, got before \(before), after \(after)")
        var newShape = shape
        newShape[resolved] += before + after
        return Self(shape: newShape, scalars: Shape.pad(scalars, shape: shape, axis: resolved, before: before, after: after, value: value))
    }
}
