// The time to average one training step's gradients over the ranks, for each model of
// ModelBenchmarks (whose parameter counts are below), as DataParallel does it: an in-place
// all-reduce of float32 values. Run it under mpirun, one process per rank:
//
//   swift build -c release --product AllReduceBenchmarks
//   mpirun -np 2 .build/release/AllReduceBenchmarks [--repetitions 10] [--bucket-mib 25]
//
// Rank 0 prints the runtime report and Open MPI's version, then one JSON line per model: the
// median milliseconds of one all-reduce of the whole gradient, of the same gradient in DDP's
// 25 MiB buckets (one after another), and the bus bandwidth the whole one implies
// (a ring all-reduce moves 2(N−1)/N of the bytes through each link).
import BenchmarkSupport
import Distributed
import Foundation
import Tensor

/// Parameter counts of ModelBenchmarks' models, from their definitions (weights + biases):
let models: [(name: String, parameters: Int)] = [
    // Embedding 25,002 × 256; RNN(256, 5): 5·256 + 5·5 + 2·5; RNN(5, 5): 25 + 25 + 10; Linear(5, 2): 12
    ("plain_rnn", 25_002 * 256 + (1_280 + 25 + 10) + (25 + 25 + 10) + 12),
    // Embedding 25,002 × 100; bidirectional LSTM, per direction 4H·I + 4H·H + 2·4H with H 256, I 100 then 512; Linear(512, 1)
    ("packed_bilstm", 25_002 * 100 + 2 * (1_024 * 100 + 1_024 * 256 + 2_048) + 2 * (1_024 * 512 + 1_024 * 256 + 2_048) + 513),
    // Embedding 25,002 × 100; Conv2d(1, 64, (k, 100)) for k = 3, 4, 5; Linear(192, 1)
    ("kim_cnn", 25_002 * 100 + [3, 4, 5].map { 64 * $0 * 100 + 64 }.reduce(0, +) + 193),
    // Embedding 5,000 × 100; Conv1d(100, 50, k) for k = 1, 2, 3; Linear(150, 100); Linear(100, 4)
    ("ngram_cnn", 5_000 * 100 + [1, 2, 3].map { 50 * 100 * $0 + 50 }.reduce(0, +) + 15_100 + 404),
    // Embedding 8,000 × 400; LSTM 400 → 1152 → 1152 → 400 (4H·I + 4H·H + 2·4H each); Linear(1200, 50); Linear(50, 2)
    ("awd_stack", 8_000 * 400 + [(400, 1_152), (1_152, 1_152), (1_152, 400)].map { 4 * $1 * $0 + 4 * $1 * $1 + 8 * $1 }.reduce(0, +) + 60_050 + 102),
    // LSTM(128, 128)
    ("lstm_128", 4 * 128 * 128 * 2 + 8 * 128),
]

let group = try ProcessGroup()
let repetitions = option("--repetitions").flatMap(Int.init) ?? 10
let bucketFloats = (option("--bucket-mib").flatMap(Int.init) ?? 25) * 1024 * 1024 / MemoryLayout<Float>.stride
if group.isMain {
    startBenchmark()
    print("\(ProcessGroup.libraryVersion) | \(group.worldSize) processes, \(group.localSize) on this machine")
}

/// The median ms of `body`, each run started together on every rank (a barrier first, not timed).
func timed(_ group: ProcessGroup, _ body: () -> Void) -> Double {
    for _ in 0..<3 { group.barrier(); body() }
    let clock = ContinuousClock()
    let times = (0..<repetitions).map { _ -> Double in
        group.barrier()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
    }
    return times.sorted()[times.count / 2]
}

var latency = Tensor.zeros([1])
let latencyMs = timed(group) { group.allReduce(&latency) }
if group.isMain { print(#"{"model": "one_float", "bytes": 4, "ms_whole": \#((latencyMs * 1000).rounded() / 1000)}"#) }
for (name, count) in models {
    var gradient = Tensor.ones([count])
    let whole = timed(group) { group.allReduce(&gradient) }
    // The same values in buckets of at most --bucket-mib, reduced one after another.
    var pieces = stride(from: 0, to: count, by: bucketFloats).map { Tensor.ones([min(bucketFloats, count - $0)]) }
    let bucketed = timed(group) { for index in pieces.indices { group.allReduce(&pieces[index]) } }
    let bytes = count * MemoryLayout<Float>.stride
    let busGBps = 2 * Double(group.worldSize - 1) / Double(group.worldSize) * Double(bytes) / (whole / 1e3) / 1e9
    if group.isMain {
        print(#"{"model": "\#(name)", "parameters": \#(count), "bytes": \#(bytes), "ms_whole": \#((whole * 100).rounded() / 100), "ms_buckets": \#((bucketed * 100).rounded() / 100), "bus_GB_per_s": \#((busGBps * 100).rounded() / 100)}"#)
    }
}
group.finalize()
