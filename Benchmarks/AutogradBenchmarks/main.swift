// Autograd overhead benchmarks, mirrored by Benchmarks/Scripts/torch_autograd.py.
//
//   swift run -c release AutogradBenchmarks [--threads N]
//
// - chain: 1,000 tiny operations (500 × `tanh(y * w)` on 16 elements) forward, then backward:
//   the time is almost all per-operation bookkeeping, so it measures the graph's overhead.
// - mlp: one training step of a 512 → 1024 → 1024 → 10 ReLU MLP on a batch of 128 with softmax
//   cross-entropy and an SGD update: the arithmetic dominates.
// Prints one JSON line per case: median milliseconds over repeated runs.
import Autograd
import BenchmarkSupport
import Foundation
import Tensor

startBenchmark()
var generator = RandomGenerator(seed: 0)

let w = Variable(Tensor.uniform([16], low: 0.5, high: 1.5, using: &generator), requiresGrad: true)
let start = Variable(Tensor.normal([16], using: &generator), requiresGrad: true)
let chain = medianMilliseconds(repetitions: 50) {
    var y = start
    for _ in 0..<500 { y = tanh(y * w) }
    y.sum().backward()
    w.zeroGrad()
    start.zeroGrad()
}
print(#"{"case": "chain_1000_ops", "ms": \#(chain), "us_per_op": \#(chain * 1000 / 1001), "threads": \#(Threading.count)}"#)

let layers = [(512, 1024), (1024, 1024), (1024, 10)].map { fanIn, fanOut in
    let bound = 1 / Float(fanIn).squareRoot()
    return (Variable(Tensor.uniform([fanOut, fanIn], low: -bound, high: bound, using: &generator), requiresGrad: true),
            Variable(Tensor.uniform([fanOut], low: -bound, high: bound, using: &generator), requiresGrad: true))
}
let batch = Variable(Tensor.normal([128, 512], using: &generator))
let targets = IntTensor.randint(0, 10, shape: [128, 1], using: &generator)
let mlp = medianMilliseconds(repetitions: 20) {
    var h = batch
    for (index, (weight, bias)) in layers.enumerated() {
        h = matmul(h, weight, transposeB: true) + bias
        if index < layers.count - 1 { h = relu(h) }
    }
    let loss = -h.logSoftmax(axis: 1).gather(axis: 1, targets).mean()
    loss.backward()
    withoutGradients {
        for (weight, bias) in layers {
            weight.value -= weight.grad! * 0.01
            bias.value -= bias.grad! * 0.01
            weight.zeroGrad()
            bias.zeroGrad()
        }
    }
}
print(#"{"case": "mlp_step", "ms": \#(mlp), "threads": \#(Threading.count)}"#)
