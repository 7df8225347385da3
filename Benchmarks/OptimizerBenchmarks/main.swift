// One optimiser update of a 6.4 M-parameter tensor (the 25,002 × 256 embedding of the notebook RNN)
// against the memory traffic it needs: Adam and AdamW read parameter, gradient and both moments
// and write three of them back (28 bytes an element), SGD with momentum reads three and writes two
// (20 bytes), the gradient-norm clip reads the gradient twice and writes it once (12 bytes).
// The bound is those bytes at the bandwidth of the simplest in-place pass, x ← x·1 over 256 MiB on
// the same threads (each byte read and written once): what any one-pass update can reach here.
//
//   swift run -c release OptimizerBenchmarks [--threads N]
// Prints one JSON line per case; compare with Scripts/torch_optimizers.py.
import Autograd
import BenchmarkSupport
import CVectorMath
import Foundation
import NN
import Tensor

startBenchmark()

let shape = [25_002, 256]
let count = shape[0] * shape[1]
var generator = RandomGenerator(seed: 0)
let gradient = Tensor.normal(shape, using: &generator) * 0.01

/// Milliseconds per byte moved by an in-place pass over 256 MiB (each byte read and written).
let millisecondsPerByte: Double = {
    var buffer = Tensor.ones([64 << 20])
    let ms = buffer.withUnsafeMutableBufferPointer { x in
        nonisolated(unsafe) let base = x.baseAddress!
        return medianMilliseconds(repetitions: 10) {
            Parallel.forEachChunk(count: x.count) { range in strand_scale(base + range.lowerBound, range.count, 1) }
        }
    }
    let bytes = Double(2 * 4 * buffer.count)
    print(#"{"case": "in_place_pass_256MiB", "ms": \#(ms), "gb_per_s": \#(bytes / ms / 1e6), "threads": \#(Threading.count)}"#)
    return ms / bytes
}()

func report(_ name: String, bytesPerElement: Int, ms: Double) {
    let bound = Double(bytesPerElement * count) * millisecondsPerByte
    print(#"{"case": "\#(name)", "params": \#(count), "ms": \#(ms), "bound_ms": \#(bound), "ratio_to_bound": \#(ms / bound), "threads": \#(Threading.count)}"#)
}

func timeOptimizer(_ name: String, bytesPerElement: Int, _ make: ([Parameter]) -> Optimizer) {
    let parameter = Parameter(gradient * 100)
    parameter.grad = gradient
    let optimizer = make([parameter])
    report(name, bytesPerElement: bytesPerElement, ms: medianMilliseconds(repetitions: 20) { optimizer.step() })
}

timeOptimizer("adam", bytesPerElement: 28) { Adam($0, learningRate: 1e-3) }
timeOptimizer("adamw", bytesPerElement: 28) { AdamW($0, learningRate: 1e-3, weightDecay: 0.01) }
timeOptimizer("sgd_momentum", bytesPerElement: 20) { SGD($0, learningRate: 0.1, momentum: 0.9) }

let clipped = Parameter(Tensor.zeros(shape))
report("clip_grad_norm", bytesPerElement: 12, ms: medianMilliseconds(repetitions: 20) {
    clipped.grad = gradient * 1            // a fresh gradient each time, so every call scales it
    clipGradientNorm([clipped], maxNorm: 1e-3)
} - medianMilliseconds(repetitions: 20) { clipped.grad = gradient * 1 })
