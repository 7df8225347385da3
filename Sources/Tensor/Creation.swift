extension Tensor {
    /// A tensor of `shape` with every element set to `value`.
    public static func full(_ shape: [Int], value: Float) -> Tensor {
        Shape.validate(shape, op: "full")
        return Tensor(shape: shape, scalars: [Float](repeating: value, count: Shape.count(shape)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, value: 0) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, value: 1) }

    /// A tensor of zeros with the shape of `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape) }

    /// A tensor of ones with the shape of `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(other.shape) }

    /// `0, 1, …, end − 1`, like `torch.arange(end)`.
    public static func arange(_ end: Float) -> Tensor { arange(0, end) }

    /// `start, start + step, …` up to but excluding `end`, like `torch.arange`.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) -> Tensor {
        strandPrecondition(step != 0 && step.isFinite, "arange: step must be finite and non-zero, got \(step)")
        let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<count).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end`, both included, like `torch.linspace`.
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        strandPrecondition(count >= 0, "linspace: count must not be negative, got \(count)")
        if count == 1 { return Tensor([start]) }
        // Computed in Double, stepping from both ends as PyTorch does, so both ends are exact.
        let step = (Double(end) - Double(start)) / Double(count - 1)
        let half = count / 2
        return Tensor((0..<count).map { i in
            i < half ? Float(Double(start) + step * Double(i)) : Float(Double(end) - step * Double(count - 1 - i))
        })
    }

    /// The `n × m` identity matrix (ones on the diagonal).
    public static func eye(_ n: Int, _ m: Int? = nil) -> Tensor {
        let columns = m ?? n
        var result = zeros([n, columns])
        result.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<Swift.min(n, columns) { buffer[i * columns + i] = 1 }
        }
        return result
    }
}
