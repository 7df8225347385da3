import ArgumentParser
import Foundation
import Strand

/// `strand train`: a CSV with a text and a label column in, a trained classifier folder out.
///
/// The rows are split (stratified, seeded) into training, validation and test parts; the texts are
/// tokenised with fastai's rules and numericalised with a vocabulary counted on the training part;
/// the model trains with the one-cycle policy (AdamW, gradient clipping at norm 1), keeping the
/// epoch with the lowest validation loss; the test part gives `metrics.json`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train a text classifier on a CSV file.")

    @Option(help: "The CSV file (a header row, then one text per row).") var csv: String
    @Option(help: "The column holding the text.") var textColumn = "text"
    @Option(help: "The column holding the label; any number of classes.") var labelColumn = "label"
    @Option(help: "The encoder: lstm, bilstm (both directions), cnn (filters of 3, 4 and 5 tokens) or awd (fastai's AWD-LSTM classifier).")
    var model: TextClassifier.Architecture = .lstm
    @Option(help: "Pretrained word vectors for the embedding (GloVe or word2vec text, or word2vec binary `.bin`); their size sets the embedding size.")
    var vectors: String?
    @Option(help: "Training epochs.") var epochs = 3
    @Option(help: "The folder to write (configuration, vocabulary, labels, weights, metrics.json).") var output: String
    @Flag(help: "Replace --output if it exists.") var overwrite = false
    @Option(help: "Embedding size (without --vectors).") var embeddingSize = 64
    @Option(help: "LSTM hidden size (the AWD-LSTM's inner LSTMs'), or filters per width for the CNN.") var hiddenSize = 64
    @Option(help: "The highest learning rate of the one-cycle schedule.") var learningRate: Float = 5e-3
    @Option(help: "Texts per training batch.") var batchSize = 32
    @Option(help: "Fewest occurrences in the training part for a token to get its own id (rarer ones become xxunk).") var minFrequency = 2
    @Option(help: "Most tokens in the vocabulary, special tokens included.") var maxVocabulary = 30_000
    @Option(help: "Share of the rows held out for validation.") var validFraction = 0.1
    @Option(help: "Share of the rows held out for the test figures.") var testFraction = 0.1
    @Option(help: "Keep only each text's first N tokens (the number of texts cut is reported); default: whole texts.") var maxTokens: Int?
    @Option(help: "Seed for the split, the initial weights and the batch order.") var seed: UInt64 = 1
    @Option(help: "Threads (default: every core).") var threads: Int?

    func validate() throws {
        guard epochs > 0, batchSize > 0, embeddingSize > 0, hiddenSize > 0, minFrequency > 0, maxVocabulary > 0 else {
            throw ValidationError("--epochs, --batch-size, --embedding-size, --hidden-size, --min-frequency and --max-vocabulary must be positive")
        }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be positive, got \(maxTokens)") }
        guard validFraction > 0, testFraction > 0, validFraction + testFraction < 1 else {
            throw ValidationError("--valid-fraction (\(validFraction)) and --test-fraction (\(testFraction)) must be positive and leave rows for training")
        }
    }

    func run() throws {
        if let threads { Threading.setCount(threads) }
        print(RuntimeReport.current)
        let folder = URL(fileURLWithPath: output)
        try checkOutputIsFree(output, overwrite: overwrite)
        let data = try ClassifierData(csv: csv, textColumn: textColumn, labelColumn: labelColumn,
                                      fractions: [1 - validFraction - testFraction, validFraction, testFraction], seed: seed,
                                      minFrequency: minFrequency, maxVocabulary: maxVocabulary, maxTokens: maxTokens)
        print(data.summary)

        RandomGenerator.manualSeed(seed)
        let pretrained = try vectors.map { try pretrainedRows(from: $0, vocabulary: data.vocabulary) }
        let configuration = TextClassifier.Configuration(
            architecture: model, vocabularySize: data.vocabulary.count, embeddingSize: pretrained?.shape[1] ?? embeddingSize,
            hiddenSize: hiddenSize, classes: data.labels.classes.count, paddingID: data.paddingID)
        let classifier = TextClassifier(configuration, pretrained: pretrained)

        let learner = makeLearner(classifier, data: data)
        let best = SaveBestModel()
        let records = learner.fitOneCycle(epochs: epochs, maxLearningRate: LearningRates(learningRate), callbacks: [best])
        let test = learner.classificationMetrics(data.batches(data.test, model: classifier), classes: configuration.classes)
        print("\nTest part (\(data.test.count) texts), the weights of epoch \(best.bestEpoch.map(String.init) ?? "–"):")
        print(test.report(classNames: data.labels.classes))

        let trained = TrainedClassifier(model: classifier, vocabulary: data.vocabulary, labels: data.labels)
        try trained.write(to: folder, metrics: metricsJSON(test, records: records, bestEpoch: best.bestEpoch, data: data), replacing: overwrite)
        print("\nWrote the classifier to \(folder.path): try `strand predict \(output) \"some text\"` or `strand explain \(output) \"some text\"`")
    }

    func makeLearner(_ classifier: TextClassifier, data: ClassifierData) -> Learner<PaddedBatch, Variable> {
        var generator = RandomGenerator(seed: seed &+ 1)
        let lengths = data.train.ids.map(\.count)
        let batchSize = self.batchSize
        let loaders = DataLoaders(train: { _ in data.batches(data.train, order: BatchSampling.sortish(lengths: lengths, batchSize: batchSize, using: &generator), model: classifier) },
                                  valid: data.batches(data.valid, model: classifier))
        let criterion = CrossEntropyLoss()
        return Learner(model: classifier, data: loaders, forward: { classifier($0.ids, lengths: $0.lengths) }, loss: { criterion($0, $1.labels!) },
                       scores: { ($0.value, $1.labels!) }, metrics: [Accuracy(), F1Score(average: .macro)],
                       optimizer: { AdamW(groups: $0, learningRate: learningRate, weightDecay: 0.01) }, learningRate: LearningRates(learningRate),
                       callbacks: [GradientClip(maxNorm: 1)])
    }

    /// The embedding rows of the vocabulary's tokens from a vectors file; tokens it lacks get
    /// random rows, the padding token zeros.
    func pretrainedRows(from path: String, vocabulary: Vocabulary) throws -> Tensor {
        let url = URL(fileURLWithPath: path)
        let vectors = url.pathExtension == "bin" ? try WordVectors.readWord2VecBinary(url) : try WordVectors.readText(url)
        var generator = RandomGenerator(seed: seed &+ 2)
        let (matrix, found) = vectors.embeddingMatrix(for: vocabulary, zeroRows: [vocabulary[SpecialTokens.padding]], using: &generator)
        print("vectors: \(vectors.count) words of \(vectors.dimension) values; \(found) of the \(vocabulary.count) tokens found")
        return matrix
    }

    func metricsJSON(_ test: ClassificationMetrics, records: [EpochRecord], bestEpoch: Int?, data: ClassifierData) -> [String: Any] {
        ["test": ["accuracy": test.accuracy, "f1_macro": test.macro(test.f1), "f1_weighted": test.weighted(test.f1),
                  "precision": test.precision, "recall": test.recall, "f1": test.f1, "confusion": test.confusion, "texts": test.total],
         "classes": data.labels.classes,
         "epochs": records.map(\.json),
         "best_epoch": bestEpoch.map { $0 as Any } ?? NSNull(),
         "texts": ["train": data.train.count, "valid": data.valid.count, "test": data.test.count],
         "source": ["csv": csv, "text_column": textColumn, "label_column": labelColumn, "seed": seed, "max_tokens": maxTokens.map { $0 as Any } ?? NSNull()]]
    }
}
