/// An n-dimensional array of `Int` values: token ids, lengths, labels and other indices.
///
/// It mirrors ``Tensor``'s storage (row-major, copy-on-write) and shaping, without arithmetic
/// beyond what indices need. Convert with ``asFloat()`` and ``Tensor/asInt()``.
public struct IntTensor: Sendable, Equatable {
    /// The size of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order.
    public private(set) var scalars: [Int]

    /// Creates a tensor of the given shape from its elements in row-major order.
    ///
    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init(shape: [Int], scalars: [Int]) {
        Shape.validate(shape, elementCount: scalars.count, op: "IntTensor(shape:scalars:)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a rank-0 tensor holding one value.
    public init(_ value: Int) { self.init(shape: [], scalars: [value]) }

    /// Creates a rank-1 tensor.
    public init(_ values: [Int]) { self.init(shape: [values.count], scalars: values) }

    /// Creates a rank-2 tensor from rows of equal length.
    public init(_ rows: [[Int]]) {
        let columns = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() {
            strandPrecondition(row.count == columns, "IntTensor([[Int]]): row \(index) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], value: Int) -> IntTensor {
        Shape.validate(shape, op: "IntTensor.full")
        return IntTensor(shape: shape, scalars: [Int](repeating: value, count: Shape.count(shape)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> IntTensor { full(shape, value: 0) }

    /// `0, 1, …, end − 1`.
    public static func arange(_ end: Int) -> IntTensor { arange(0, end) }

    /// `start, start + step, …` up to but excluding `end`.
    public static func arange(_ start: Int, _ end: Int, step: Int = 1) -> IntTensor {
        strandPrecondition(step != 0, "IntTensor.arange: step must be non-zero")
        return IntTensor(Array(stride(from: start, to: end, by: step)))
    }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The only element of a one-element tensor.
    public var item: Int {
        strandPrecondition(count == 1, "item: the tensor has shape \(Shape.describe(shape)) and \(count) elements, not 1")
        return scalars[0]
    }

    /// The element at a full multi-index (negative indices count from the end).
    public subscript(element indices: Int...) -> Int {
        get { scalars[Shape.flatIndex(indices, in: shape, op: "subscript(element:)")] }
        set { scalars[Shape.flatIndex(indices, in: shape, op: "subscript(element:)")] = newValue }
    }

    /// The elements as `Float`s in a ``Tensor`` of the same shape.
    public func asFloat() -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(Float.init))
    }

    /// 1 where the element equals `value`, else 0, as a ``Tensor`` mask (e.g. `ids .== padIndex`).
    public static func .== (ids: IntTensor, value: Int) -> Tensor {
        Tensor(shape: ids.shape, scalars: ids.scalars.map { $0 == value ? 1 : 0 })
    }

    /// 1 where the element differs from `value`, else 0, as a ``Tensor`` mask.
    public static func .!= (ids: IntTensor, value: Int) -> Tensor {
        Tensor(shape: ids.shape, scalars: ids.scalars.map { $0 != value ? 1 : 0 })
    }
}

extension Tensor {
    /// The elements rounded toward zero, as an ``IntTensor`` of the same shape.
    ///
    /// - Precondition: every element is finite and fits in `Int`.
    public func asInt() -> IntTensor {
        IntTensor(shape: shape, scalars: scalars.map { value in
            strandPrecondition(value.isFinite, "asInt: element \(value) is not finite")
            return Int(value)
        })
    }
}
