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
        self - logSumExp(axis: axis, keepDims: true)
    }
}
