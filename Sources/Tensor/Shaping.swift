// Reshaping and axis reordering. Reshapes share the buffer; permutations copy into row-major
// order, which keeps every other kernel free of stride handling.

extension Shape {
    /// `target` with a single −1 replaced by the size that keeps `count` elements.
    static func checkedReshape(count: Int, from source: [Int], to target: [Int], op: String) throws(ShapeError) -> [Int] {
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 >= -1 }) else {
            throw ShapeError("\(op): target shape \(describe(target)) may contain at most one -1 and no other negative size")
        }
        let known = target.filter { $0 != -1 }.reduce(1, *)
        var resolved = target
        if let position = unknown.first {
            guard known > 0, count % known == 0 else {
                throw ShapeError("\(op): cannot reshape \(describe(source)) (\(count) elements) to \(describe(target))")
            }
            resolved[position] = count / known
        }
        guard Shape.count(resolved) == count else {
            throw ShapeError("\(op): cannot reshape \(describe(source)) (\(count) elements) to \(describe(target)) (\(Shape.count(resolved)) elements)")
        }
        return resolved
    }

    /// Checks that `order` is a permutation of the axes of a rank-`rank` tensor, resolving negative axes.
    static func checkedPermutation(_ order: [Int], rank: Int, op: String) throws(ShapeError) -> [Int] {
        guard order.count == rank else {
            throw ShapeError("\(op): \(order.count) axes given for a tensor of rank \(rank)")
        }
        var resolved: [Int] = []
        for axis in order { resolved.append(try checkedAxis(axis, rank: rank, op: op)) }
        guard Set(resolved).count == rank else {
            throw ShapeError("\(op): \(order) is not a permutation of the \(rank) axes")
        }
        return resolved
    }

    /// The elements of a row-major array of `shape`, reordered so axis `i` of the result is axis
    /// `order[i]` of the source.
    static func permute<Element>(_ source: [Element], shape: [Int], order: [Int]) -> [Element] {
        let outputShape = order.map { shape[$0] }
        let sourceStrides = Shape.strides(shape)
        let strides = order.map { sourceStrides[$0] }
        let count = source.count
        guard count > 0 else { return [] }
        let inner = outputShape.last ?? 1
        let innerStride = strides.last ?? 1
        let outer = Array(outputShape.dropLast())
        return [Element](unsafeUninitializedCapacity: count) { output, initialized in
            source.withUnsafeBufferPointer { input in
                var index = [Int](repeating: 0, count: outer.count)
                var offset = 0
                var position = 0
                while position < count {
                    for i in 0..<inner { (output.baseAddress! + position + i).initialize(to: input[offset + i * innerStride]) }
                    position += inner
                    var axis = outer.count - 1
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < outer[axis] { break }
                        offset -= strides[axis] * outer[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
            initialized = count
        }
    }

    /// The shape with the axes `first` and `second` swapped, as a permutation order.
    static func swapOrder(rank: Int, _ first: Int, _ second: Int, op: String) -> [Int] {
        let a = axis(first, rank: rank, op: op)
        let b = axis(second, rank: rank, op: op)
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return order
    }
}

extension Tensor {
    /// The same elements with a new shape; one size may be −1 and is then inferred. No copy.
    public func reshaped(_ newShape: [Int]) -> Tensor { reshapedStorage(newShape) }

    /// The axes `startAxis...endAxis` merged into one (all axes by default), like `torch.flatten`.
    public func flattened(startAxis: Int = 0, endAxis: Int = -1) -> Tensor {
        if rank == 0 { return reshaped([1]) }
        let start = Shape.axis(startAxis, rank: rank, op: "flattened")
        let end = Shape.axis(endAxis, rank: rank, op: "flattened")
        strandPrecondition(start <= end, "flattened: startAxis \(startAxis) comes after endAxis \(endAxis) for rank \(rank)")
        return withShape(Array(shape[..<start]) + [Shape.count(Array(shape[start...end]))] + Array(shape[(end + 1)...]))
    }

    /// Removes the size-1 axis `axis`, or every size-1 axis when `axis` is nil.
    public func squeezed(axis: Int? = nil) -> Tensor {
        guard let axis else { return withShape(shape.filter { $0 != 1 }) }
        let resolved = Shape.axis(axis, rank: rank, op: "squeezed")
        strandPrecondition(shape[resolved] == 1, "squeezed: axis \(axis) of shape \(Shape.describe(shape)) has size \(shape[resolved]), not 1")
        var newShape = shape
        newShape.remove(at: resolved)
        return withShape(newShape)
    }

    /// Inserts a size-1 axis so it becomes axis `axis` of the result (−1 appends), like `torch.unsqueeze`.
    public func unsqueezed(axis: Int) -> Tensor {
        let resolved = Shape.axis(axis, rank: rank + 1, op: "unsqueezed")
        var newShape = shape
        newShape.insert(1, at: resolved)
        return withShape(newShape)
    }

    /// The axes reordered so axis `i` of the result is axis `order[i]` of this tensor (a copy).
    public func permuted(_ order: [Int]) -> Tensor { permutedStorage(order) }

    /// The axes reordered, written as a list: `x.permuted(1, 0, 2)`.
    public func permuted(_ order: Int...) -> Tensor { permuted(order) }

    /// Axes `first` and `second` swapped (a copy), like `torch.transpose`.
    public func transposed(_ first: Int, _ second: Int) -> Tensor {
        permuted(Shape.swapOrder(rank: rank, first, second, op: "transposed"))
    }

    /// The last two axes swapped: the matrix transpose, batched over leading axes.
    public func transposed() -> Tensor {
        strandPrecondition(rank >= 2, "transposed(): needs rank ≥ 2, got shape \(Shape.describe(shape))")
        return transposed(-2, -1)
    }
}

extension IntTensor {
    /// The same elements with a new shape; one size may be −1 and is then inferred. No copy.
    public func reshaped(_ newShape: [Int]) -> IntTensor { reshapedStorage(newShape) }

    /// Axes `first` and `second` swapped (a copy), e.g. batch-first ids to time-first.
    public func transposed(_ first: Int, _ second: Int) -> IntTensor {
        permutedStorage(Shape.swapOrder(rank: rank, first, second, op: "transposed"))
    }
}
