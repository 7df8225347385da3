/// The shape two operands broadcast to under NumPy's rules: shapes are aligned at their last axis,
/// and each pair of sizes must be equal or contain a 1.
///
/// - Throws: ``ShapeError`` naming `op` and both shapes when they do not broadcast.
public func broadcastShape(_ a: [Int], _ b: [Int], op: String = "broadcast") throws(ShapeError) -> [Int] {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for offset in 1...max(rank, 1) where offset <= rank {
        let sizeA = offset <= a.count ? a[a.count - offset] : 1
        let sizeB = offset <= b.count ? b[b.count - offset] : 1
        guard sizeA == sizeB || sizeA == 1 || sizeB == 1 else {
            throw ShapeError("\(op): shapes \(Shape.describe(a)) and \(Shape.describe(b)) cannot be broadcast (axis \(rank - offset): \(sizeA) vs \(sizeB))")
        }
        result[rank - offset] = sizeA == 1 ? sizeB : sizeA
    }
    return result
}

/// How one operand's elements are reached while walking a broadcast output in row-major order.
///
/// Axes are merged where possible so the innermost loop is as long as it can be; an operand's
/// stride is 0 along axes it is broadcast over.
struct BroadcastPlan {
    /// Output sizes of the merged axes, outermost first.
    var sizes: [Int]
    /// Per operand, its stride along each merged axis.
    var strides: [[Int]]

    init(output: [Int], operands: [[Int]]) {
        let rank = output.count
        let operandStrides: [[Int]] = operands.map { shape in
            let padded = [Int](repeating: 1, count: rank - shape.count) + shape
            let natural = Shape.strides(padded)
            return (0..<rank).map { padded[$0] == 1 && output[$0] != 1 ? 0 : natural[$0] }
        }
        // Merge neighbouring axes whose strides chain for every operand.
        var sizes: [Int] = []
        var merged: [[Int]] = operands.map { _ in [] }
        for axis in 0..<rank where output[axis] != 1 {
            let chains = !sizes.isEmpty && operandStrides.indices.allSatisfy { operand in
                merged[operand].last! == operandStrides[operand][axis] * output[axis]
            }
            if chains {
                sizes[sizes.count - 1] *= output[axis]
                for operand in operandStrides.indices { merged[operand][merged[operand].count - 1] = operandStrides[operand][axis] }
            } else {
                sizes.append(output[axis])
                for operand in operandStrides.indices { merged[operand].append(operandStrides[operand][axis]) }
            }
        }
        if sizes.isEmpty {
            sizes = [1]
            merged = operands.map { _ in [0] }
        }
        self.sizes = sizes
        self.strides = merged
    }

    /// The length of the innermost run.
    var innerCount: Int { sizes.last! }

    /// Calls `body(outputOffset, operandOffsets)` for each innermost run, in row-major order.
    func forEachRun(_ body: (Int, [Int]) -> Void) {
        let outer = Array(sizes.dropLast())
        let runs = Shape.count(outer)
        var index = [Int](repeating: 0, count: outer.count)
        var offsets = [Int](repeating: 0, count: strides.count)
        for run in 0..<runs {
            body(run * innerCount, offsets)
            // Advance the multi-index like an odometer, updating each operand's offset.
            var axis = outer.count - 1
            while axis >= 0 {
                index[axis] += 1
                for operand in offsets.indices { offsets[operand] += strides[operand][axis] }
                if index[axis] < outer[axis] { break }
                for operand in offsets.indices { offsets[operand] -= strides[operand][axis] * outer[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

extension Tensor {
    /// This tensor's elements repeated along broadcast axes to fill `shape` (PyTorch's `expand`,
    /// materialised).
    ///
    /// - Precondition: this shape broadcasts to `shape` without changing it.
    public func expanded(to shape: [Int]) -> Tensor {
        let target = requireShapes { () throws(ShapeError) in try broadcastShape(self.shape, shape, op: "expanded(to:)") }
        strandPrecondition(target == shape, "expanded(to:): shape \(Shape.describe(self.shape)) cannot be expanded to \(Shape.describe(shape))")
        if self.shape == shape { return self }
        let plan = BroadcastPlan(output: shape, operands: [self.shape])
        let inner = plan.innerCount
        let stride = plan.strides[0].last!
        return Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { source in
                plan.forEachRun { outputOffset, offsets in
                    for i in 0..<inner { output[outputOffset + i] = source[offsets[0] + i * stride] }
                }
            }
        }
    }

    /// Sums over the axes along which a tensor of `shape` was broadcast to this tensor's shape:
    /// the adjoint of ``expanded(to:)``, used to return gradients to an operand's shape.
    public func summed(toShape shape: [Int]) -> Tensor {
        if self.shape == shape { return self }
        let target = requireShapes { () throws(ShapeError) in try broadcastShape(shape, self.shape, op: "summed(toShape:)") }
        strandPrecondition(target == self.shape, "summed(toShape:): shape \(Shape.describe(self.shape)) is not a broadcast of \(Shape.describe(shape))")
        let trailing = Array(shape.drop { $0 == 1 })
        if !trailing.isEmpty, self.shape.suffix(trailing.count).elementsEqual(trailing) {
            return Tensor(shape: shape, scalars: rowSums(width: trailing.reduce(1, *)))
        }
        let plan = BroadcastPlan(output: self.shape, operands: [self.shape, shape])
        let inner = plan.innerCount
        let stride = plan.strides[1].last!
        var result = Tensor.zeros(shape)
        result.withUnsafeMutableBufferPointer { output in
            scalars.withUnsafeBufferPointer { source in
                plan.forEachRun { _, offsets in
                    for i in 0..<inner { output[offsets[1] + i * stride] += source[offsets[0] + i] }
                }
            }
        }
        return result
    }

    /// The sum of this tensor's rows of `width` elements (a bias gradient: `[N, C]` → `[C]`), the
    /// columns split between threads, each adding whole rows with vector instructions.
    private func rowSums(width: Int) -> [Float] {
        let rows = count / width
        var result = [Float](repeating: 0, count: width)
        result.withUnsafeMutableBufferPointer { result in
            scalars.withUnsafeBufferPointer { source in
                Parallel.forEachChunk(count: width, costPerElement: rows) { columns in
                    for row in 0..<rows {
                        let input = source.baseAddress! + row * width
                        for column in columns { result[column] += input[column] }
                    }
                }
            }
        }
        return result
    }
}
