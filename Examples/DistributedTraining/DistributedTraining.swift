// Data-parallel training on several processes: an LSTM review classifier (notebook 000's kind of
// model) on the bundled IMDB sample, each rank training on its shard of every epoch with the
// gradients averaged over the ranks, then per-rank and global throughput.
//
//   swift build -c release --product DistributedTraining
//   mpirun -np 2 .build/release/DistributedTraining [--full] [--epochs 3] [--batch-size 32] [--output output/distributed-training]
//
// --batch-size is per rank: the global batch is it times the number of processes. As root, add
// --allow-run-as-root to mpirun. Rank 0 prints the epoch table and writes the checkpoint.
import ArgumentParser
import Distributed
import ExampleSupport
import Foundation
import Strand

@main
struct DistributedTraining: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train an LSTM review classifier on every process of an mpirun job at once.")

    @Flag(help: "Use the 25,000 fetched IMDB reviews (scripts/fetch-data) instead of the bundled 1,000.")
    var full = false

    @Option(help: "Training epochs.") var epochs = 3
    @Option(help: "Reviews per batch on each process (the global batch is this times the number of processes).") var batchSize = 32
    @Option(help: "Tokens kept from the start of each review.") var maxLength = 200
    @Option(help: "Seed for the split, initialisation, dropout and batch order (the same on every process).") var seed: UInt64 = 2026
    @Option(help: "Folder for rank 0's checkpoint.") var output = "output/distributed-training"

    mutating func run() throws {
        let group = try ProcessGroup()
        defer { group.finalize() }
        // The ranks on one machine share its cores.
        Threading.setCount(max(1, ProcessInfo.processInfo.activeProcessorCount / group.localSize))
        if group.isMain {
            print(RuntimeReport.current)
            print("\(ProcessGroup.libraryVersion) | \(group.worldSize) process(es), global batch \(batchSize * group.worldSize)")
        }
        RandomGenerator.manualSeed(seed &+ UInt64(group.rank))  // dropout differs by rank; the weights come from rank 0
        let (train, valid, vocabularySize) = try encodedReviews(full: full, seed: seed, maxLength: maxLength)
        let sampler = DistributedSampler(count: train.count, group: group, seed: seed)
        let validOrder = stride(from: 0, to: valid.count, by: 64).map { Array($0..<min($0 + 64, valid.count)) }
        // Training batches: this rank's shard of each epoch's order. Validation: every N-th batch.
        let batchSize = batchSize
        let data = DataLoaders(train: { train.batches(sampler.batches(epoch: $0, batchSize: batchSize), paddingIndex: 1) },
                               valid: valid.batches(group.share(of: validOrder), paddingIndex: 1))
        let model = LSTMClassifier(vocabularySize: vocabularySize)
        let criterion = CrossEntropyLoss()
        let learner = Learner(model: model, data: data, forward: { model($0.timeMajorIDs, lengths: $0.lengths) }, loss: { criterion($0, $1.labels!) },
                              scores: { ($0.value, $1.labels!) }, metrics: [Accuracy()])
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        learner.toDistributed(group, checkpoint: URL(fileURLWithPath: output).appendingPathComponent("model.safetensors"))
        let throughput = TokenCounter()
        learner.fitOneCycle(epochs: epochs, maxLearningRate: 1e-2, callbacks: [throughput])
        throughput.report(group)
    }

    /// The train and validation reviews as token ids, cut to `maxLength` tokens, and the vocabulary's size.
    func encodedReviews(full: Bool, seed: UInt64, maxLength: Int) throws -> (EncodedReviews, EncodedReviews, Int) {
        let loaded = try IMDBReviews.load(full: full, seed: seed)
        let tokenizer = WordTokenizer()
        let tokens = [loaded.train, loaded.valid].map { part in part.texts.map { Array(tokenizer.tokenize($0).prefix(maxLength)) } }
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: 25_000, specials: ["<unk>", "<pad>"], unknownToken: "<unk>")
        let parts = zip([loaded.train, loaded.valid], tokens).map { EncodedReviews($0, tokens: $1, vocabulary: vocabulary) }
        return (parts[0], parts[1], vocabulary.count)
    }
}
