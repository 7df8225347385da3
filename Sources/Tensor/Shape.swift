/// Helpers for shapes (`[Int]`, outermost axis first) shared by every tensor operation.
enum Shape {
    /// The number of elements in a tensor of `shape`.
    @inline(__always)
    static func count(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// Row-major strides, in elements.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// `[2, 3]` — the way shapes appear in every message.
    static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    /// Stops with a message when a size is negative.
    static func validate(_ shape: [Int], op: String) {
        strandPrecondition(shape.allSatisfy { $0 >= 0 }, "\(op): shape \(describe(shape)) has a negative size")
    }

    /// Stops with a message when a size is negative or `shape` does not hold `elementCount` elements.
    static func validate(_ shape: [Int], elementCount: Int, op: String) {
        validate(shape, op: op)
        strandPrecondition(elementCount == count(shape), "\(op): shape \(describe(shape)) holds \(count(shape)) elements but \(elementCount) were given")
    }

    /// Resolves a possibly negative axis (`-1` is the last) against `rank`, stopping when out of range.
    static func axis(_ axis: Int, rank: Int, op: String) -> Int {
        requireShapes { () throws(ShapeError) in try checkedAxis(axis, rank: rank, op: op) }
    }

    /// Resolves a possibly negative axis, throwing when it is out of range.
    static func checkedAxis(_ axis: Int, rank: Int, op: String) throws(ShapeError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < max(rank, 1) && (rank > 0 || resolved == 0) else {
            throw ShapeError("\(op): axis \(axis) is out of range for a tensor of rank \(rank) (valid: \(-max(rank, 1))..<\(max(rank, 1)))")
        }
        return resolved
    }

    /// Resolves a possibly negative index along `axis` of size `size`, throwing when out of range.
    static func checkedIndex(_ index: Int, axis: Int, size: Int, op: String) throws(ShapeError) -> Int {
        let resolved = index < 0 ? index + size : index
        guard resolved >= 0 && resolved < size else {
            throw ShapeError("\(op): index \(index) is out of range for axis \(axis) of size \(size)")
        }
        return resolved
    }

    /// The row-major position of a full multi-index.
    static func flatIndex(_ indices: [Int], in shape: [Int], op: String) -> Int {
        strandPrecondition(indices.count == shape.count, "\(op): \(indices.count) indices given for a tensor of rank \(shape.count) (shape \(describe(shape)))")
        var flat = 0
        for (axis, index) in indices.enumerated() {
            let resolved = requireShapes { () throws(ShapeError) in
                try checkedIndex(index, axis: axis, size: shape[axis], op: op)
            }
            flat = flat * shape[axis] + resolved
        }
        return flat
    }

    /// Splits `shape` around `axis` into (product of the axes before, size of axis, product after),
    /// the view every axis-wise kernel works in.
    static func split(_ shape: [Int], at axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (count(Array(shape[..<axis])), shape[axis], count(Array(shape[(axis + 1)...])))
    }
}
