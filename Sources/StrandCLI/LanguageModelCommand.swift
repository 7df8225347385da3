import ArgumentParser
import Foundation
import Strand

/// `strand lm`: an AWD-LSTM language model trained on a corpus (fastai's recipe: fastai's
/// tokenisation, the language-model stream of 72-token rows, one-cycle training with momentums
/// 0.8–0.7), written to a folder `strand generate` reads: `language_model.json` (the
/// configuration), `vocabulary.json`, `model.safetensors`, `metrics.json`.
struct LanguageModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lm", abstract: "Train an AWD-LSTM language model on a corpus, for `strand generate`.")

    static let configurationFile = "language_model.json"

    @Option(help: "The corpus: a text file with one document per line, or a CSV file with --text-column.") var corpus: String
    @Option(help: "With a CSV corpus: the column holding the text.") var textColumn: String?
    @Option(help: "The folder to write.") var output: String
    @Flag(help: "Replace --output if it exists.") var overwrite = false
    @Option(help: "Training epochs.") var epochs = 1
    @Option(help: "Embedding size (fastai: 400; smaller trains faster on a CPU).") var embeddingSize = 100
    @Option(help: "Hidden size of the LSTMs but the last (fastai: 1152).") var hiddenSize = 300
    @Option(help: "Fewest occurrences for a token to get its own id (fastai: 3).") var minFrequency = 3
    @Option(help: "Most tokens in the vocabulary (fastai: 60,000).") var maxVocabulary = 60_000
    @Option(help: "Rows per batch of 72 tokens.") var batchSize = 32
    @Option(help: "The highest learning rate of the one-cycle schedule.") var learningRate: Float = 1e-2
    @Option(help: "Seed for the split, the weights and the batch order.") var seed: UInt64 = 1
    @Option(help: "Threads (default: every core).") var threads: Int?

    func validate() throws {
        guard epochs > 0, embeddingSize > 0, hiddenSize > 0, minFrequency > 0, maxVocabulary > 0, batchSize > 0 else {
            throw ValidationError("--epochs, --embedding-size, --hidden-size, --min-frequency, --max-vocabulary and --batch-size must be positive")
        }
    }

    func run() throws {
        if let threads { Threading.setCount(threads) }
        print(RuntimeReport.current)
        try checkOutputIsFree(output, overwrite: overwrite)
        let documents = try readDocuments(corpus, textColumn: textColumn)
        var generator = RandomGenerator(seed: seed)
        var order = Array(documents.indices)
        generator.shuffle(&order)
        let tokens = FastaiTokenizer(addsBeginning: true).tokenize(order.map { documents[$0] })
        let vocabulary = Vocabulary.build(from: tokens, maxSize: maxVocabulary, minFrequency: minFrequency, tieBreaking: .firstOccurrence)
        let ids = vocabulary.encode(documents: tokens)
        // fastai's default: a tenth of the documents for validation.
        let validCount = Swift.max(1, ids.count / 10)
        let (valid, train) = (Array(ids.prefix(validCount)), Array(ids.dropFirst(validCount)))
        let (trainTokens, validTokens) = (train.joined().count, valid.joined().count)
        guard train.count > 0, trainTokens > 73 * batchSize, validTokens > 73 else {
            throw CommandError("\(quotedForMessage(corpus)) has \(ids.count) documents and \(trainTokens + validTokens) tokens: too few for batches of "
                               + "\(batchSize) rows of 72 tokens (lower --batch-size, or give more text)")
        }
        print("documents: \(train.count) train, \(valid.count) valid; tokens \(trainTokens) + \(validTokens); vocabulary \(vocabulary.count)")

        RandomGenerator.manualSeed(seed)
        var settings = AWDLSTMConfiguration.languageModel.droppingMore(by: 0.3)
        (settings.embeddingSize, settings.hiddenSize) = (embeddingSize, hiddenSize)
        let model = AWDLSTMLanguageModel(vocabularySize: vocabulary.count, configuration: settings)
        let batchSize = self.batchSize, seed = self.seed
        let validation = Array(LanguageModelStream(documents: valid, batchSize: Swift.min(batchSize, Swift.max(1, (validTokens - 1) / 73)), sequenceLength: 72))
        let data = DataLoaders<LanguageModelBatch>(train: { epoch in
            var generator = RandomGenerator(seed: seed &+ UInt64(epoch))
            return Array(LanguageModelStream(documents: train, batchSize: batchSize, sequenceLength: 72, using: &generator))
        }, valid: validation)
        let learner = Learner.languageModel(model, data: data, weightDecay: 0.1)
        let records = learner.fitOneCycle(epochs: epochs, maxLearningRate: LearningRates(learningRate))

        try writeModelFolder(URL(fileURLWithPath: output), replacing: overwrite) { folder in
            try JSONEncoder.sorted.encode(settings).write(to: folder.appendingPathComponent(Self.configurationFile))
            try vocabulary.save(to: folder.appendingPathComponent(TrainedClassifier.vocabularyFile))
            try model.save(to: folder.appendingPathComponent(TrainedClassifier.weightsFile))
            try writeJSON(["epochs": records.map(\.json), "corpus": corpus, "seed": seed], to: folder.appendingPathComponent(TrainedClassifier.metricsFile))
        }
        print("\nWrote the language model to \(output): try `strand generate \(output) --prompt \"This movie\"`")
    }
}

/// The documents of a corpus: one per line of a text file, or a CSV column.
func readDocuments(_ path: String, textColumn: String?) throws -> [String] {
    guard FileManager.default.fileExists(atPath: path) else { throw CommandError("no corpus at \(quotedForMessage(path))") }
    if let textColumn {
        // No label column is needed: the text column stands in for it.
        return try TextDataset.csv(URL(fileURLWithPath: path), textColumn: textColumn, labelColumn: textColumn).texts
    }
    return try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
}
