import Foundation

extension Tensor {
    /// e^x normalised to sum to 1 along `axis`; the maximum is subtracted first so large inputs
    /// cannot overflow.
    public func softmax(axis: Int = -1) -> Tensor {
        let resolved = Shape.axis(axis, rank: rank, op: "softmax")
        guard resolved == rank - 1 else {
            let shifted = exp(self - reduce(MaxReduction.self, axis: resolved, keepDims: true, op: "softmax"))
            return shifted / shifted.sum(axis: resolved, keepDims: true)
        }
        // The common case, rows along the last axis, in one fused pass per row.
        let size = shape.last!
        let rows = size == 0 ? 0 : count / size
        return Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { input in
                Parallel.forEachChunk(count: rows, costPerElement: 4 * size) { range in
                    for row in range {
                        let x = input.baseAddress! + row * size
                        let y = output.baseAddress! + row * size
                        let peak = MaxReduction.reduceRow(x, count: size)
                        for i in 0..<size { y[i] = x[i] - peak }
                        Exp.apply(y, y, count: size)
                        let scale = 1 / SumReduction.reduceRow(y, count: size)
                        for i in 0..<size { y[i] *= scale }
                    }
                }
            }
        }
    }

    /// log(softmax(x)) along `axis`, computed as x − logsumexp(x) so it stays finite where
    /// softmax underflows to 0.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let resolved = Shape.axis(axis, rank: rank, op: "logSoftmax")
        guard resolved == rank - 1 else { return self - logSumExp(axis: resolved, keepDims: true) }
        // Rows along the last axis (a language model's logits over its vocabulary) in one fused
        // pass per row: no full-size temporary for the shifted values or their exponentials.
        return mapRows { x, _, y, scratch, size in
            let peak = MaxReduction.reduceRow(x, count: size)
            for i in 0..<size { y[i] = x[i] - peak }
            Exp.apply(y, scratch, count: size)
            let logSum = Foundation.log(SumReduction.reduceRow(scratch, count: size))
            for i in 0..<size { y[i] -= logSum }
        }
    }

    /// The gradient of ``logSoftmax(axis:)`` from its output `self` and the incoming gradient `g`:
    /// `g − e^y · Σ g` along `axis` (in one fused pass per row along the last axis).
    public func logSoftmaxGradient(_ g: Tensor, axis: Int = -1) -> Tensor {
        strandPrecondition(g.shape == shape, "logSoftmaxGradient: gradient \(g.shape) for output \(shape)")
        let resolved = Shape.axis(axis, rank: rank, op: "logSoftmaxGradient")
        guard resolved == rank - 1 else { return g - exp(self) * g.sum(axis: resolved, keepDims: true) }
        return mapRows(with: g) { y, g, result, _, size in
            let total = SumReduction.reduceRow(g!, count: size)
            Exp.apply(y, result, count: size)
            for i in 0..<size { result[i] = g![i] - result[i] * total }
        }
    }

    /// A tensor of this shape whose every last-axis row is written by `body(row, the same row of
    /// other, output row, scratch row, row length)`.
    private func mapRows(with other: Tensor? = nil,
                         _ body: (UnsafePointer<Float>, UnsafePointer<Float>?, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let size = shape.last ?? 1
        let second = other?.scalars ?? []
        return Tensor(shape: shape) { output in
            second.withUnsafeBufferPointer { second in
                forEachRow { row, values, scratch in
                    body(values, second.baseAddress.map { $0 + row * size }, output.baseAddress! + row * size, scratch, size)
                }
            }
        }
    }

    /// Runs `body(row index, its elements, a scratch row of the same length)` for every last-axis
    /// row, the rows split between threads (each with its own scratch row).
    func forEachRow(_ body: (Int, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        let size = shape.last ?? 1
        let rows = size == 0 ? 0 : count / size
        scalars.withUnsafeBufferPointer { input in
            Parallel.forEachChunk(count: rows, costPerElement: 4 * size) { range in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: size)
                defer { scratch.deallocate() }
                for row in range { body(row, input.baseAddress! + row * size, scratch) }
            }
        }
    }
}
