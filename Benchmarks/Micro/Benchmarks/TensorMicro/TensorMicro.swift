// Tensor's hot operations at the sizes of `Benchmarks/TensorBenchmarks` (and the NumPy anchor):
// elementwise math and reductions on 2^20 values, and matrix products.
import Benchmark
import Strand

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(2))
    var generator = RandomGenerator(seed: 0)
    let a = Tensor.normal([1 << 20], using: &generator), b = Tensor.normal([1 << 20], using: &generator)
    let rows = a.reshaped([-1, 1024])
    let elementwise: [(String, @Sendable () -> Tensor)] = [
        ("add 2^20", { a + b }), ("exp 2^20", { exp(a) }), ("tanh 2^20", { tanh(a) }),
        ("sum rows 1024 × 1024", { rows.sum(axis: 1) }), ("softmax rows 1024 × 1024", { rows.softmax(axis: 1) }),
    ]
    for (name, operation) in elementwise {
        Benchmark(name) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(operation()) }
        }
    }
    for n in [256, 1024] {
        let x = Tensor.normal([n, n], using: &generator), y = Tensor.normal([n, n], using: &generator)
        Benchmark("matmul \(n) × \(n)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(matmul(x, y)) }
        }
    }
}
