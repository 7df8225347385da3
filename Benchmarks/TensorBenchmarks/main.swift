// Micro-benchmarks of the Tensor module, on the same operations and sizes as the NumPy anchor
// (Benchmarks/Scripts/numpy_ops.py), plus Strand's matmul against a raw `cblas_sgemm` call.
//
//   swift run -c release TensorBenchmarks [--threads N]
//
// Prints one JSON line per (op, size) with the median milliseconds over repeated runs.
import BenchmarkSupport
import COpenBLAS
import Foundation
import Tensor

func report(_ fields: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Keeps results alive so the optimiser cannot drop the work that made them.
nonisolated(unsafe) var sink: Float = 0

startBenchmark()
let threads = Threading.count

var generator = RandomGenerator(seed: 0)
for n in [1 << 20, 1 << 24] {
    let a = Tensor.normal([n], using: &generator)
    let b = Tensor.normal([n], using: &generator)
    let m = a.reshaped([-1, 1024])
    let operations: [(String, () -> Tensor)] = [
        ("add", { a + b }), ("mul", { a * b }), ("exp", { exp(a) }), ("tanh", { tanh(a) }),
        ("sum_axis1", { m.sum(axis: 1) }), ("softmax_rows", { m.softmax(axis: 1) }),
    ]
    for (name, operation) in operations {
        let ms = medianMilliseconds(repetitions: 20) { sink += operation().scalars[0] }
        report(["op": name, "n": n, "ms": ms, "threads": threads])
    }
}

for n in [256, 512, 1024, 2048] {
    let x = Tensor.normal([n, n], using: &generator)
    let y = Tensor.normal([n, n], using: &generator)
    let flops = 2 * Double(n * n * n)
    let strand = medianMilliseconds(repetitions: 10) { sink += matmul(x, y).scalars[0] }
    var output = [Float](repeating: 0, count: n * n)
    // The raw call gets OpenBLAS's threads at the same count Strand uses.
    openblas_set_num_threads(Int32(threads))
    let raw = medianMilliseconds(repetitions: 10) {
        x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                            px.baseAddress, Int32(n), py.baseAddress, Int32(n), 0, &output, Int32(n))
            }
        }
        sink += output[0]
    }
    _ = matmul(x, y)  // hands OpenBLAS's thread setting back to Strand
    report(["op": "matmul", "n": n, "ms": strand, "gflops": flops / strand / 1e6, "threads": threads])
    report(["op": "raw_sgemm", "n": n, "ms": raw, "gflops": flops / raw / 1e6, "threads": threads])
}
