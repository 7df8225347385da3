// Trains a small classifier (Embedding → LSTM → Linear) for a few steps on synthetic sequences
// under mpirun, for Tests/DistributedTests: run on 1 process with global batch B and on N with
// B / N each, both must end with the same parameters (the embedding is frozen after the first
// epoch, so the gradient buckets change mid-fit). Every rank writes its parameters (and
// rank 0 the global validation figures), so the test can compare ranks and runs.
//
//   mpirun -np 2 DistributedCheck --output DIR [--epochs 2] [--global-batch 16] [--bucket-bytes 8192]
//       [--checkpoint-steps 1] [--die-at-step S | --hang-at-step S] [--timeout SECONDS] [--mismatch] [--uneven]
//
// --die-at-step S: rank 1 exits (status 3) during training step S + 1; --hang-at-step S: rank 1 stops
// answering after step S — the faults the test checks end the run instead of hanging it.
import Autograd
import Distributed
import Foundation
import NN
import Tensor

func option(_ name: String) -> String? {
    CommandLine.arguments.firstIndex(of: name).flatMap { $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil }
}

let (vocabulary, length, classes) = (32, 10, 3)

/// Embedding(32, 16) → LSTM(16, 32) → Linear(32, 3) on the last hidden state, and a buffer that
/// each rank sets to its own rank before training (the broadcast must make them equal).
final class Classifier: Module {
    let embedding = Embedding(count: vocabulary, dimension: 16)
    let lstm: LSTM
    let output: Linear
    let marker: Buffer

    init(rank: Int, hidden: Int = 32) {
        (lstm, output) = (LSTM(16, hidden, batchFirst: true), Linear(hidden, classes))
        marker = Buffer(Tensor([Float(rank)]))
        super.init()
    }

    func callAsFunction(_ ids: IntTensor) -> Variable {                // ids: [B, T]
        output(lstm(embedding(ids)).hidden.squeezed(axis: 0))
    }
}

/// Sequences of random tokens whose class is the sum of their ids modulo 3 (seeded).
func makeData(count: Int, seed: UInt64) -> (ids: [[Int]], labels: [Int]) {
    var generator = RandomGenerator(seed: seed)
    let ids = (0..<count).map { _ in (0..<length).map { _ in generator.nextInt(below: vocabulary) } }
    return (ids, ids.map { $0.reduce(0, +) % classes })
}

typealias Batch = (ids: IntTensor, labels: IntTensor)

func batch(_ indices: [Int], of data: (ids: [[Int]], labels: [Int])) -> Batch {
    (IntTensor(shape: [indices.count, length], scalars: indices.flatMap { data.ids[$0] }), IntTensor(indices.map { data.labels[$0] }))
}

/// Simulates a rank failing after a given training step.
final class FaultInjection: LearnerCallback {
    let rank: Int, dieAt: Int?, hangAt: Int?
    init(rank: Int, dieAt: Int?, hangAt: Int?) { (self.rank, self.dieAt, self.hangAt) = (rank, dieAt, hangAt) }

    func afterBatch<B, O>(_ learner: Learner<B, O>) {
        guard rank == 1, learner.isTrainingPass else { return }
        if learner.trainIteration == dieAt {
            // Half a second into the next step, as a crash in its computation: rank 0 has long
            // finished writing its checkpoint and waits in the next all-reduce.
            usleep(500_000)
            FileHandle.standardError.write(Data("DistributedCheck: rank 1 exits during step \(learner.trainIteration + 1) (simulated failure)\n".utf8))
            exit(3)
        }
        if learner.trainIteration == hangAt {
            FileHandle.standardError.write(Data("DistributedCheck: rank 1 hangs after step \(learner.trainIteration) (simulated failure)\n".utf8))
            while true { sleep(1000) }
        }
    }
}

/// Freezes the embedding from the second epoch on, so the gradient buckets are rebuilt mid-fit.
final class FreezeEmbedding: LearnerCallback {
    func beforeEpoch<B, O>(_ learner: Learner<B, O>) {
        if learner.epoch == 1 { learner.model.freeze { $0.hasPrefix("embedding.") } }
    }
}

/// Runs `body` after every training step.
final class EveryStep: LearnerCallback {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
    func afterBatch<B, O>(_ learner: Learner<B, O>) { if learner.isTrainingPass { body() } }
}

let group: ProcessGroup
do {
    group = try ProcessGroup(timeout: option("--timeout").flatMap(Double.init) ?? 60)
} catch {
    FileHandle.standardError.write(Data("DistributedCheck: \(error)\n".utf8))
    exit(2)
}
Threading.setCount(1)
let output = URL(fileURLWithPath: option("--output") ?? "distributed-check")
let epochs = option("--epochs").flatMap(Int.init) ?? 2
let globalBatch = option("--global-batch").flatMap(Int.init) ?? 16
strandPrecondition(globalBatch % group.worldSize == 0, "DistributedCheck: global batch \(globalBatch) is not a multiple of \(group.worldSize) ranks")

// A different seed on every rank: the broadcast of rank 0's weights is what makes them agree.
RandomGenerator.manualSeed(100 + UInt64(group.rank))
// --mismatch: rank 1 builds a wider model, which the broadcast must refuse.
let model = Classifier(rank: group.rank, hidden: CommandLine.arguments.contains("--mismatch") && group.rank == 1 ? 33 : 32)
let (train, valid) = (makeData(count: 64, seed: 1), makeData(count: 20, seed: 2))
let sampler = DistributedSampler(count: train.ids.count, group: group, seed: 7)
let validBatches = stride(from: 0, to: valid.ids.count, by: 5).map { Array($0..<$0 + 5) }
// --uneven: rank 1 leaves out its last batch, which DataParallel must refuse before training.
let dropsABatch = CommandLine.arguments.contains("--uneven") && group.rank == 1
let data = DataLoaders<Batch>(train: { epoch in sampler.batches(epoch: epoch, batchSize: globalBatch / group.worldSize).dropLast(dropsABatch ? 1 : 0).map { batch($0, of: train) } },
                              valid: stride(from: group.rank, to: validBatches.count, by: group.worldSize).map { batch(validBatches[$0], of: valid) })
let criterion = CrossEntropyLoss()
let learner = Learner(model: model, data: data, forward: { model($0.ids) }, loss: { criterion($0, $1.labels) },
                      scores: { ($0.value, $1.labels) }, metrics: [Accuracy()], optimizer: { Adam(groups: $0, learningRate: 1e-2) })
learner.showsProgress = false
try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
let parallel = DataParallel(group: group, bucketBytes: option("--bucket-bytes").flatMap(Int.init) ?? 8192,
                            checkpoint: output.appendingPathComponent("checkpoint.safetensors"),
                            checkpointSteps: option("--checkpoint-steps").flatMap(Int.init))
learner.add(parallel, FreezeEmbedding(), FaultInjection(rank: group.rank, dieAt: option("--die-at-step").flatMap(Int.init), hangAt: option("--hang-at-step").flatMap(Int.init)))
var overlap = "none"
learner.add(EveryStep { overlap = parallel.reducer.map { "\($0.bucketsStartedDuringBackward) of \($0.bucketCount)" } ?? "none" })
let records = learner.fit(epochs: epochs)
let last = records.last!
print("rank \(group.rank) of \(group.worldSize): valid_loss \(last.validLoss) accuracy \(last[metric: "accuracy"]!)")
print("rank \(group.rank): gradient buckets started during backward in the last step: \(overlap)")
try model.save(to: output.appendingPathComponent("np\(group.worldSize)-rank\(group.rank).safetensors"))
if group.isMain {
    let figures: [String: Any] = ["valid_loss": records.map { Double($0.validLoss) }, "accuracy": records.map { $0[metric: "accuracy"]! }]
    try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]).write(to: output.appendingPathComponent("np\(group.worldSize)-metrics.json"))
}
group.finalize()
