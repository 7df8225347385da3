// Autograd's cost: a two-layer MLP's forward and backward pass (the parity test's model at a
// training size), and an LSTM layer's, as `Benchmarks/AutogradBenchmarks` times them.
import Benchmark
import Strand

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(2))
    RandomGenerator.manualSeed(0)
    let mlp = Sequential(Linear(256, 512), ReLU(), Linear(512, 10))
    let x = Tensor.normal([128, 256])
    let targets = IntTensor((0..<128).map { $0 % 10 })
    Benchmark("MLP 256 → 512 → 10, batch 128: forward and backward") { benchmark in
        for _ in benchmark.scaledIterations {
            let loss = CrossEntropyLoss()(mlp(Variable(x)), targets)
            loss.backward()
            for parameter in mlp.parameters() { parameter.zeroGrad() }
        }
    }
    let lstm = LSTM(128, 128, batchFirst: true)
    let sequence = Tensor.normal([32, 64, 128])
    Benchmark("LSTM 128 → 128, batch 32, length 64: forward and backward") { benchmark in
        for _ in benchmark.scaledIterations {
            lstm(Variable(sequence)).output.sum().backward()
            for parameter in lstm.parameters() { parameter.zeroGrad() }
        }
    }
}
