import Distributed
import Foundation
import NN
import Tensor
import Testing

/// `DistributedCheck` run under `mpirun` on this machine: one process against two, and two whose
/// rank 1 dies or hangs. Skipped, with the reason, where Open MPI's `mpirun` is not installed.
@Suite(.serialized) final class DistributedTrainingTests {
    /// The check beside the test binary: SwiftPM builds it first, since this target depends on it.
    static let check = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("DistributedCheck")
    static let mpirun = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    static let skipReason: Comment = "mpirun not found: scripts/install-system-packages installs Open MPI (apt-get install openmpi-bin libopenmpi-dev)"

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strand-distributed-\(UUID())")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: folder) }

    struct Run {
        let status: Int32
        let output: String
        let seconds: Double
    }

    /// Runs `arguments` (mpirun's, then the program's) with root allowed, as CI runs as root.
    func run(_ executable: URL, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]) { $1 }
        let pipe = Pipe()
        (process.standardOutput, process.standardError) = (pipe, pipe)
        let start = Date()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }

    func check(processes: Int, _ options: [String] = []) throws -> Run {
        try run(Self.mpirun!, ["-np", "\(processes)", "--oversubscribe", Self.check.path, "--output", folder.path] + options)
    }

    func parameters(_ name: String) throws -> [(String, Tensor)] {
        try SafeTensors.read(folder.appendingPathComponent(name)).tensors.compactMap { key, value in
            if case .float(let tensor) = value { return (key, tensor) } else { return nil }
        }
    }

    @Test(.enabled(if: mpirun != nil, skipReason)) func twoProcessesTrainAsOneWithTheirGlobalBatch() throws {
        // Batches of 16 on one process; 8 on each of two, whose initial weights differ until rank
        // 0's are broadcast. Several small gradient buckets, so they start in turn during backward.
        let one = try check(processes: 1)
        #expect(one.status == 0, "\(one.output)")
        let two = try check(processes: 2)
        #expect(two.status == 0, "\(two.output)")
        let reference = try parameters("np1-rank0.safetensors")
        let (rank0, rank1) = (try parameters("np2-rank0.safetensors"), try parameters("np2-rank1.safetensors"))
        #expect(reference.map(\.0) == rank0.map(\.0))
        for ((key, expected), (_, found)) in zip(reference, rank0) {
            let difference = abs(expected - found).max().item
            #expect(difference < 1e-5, "\(key): 2 processes differ from 1 by \(difference) after 8 steps")
        }
        // Every rank took the same steps, and its buffers came from rank 0.
        for ((key, first), (_, second)) in zip(rank0, rank1) { #expect(first == second, "\(key) differs between the ranks") }
        #expect(rank1.first { $0.0 == "marker" }?.1.scalars == [0])
        // The validation figures are global on every rank, and those of one process.
        let figures = try ["np1", "np2"].map { name in
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("\(name)-metrics.json"))) as! [String: [Double]]
        }
        for (one, two) in zip(figures[0]["valid_loss"]!, figures[1]["valid_loss"]!) { #expect(abs(one - two) < 1e-5) }
        #expect(figures[0]["accuracy"] == figures[1]["accuracy"])
        let reported = two.output.split(separator: "\n").filter { $0.hasPrefix("rank ") && $0.contains("valid_loss") }.map { $0.split(separator: ":").last! }
        #expect(reported.count == 2 && reported[0] == reported[1], "\(two.output)")
        // Every bucket's all-reduce started from the gradient hooks, while backward was running;
        // 3 buckets of 8 KiB once the embedding is frozen (4 before).
        #expect(two.output.contains("rank 0: gradient buckets started during backward in the last step: 3 of 3"), "\(two.output)")
        // Only rank 0 prints the epoch table.
        #expect(two.output.components(separatedBy: "train_loss").count == 2, "\(two.output)")
    }

    @Test(.enabled(if: mpirun != nil, skipReason)) func aRankThatExitsEndsTheRunAndLeavesAWholeCheckpoint() throws {
        let run = try runWithFailingRank(["--die-at-step", "5", "--timeout", "20"])
        #expect(run.output.contains("rank 1 exits during step 6") && run.output.contains("non-zero"), "\(run.output)")
    }

    @Test(.enabled(if: mpirun != nil, skipReason)) func aRankThatHangsIsEndedByTheWatchdog() throws {
        let run = try runWithFailingRank(["--hang-at-step", "5", "--timeout", "3"])
        // Open MPI's own MPI_ABORT banner is not always printed (its help system sometimes fails
        // while the job is torn down); Strand's message is.
        #expect(run.output.contains("rank 0 of 2: all-reduce of gradient bucket 0") && run.output.contains("did not complete within 3.0 s"), "\(run.output)")
    }

    @Test(.enabled(if: mpirun != nil, skipReason)) func ranksWithDifferentModelsAreToldSo() throws {
        let run = try check(processes: 2, ["--mismatch", "--timeout", "20"])
        #expect(run.status != 0)
        #expect(run.output.contains("rank 1 of 2: Classifier has 7346, 1, 0 parameter, float buffer and integer buffer elements here, rank 0 has 7011, 1, 0"),
                "\(run.output)")
    }

    @Test(.enabled(if: mpirun != nil, skipReason)) func ranksWithDifferentStepCountsAreToldSo() throws {
        let run = try check(processes: 2, ["--uneven", "--timeout", "20"])
        #expect(run.status != 0)
        // Both ranks find the mismatch; the first to stop ends the job, so either message may be the one printed.
        #expect(["rank 1 of 2: this rank has 3", "rank 0 of 2: this rank has 4"].contains { run.output.contains($0 + " training batches per epoch, others have from 3 to 4") },
                "\(run.output)")
    }

    /// Two ranks set to train 20 epochs with a checkpoint every step, rank 1 failing as `fault`
    /// says: the run must end with an error within a minute and leave one whole checkpoint.
    func runWithFailingRank(_ fault: [String]) throws -> Run {
        let run = try check(processes: 2, ["--epochs", "20", "--checkpoint-steps", "1"] + fault)
        #expect(run.status != 0)
        #expect(run.seconds < 60)
        try expectOnlyAWholeCheckpoint()
        return run
    }

    /// The checkpoint rank 0 wrote is a complete file, and no temporary file is left beside it.
    func expectOnlyAWholeCheckpoint() throws {
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint.safetensors"])
        let model = try parameters("checkpoint.safetensors")
        #expect(model.map(\.0).sorted() == ["embedding.weight", "lstm.bias_hh_l0", "lstm.bias_ih_l0", "lstm.weight_hh_l0", "lstm.weight_ih_l0",
                                            "marker", "output.bias", "output.weight"])
    }

    @Test func outsideMPIRunTheGroupSaysHowToStartIt() throws {
        let run = try run(Self.check, ["--output", folder.path])
        #expect(run.status == 2)
        #expect(run.output.contains("runs under mpirun"), "\(run.output)")
    }
}

@Suite struct DistributedSamplerTests {
    @Test func shardsAreDisjointAndTogetherFormTheGlobalBatches() {
        let samplers = (0..<3).map { DistributedSampler(count: 30, rank: $0, worldSize: 3, seed: 5) }
        let global = samplers[0].globalOrder(epoch: 2)
        #expect(Set(samplers.flatMap { $0.indices(epoch: 2) }) == Set(0..<30))
        for k in 0..<5 {
            let union = samplers.flatMap { $0.batches(epoch: 2, batchSize: 2)[k] }
            #expect(Set(union) == Set(global[6 * k..<6 * (k + 1)]))
        }
        #expect(samplers[0].indices(epoch: 2) != samplers[0].indices(epoch: 3))
    }

    @Test func anUnevenRemainderIsPaddedOrDropped() {
        let padded = (0..<4).map { DistributedSampler(count: 10, rank: $0, worldSize: 4, shuffles: false).indices(epoch: 0) }
        #expect(padded == [[0, 4, 8], [1, 5, 9], [2, 6, 0], [3, 7, 1]])
        let dropped = (0..<4).map { DistributedSampler(count: 10, rank: $0, worldSize: 4, shuffles: false, remainder: .drop).indices(epoch: 0) }
        #expect(dropped == [[0, 4], [1, 5], [2, 6], [3, 7]])
    }

    @Test func shardedLoadersSplitWholeBatches() {
        let loaders = DataLoaders(train: Array(0..<5), valid: Array(0..<5))
        let shards = (0..<2).map { loaders.sharded(rank: $0, worldSize: 2) }
        #expect(shards.map { $0.train(0) } == [[0, 2, 4], [1, 3, 0]])
        #expect(shards.map(\.valid) == [[0, 2, 4], [1, 3]])
    }

    @Test func f1SumsAddUpAcrossShards() {
        let (whole, first, second) = (F1Score(average: .macro), F1Score(average: .macro), F1Score(average: .macro))
        let batches = [EvaluatedBatch(logits: Tensor([[1, 0, 0], [0, 1, 0]]), targets: IntTensor([0, 2]), loss: 0),
                       EvaluatedBatch(logits: Tensor([[0, 0, 1], [0, 1, 0]]), targets: IntTensor([2, 1]), loss: 0)]
        for batch in batches { whole.accumulate(batch) }
        first.accumulate(batches[0])
        second.accumulate(batches[1])
        let (a, b) = (first.sums, second.sums)
        first.sums = (0..<max(a.count, b.count)).map { (a.indices.contains($0) ? a[$0] : 0) + (b.indices.contains($0) ? b[$0] : 0) }
        #expect(first.value == whole.value)
    }
}
