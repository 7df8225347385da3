// Reductions along one axis (or all elements). Every kernel views the tensor as
// (outer, size, inner) around the reduced axis: with inner == 1 each output reduces one
// contiguous row; otherwise whole `inner`-long rows are combined, which keeps loops contiguous.

/// A reduction that combines elements pairwise from an identity value.
protocol Reduction {
    static var identity: Float { get }
    static func combine(_ a: Float, _ b: Float) -> Float
    /// Reduces `count` contiguous elements.
    static func reduceRow(_ row: UnsafePointer<Float>, count: Int) -> Float
}

extension Reduction {
    static func reduceRow(_ row: UnsafePointer<Float>, count: Int) -> Float {
        var accumulator = identity
        for i in 0..<count { accumulator = combine(accumulator, row[i]) }
        return accumulator
    }
}

enum SumReduction: Reduction {
    static let identity: Float = 0
    static func combine(_ a: Float, _ b: Float) -> Float { a + b }

    /// Sums with sixteen-lane vector accumulators: vectorized, and more accurate than one running sum.
    static func reduceRow(_ row: UnsafePointer<Float>, count: Int) -> Float {
        let raw = UnsafeRawPointer(row)
        var first = SIMD16<Float>(), second = SIMD16<Float>()
        var i = 0
        while i + 32 <= count {
            first += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            second += raw.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self)
            i += 32
        }
        var total = (first + second).sum()
        while i < count {
            total += row[i]
            i += 1
        }
        return total
    }
}

enum MaxReduction: Reduction {
    static let identity = -Float.infinity
    static func combine(_ a: Float, _ b: Float) -> Float { a > b || a != a ? a : b }

    /// Sixteen lanes at a time (a softmax over a 60,000-word vocabulary starts with this); a NaN
    /// anywhere still gives NaN.
    static func reduceRow(_ row: UnsafePointer<Float>, count: Int) -> Float {
        let raw = UnsafeRawPointer(row)
        var lanes = SIMD16<Float>(repeating: identity)
        var i = 0
        while i + 16 <= count {
            let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            lanes = x.replacing(with: lanes, where: (lanes .> x) .| (lanes .!= lanes))
            i += 16
        }
        var result = identity
        for lane in 0..<16 { result = combine(result, lanes[lane]) }
        while i < count {
            result = combine(result, row[i])
            i += 1
        }
        return result
    }
}

enum MinReduction: Reduction {
    static let identity = Float.infinity
    static func combine(_ a: Float, _ b: Float) -> Float { a < b || a != a ? a : b }
}

extension Tensor {
    /// The shape after reducing `axis`.
    private func reducedShape(_ axis: Int, keepDims: Bool) -> [Int] {
        var result = shape
        if keepDims { result[axis] = 1 } else { result.remove(at: axis) }
        return result
    }

    /// Applies `R` along `axis` (all elements when nil).
    func reduce<R: Reduction>(_: R.Type, axis: Int?, keepDims: Bool, op: String) -> Tensor {
        guard let axis else {
            let total = scalars.withUnsafeBufferPointer { R.reduceRow($0.baseAddress!, count: count) }
            return Tensor(shape: keepDims ? shape.map { _ in 1 } : [], scalars: [total])
        }
        let resolved = Shape.axis(axis, rank: rank, op: op)
        let (outer, size, inner) = Shape.split(shape, at: resolved)
        return Tensor(shape: reducedShape(resolved, keepDims: keepDims)) { output in
            scalars.withUnsafeBufferPointer { input in
                let base = input.baseAddress!
                if inner == 1 {
                    Parallel.forEachChunk(count: outer, costPerElement: size) { rows in
                        for o in rows { output[o] = R.reduceRow(base + o * size, count: size) }
                    }
                    return
                }
                Parallel.forEachChunk(count: outer, costPerElement: size * inner) { blocks in
                    for o in blocks {
                        let out = output.baseAddress! + o * inner
                        for j in 0..<inner { out[j] = R.identity }
                        for k in 0..<size {
                            let row = base + (o * size + k) * inner
                            for j in 0..<inner { out[j] = R.combine(out[j], row[j]) }
                        }
                    }
                }
            }
        }
    }

    /// The extreme values along `axis` and their first positions, as `torch.max(x, dim)` returns them.
    private func extremum(axis: Int, keepDims: Bool, op: String, isBetter: (Float, Float) -> Bool) -> (values: Tensor, indices: IntTensor) {
        let resolved = Shape.axis(axis, rank: rank, op: op)
        let (outer, size, inner) = Shape.split(shape, at: resolved)
        strandPrecondition(size > 0, "\(op): axis \(axis) of shape \(Shape.describe(shape)) is empty")
        var values = [Float](repeating: 0, count: outer * inner)
        var indices = [Int](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { input in
            for o in 0..<outer {
                for j in 0..<inner {
                    var best = input[o * size * inner + j]
                    var bestIndex = 0
                    for k in 1..<Swift.max(size, 1) where best == best {
                        let candidate = input[(o * size + k) * inner + j]
                        // NaN wins, as in PyTorch: once found it stays.
                        if isBetter(candidate, best) || candidate != candidate {
                            best = candidate
                            bestIndex = k
                        }
                    }
                    values[o * inner + j] = best
                    indices[o * inner + j] = bestIndex
                }
            }
        }
        let outputShape = reducedShape(resolved, keepDims: keepDims)
        return (Tensor(shape: outputShape, scalars: values), IntTensor(shape: outputShape, scalars: indices))
    }

    /// The sum of the elements along `axis`, or of all elements when `axis` is nil.
    public func sum(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        reduce(SumReduction.self, axis: axis, keepDims: keepDims, op: "sum")
    }

    /// The mean along `axis`, or of all elements when `axis` is nil (NaN for an empty reduction).
    public func mean(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        let size = axis.map { shape[Shape.axis($0, rank: rank, op: "mean")] } ?? count
        return sum(axis: axis, keepDims: keepDims) / Float(size)
    }

    /// The variance along `axis` (all elements when nil), dividing by `n − correction`:
    /// `correction: 1` (the default, as in PyTorch) is the unbiased estimate, `0` the population variance.
    public func variance(axis: Int? = nil, correction: Int = 1, keepDims: Bool = false) -> Tensor {
        let size = axis.map { shape[Shape.axis($0, rank: rank, op: "variance")] } ?? count
        let deviations = self - mean(axis: axis, keepDims: true)
        return (deviations * deviations).sum(axis: axis, keepDims: keepDims) / Float(Swift.max(size - correction, 0))
    }

    /// The largest element (NaN if any element is NaN), as a rank-0 tensor.
    public func max() -> Tensor { reduce(MaxReduction.self, axis: nil, keepDims: false, op: "max") }

    /// The smallest element (NaN if any element is NaN), as a rank-0 tensor.
    public func min() -> Tensor { reduce(MinReduction.self, axis: nil, keepDims: false, op: "min") }

    /// The largest elements along `axis` and the index of the first of each, like `torch.max(x, dim)`.
    public func max(axis: Int, keepDims: Bool = false) -> (values: Tensor, indices: IntTensor) {
        extremum(axis: axis, keepDims: keepDims, op: "max", isBetter: >)
    }

    /// The smallest elements along `axis` and the index of the first of each, like `torch.min(x, dim)`.
    public func min(axis: Int, keepDims: Bool = false) -> (values: Tensor, indices: IntTensor) {
        extremum(axis: axis, keepDims: keepDims, op: "min", isBetter: <)
    }

    /// The index of the largest element along `axis` (the first on ties).
    public func argmax(axis: Int, keepDims: Bool = false) -> IntTensor { max(axis: axis, keepDims: keepDims).indices }

    /// The index of the smallest element along `axis` (the first on ties).
    public func argmin(axis: Int, keepDims: Bool = false) -> IntTensor { min(axis: axis, keepDims: keepDims).indices }

    /// The row-major position of the largest element (the first on ties).
    public func argmax() -> Int { flattened().argmax(axis: 0).item }

    /// log Σ exp(x) along `axis`, computed without overflow by factoring out the maximum.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
        // A row of −inf (or +inf) must not become NaN through inf − inf: shift by 0 there.
        let peak = reduce(MaxReduction.self, axis: axis, keepDims: true, op: "logSumExp")
        let shift = Tensor.where(abs(peak) .== .infinity, Tensor(0), peak)
        let result = log(exp(self - shift).sum(axis: axis, keepDims: true)) + shift
        return keepDims ? result : result.squeezed(axis: axis)
    }
}
