// Random tensors. Each comes in two forms: one drawing from a generator you pass, and one drawing
// from the process-wide generator (`RandomGenerator.manualSeed` fixes it).

extension Tensor {
    /// Elements drawn uniformly from `[low, high)`.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, using generator: inout RandomGenerator) -> Tensor {
        Shape.validate(shape, op: "uniform")
        return Tensor(shape: shape) { buffer in
            for i in buffer.indices { buffer[i] = low + (high - low) * generator.nextFloat() }
        }
    }

    /// Elements drawn from a normal distribution.
    public static func normal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout RandomGenerator) -> Tensor {
        Shape.validate(shape, op: "normal")
        return Tensor(shape: shape) { buffer in
            var i = 0
            while i < buffer.count {
                let (first, second) = generator.nextNormalPair()
                buffer[i] = mean + standardDeviation * first
                if i + 1 < buffer.count { buffer[i + 1] = mean + standardDeviation * second }
                i += 2
            }
        }
    }

    /// Elements that are 1 with probability `probability` and 0 otherwise (a dropout mask).
    public static func bernoulli(_ shape: [Int], probability: Float, using generator: inout RandomGenerator) -> Tensor {
        strandPrecondition((0...1).contains(probability), "bernoulli: probability must lie in [0, 1], got \(probability)")
        Shape.validate(shape, op: "bernoulli")
        return Tensor(shape: shape) { buffer in
            for i in buffer.indices { buffer[i] = generator.nextFloat() < probability ? 1 : 0 }
        }
    }

    /// Elements drawn uniformly from `[low, high)` with the process-wide generator.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1) -> Tensor {
        RandomGenerator.withGlobal { uniform(shape, low: low, high: high, using: &$0) }
    }

    /// Elements drawn from a normal distribution with the process-wide generator.
    public static func normal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1) -> Tensor {
        RandomGenerator.withGlobal { normal(shape, mean: mean, standardDeviation: standardDeviation, using: &$0) }
    }

    /// A 0/1 mask with `P(1) = probability`, from the process-wide generator.
    public static func bernoulli(_ shape: [Int], probability: Float) -> Tensor {
        RandomGenerator.withGlobal { bernoulli(shape, probability: probability, using: &$0) }
    }
}

extension IntTensor {
    /// Integers drawn uniformly from `low..<high`, like `torch.randint`.
    public static func randint(_ low: Int, _ high: Int, shape: [Int], using generator: inout RandomGenerator) -> IntTensor {
        strandPrecondition(low < high, "randint: empty range \(low)..<\(high)")
        Shape.validate(shape, op: "randint")
        return IntTensor(shape: shape, scalars: (0..<Shape.count(shape)).map { _ in low + generator.nextInt(below: high - low) })
    }

    /// Integers drawn uniformly from `low..<high` with the process-wide generator.
    public static func randint(_ low: Int, _ high: Int, shape: [Int]) -> IntTensor {
        RandomGenerator.withGlobal { randint(low, high, shape: shape, using: &$0) }
    }
}
