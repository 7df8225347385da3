// Notebook 002: a plain RNN classifies IMDB reviews. Embedding(25,000 most frequent + <unk>, <pad>;
// 256) → two stacked tanh RNN layers (hidden 5) → Linear(5, 2); cross-entropy, Adam 1e-3, batches
// of 128 reviews of similar length (torchtext's BucketIterator), 20 epochs. Three opt-in departures
// from the notebook, each a common practice: --clean-html, --max-grad-norm, --keep-best.
//
//   swift run -c release RNNSentiment [--full] [--epochs 20] [--seed 2] [--output output/rnn-sentiment]
import ArgumentParser
import ExampleSupport
import Foundation
import Strand

@main
struct RNNSentiment: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Notebook 002: a plain two-layer RNN sentiment classifier on IMDB reviews.")

    @Flag(help: "Use the 25,000 fetched IMDB reviews (scripts/fetch-data), split 20,000 / 2,500 / 2,500, instead of the bundled 1,000.")
    var full = false

    @Option(help: "Training epochs.") var epochs = 20
    @Option(help: "Seed for the split, initialisation and batch order.") var seed: UInt64 = 2
    @Option(help: "Folder for metrics.json and the trained weights.") var output = "output/rnn-sentiment"
    @Option(help: "Clip the gradients' global norm to this before each step, like torch.nn.utils.clip_grad_norm_ (the notebook does not clip).")
    var maxGradNorm: Float?
    @Flag(help: "Remove the reviews' HTML (<br />, entities) before tokenising, as fastai does (the notebook keeps it).")
    var cleanHTML = false
    @Flag(help: "Test with the weights of the epoch with the best validation accuracy, as fastai's SaveModelCallback does (the notebook tests the last epoch's).")
    var keepBest = false
    @Option(help: "Threads for Strand and OpenBLAS (default: every core), like torch.set_num_threads.") var threads: Int?

    mutating func run() throws {
        if let threads { Threading.setCount(threads) }
        print(RuntimeReport.current)
        RandomGenerator.manualSeed(seed)
        let loaded = try IMDBReviews.load(full: full, seed: seed)
        let parts = [loaded.train, loaded.valid, loaded.test]
        let tokenizer = WordTokenizer()
        let tokens = parts.map { part in part.texts.map { tokenizer.tokenize(cleanHTML ? Strand.cleanHTML($0) : $0) } }
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: 25_000, specials: ["<unk>", "<pad>"], unknownToken: "<unk>")
        printVocabularyFacts(vocabulary, tokens[0])

        let splits = zip(parts, tokens).map { EncodedReviews($0, tokens: $1, vocabulary: vocabulary) }
        let model = SimpleRNN(vocabularySize: vocabulary.count)
        let criterion = CrossEntropyLoss()
        var generator = RandomGenerator(seed: seed &+ 1)
        func order(_ split: EncodedReviews) -> [[Int]] { BatchSampling.buckets(lengths: split.ids.map(\.count), batchSize: 128, using: &generator) }
        let validOrder = order(splits[1]), testOrder = order(splits[2])
        let trainOrders = (0..<epochs).map { _ in order(splits[0]) }
        try RunExport()?.write(name: "rnn", model: model, paddingIndex: 1, splits: ["train": splits[0], "valid": splits[1], "test": splits[2]],
                               batches: RunExport.batchLists(valid: validOrder, test: testOrder, trainEpochs: trainOrders))
        let batches = DataLoaders(train: { splits[0].batches(trainOrders[$0], paddingIndex: 1) }, valid: splits[1].batches(validOrder, paddingIndex: 1))
        let learner = Learner(model: model, data: batches, forward: { model($0.timeMajorIDs) }, loss: { criterion($0, $1.labels!) },
                              scores: { ($0.value, $1.labels!) }, metrics: [Accuracy()], optimizer: { Adam(groups: $0, learningRate: 1e-3) },
                              callbacks: maxGradNorm.map { [GradientClip(maxNorm: $0)] } ?? [])
        let start = Date()
        let records = learner.fit(epochs: epochs, callbacks: keepBest ? [SaveBestModel(monitor: .metric("accuracy"))] : [])
        let test = learner.validate(splits[2].batches(testOrder, paddingIndex: 1))
        let (testLoss, testAccuracy) = (test.loss, test[metric: "accuracy"]!)
        print(String(format: "test loss %.4f, test accuracy %.4f", testLoss, testAccuracy))

        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try model.save(to: folder.appendingPathComponent("model.safetensors"))
        let metrics: [String: Any] = ["test_loss": testLoss, "test_accuracy": testAccuracy, "epochs": records.count, "vocabulary": vocabulary.count,
                                      "train_reviews": splits[0].ids.count, "seed": seed,
                                      "clean_html": cleanHTML, "max_grad_norm": maxGradNorm.map { Double($0) } ?? NSNull(), "keep_best": keepBest,
                                      "valid_accuracy": records.compactMap { $0[metric: "accuracy"] }, "epoch_seconds": records.map(\.seconds),
                                      "seconds_per_epoch": Date().timeIntervalSince(start) / Double(max(records.count, 1))]
        try JSONSerialization.data(withJSONObject: metrics, options: [.prettyPrinted, .sortedKeys]).write(to: folder.appendingPathComponent("metrics.json"))
        print("Wrote metrics.json and model.safetensors to \(folder.path)")
    }

    func printVocabularyFacts(_ vocabulary: Vocabulary, _ documents: [[String]]) {
        var counts: [String: Int] = [:]
        for document in documents { for token in document { counts[token, default: 0] += 1 } }
        print("vocabulary size: \(vocabulary.count)")
        print("most frequent: " + vocabulary.tokens.dropFirst(2).prefix(20).map { "(\($0), \(counts[$0] ?? 0))" }.joined(separator: " "))
        print("itos[:10]: \(Array(vocabulary.tokens.prefix(10)))")
    }
}

/// Embedding(vocabulary, 256) → RNN(256, 5) → RNN(5, 5) → Linear(5, 2) on the last hidden state.
final class SimpleRNN: Module {
    let embedding: Embedding
    let first = RNN(256, 5), second = RNN(5, 5)
    let output = Linear(5, 2)

    init(vocabularySize: Int) { embedding = Embedding(count: vocabularySize, dimension: 256) }

    func callAsFunction(_ ids: IntTensor) -> Variable {                  // ids: [T, B]
        output(second(first(embedding(ids)).output).hidden.squeezed(axis: 0))
    }
}
