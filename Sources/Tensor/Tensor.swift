/// An n-dimensional array of `Float` (32-bit) values: the numeric workhorse of Strand.
///
/// `Tensor` is a value type. Copies share one buffer until one of them is written
/// (copy-on-write, inherited from `Array`), so passing tensors around is cheap.
/// Elements are stored contiguously in row-major order: the last axis varies fastest.
///
/// ```swift
/// let x = Tensor([[1, 2, 3], [4, 5, 6]])   // shape [2, 3]
/// let y = (x * 2 + 1).sum(axis: 1)         // shape [2]
/// ```
///
/// Shapes use PyTorch's conventions: a rank-0 tensor (shape `[]`) holds one scalar, axes may be
/// negative (`-1` is the last axis), and binary operators broadcast like NumPy.
///
/// Misuse by code (mismatched shapes, an axis or index out of range) stops the program with a
/// message naming the operation, the shapes and the bound (`Documentation/ErrorPolicy.md`).
public struct Tensor: Sendable, Equatable {
    /// The size of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order (`shape.reduce(1, *)` of them).
    public private(set) var scalars: [Float]

    /// Creates a tensor of the given shape from its elements in row-major order.
    ///
    /// - Precondition: `scalars.count` equals the product of `shape`, and no size is negative.
    public init(shape: [Int], scalars: [Float]) {
        Shape.validate(shape, elementCount: scalars.count, op: "Tensor(shape:scalars:)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor of `shape` whose elements are written by `initializer` into an
    /// uninitialised buffer of exactly `shape.reduce(1, *)` elements, which it must fill completely.
    public init(shape: [Int], initializingWith initializer: (UnsafeMutableBufferPointer<Float>) -> Void) {
        Shape.validate(shape, op: "Tensor(shape:initializingWith:)")
        let count = Shape.count(shape)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(buffer)
            initializer(buffer)
            initialized = count
        }
    }

    /// Creates a rank-0 tensor holding one value.
    public init(_ value: Float) {
        self.init(shape: [], scalars: [value])
    }

    /// Creates a rank-1 tensor from its elements.
    public init(_ values: [Float]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// Creates a rank-2 tensor from rows of equal length.
    public init(_ rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() {
            strandPrecondition(row.count == columns, "Tensor([[Float]]): row \(index) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// Creates a rank-3 tensor from matrices of equal shape.
    public init(_ matrices: [[[Float]]]) {
        let parts = matrices.map { Tensor($0) }
        let inner = parts.first?.shape ?? [0, 0]
        for (index, part) in parts.enumerated() {
            strandPrecondition(part.shape == inner, "Tensor([[[Float]]]): matrix \(index) has shape \(Shape.describe(part.shape)), matrix 0 has \(Shape.describe(inner))")
        }
        self.init(shape: [matrices.count] + inner, scalars: parts.flatMap { $0.scalars })
    }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The only element of a one-element tensor (any rank), like PyTorch's `item()`.
    public var item: Float {
        strandPrecondition(count == 1, "item: the tensor has shape \(Shape.describe(shape)) and \(count) elements, not 1")
        return scalars[0]
    }

    /// The element at a full multi-index (one index per axis; negative indices count from the end).
    public subscript(element indices: Int...) -> Float {
        get { scalars[Shape.flatIndex(indices, in: shape, op: "subscript(element:)")] }
        set { scalars[Shape.flatIndex(indices, in: shape, op: "subscript(element:)")] = newValue }
    }

    /// Calls `body` with the elements in row-major order.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable access to the elements, copying the buffer first if it is shared.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// The same elements seen with another shape of equal element count (no copy).
    /// Used by the shaping operations; see ``reshaped(_:)`` for the public form.
    func withShape(_ newShape: [Int]) -> Tensor {
        var result = self
        result.shape = newShape
        return result
    }
}
