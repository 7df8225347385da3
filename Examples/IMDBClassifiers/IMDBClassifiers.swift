// Notebook 004: a packed BiLSTM and Kim's CNN on IMDB reviews, Layer Integrated Gradients on six
// sentences with the HTML view, then the CNN again with GloVe 50d vectors (when fetched).
//
//   swift run -c release IMDBClassifiers [--full] [--epochs 5] [--seed 4] [--output output/imdb-classifiers]
import ArgumentParser
import ExampleSupport
import Foundation
import Strand

@main
struct IMDBClassifiers: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Notebook 004: packed BiLSTM, Kim CNN, Integrated Gradients, CNN with GloVe.")

    @Flag(help: "Use the 25,000 fetched IMDB reviews (scripts/fetch-data) instead of the bundled 1,000.") var full = false
    @Option(help: "Most epochs per model (early stopping with patience 3 on the validation loss).") var epochs = 5
    @Option(help: "Seed for the split, initialisation, dropout and batch order.") var seed: UInt64 = 4
    @Option(help: "Folder for metrics.json, report.html and the weights.") var output = "output/imdb-classifiers"
    @Option(help: "Cut each review to its first N tokens (0: keep every review whole, as the notebook does; slower).") var maxTokens = 400
    @Option(help: "Threads for Strand and OpenBLAS (default: every core), like torch.set_num_threads.") var threads: Int?
    @Option(parsing: .upToNextOption, help: "Which models to train: bilstm, kim, glove (the notebook's three), bilstm_glove (the BiLSTM with GloVe 50d; not in the notebook).")
    var models = ["bilstm", "kim", "glove"]

    static let knownModels = ["bilstm", "kim", "glove", "bilstm_glove"]

    static let sentences = ["It was a fantastic performance !", "Best film ever", "Such a great show!",
                            "It was a horrible movie", "I've never watched something as bad", "It is a disgusting movie!"]

    func validate() throws {
        guard maxTokens >= 0 else { throw ValidationError("--max-tokens must be 0 (no cut) or positive, got \(maxTokens)") }
        let unknown = models.filter { !Self.knownModels.contains($0) }
        guard unknown.isEmpty else { throw ValidationError("unknown model(s) \(unknown); choose from \(Self.knownModels)") }
    }

    mutating func run() throws {
        if let threads { Threading.setCount(threads) }
        print(RuntimeReport.current)
        RandomGenerator.manualSeed(seed)
        let data = try ReviewSplits(full: full, seed: seed, maximumTokens: maxTokens > 0 ? maxTokens : nil)
        print("IMDB reviews: \(data.train.count) train, \(data.valid.count) valid, \(data.test.count) test; vocabulary \(data.vocabulary.count)")
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var metrics: [String: Any] = ["seed": seed, "train_reviews": data.train.count]
        var written: [String] = []
        /// Trains `model`, records its test figures under `name` and saves its weights as `name.safetensors`.
        func fit<M: Module>(_ model: M, as name: String, forward: @escaping (M, PaddedBatch) -> Variable) throws {
            metrics[name] = try train(model, name: name, data: data, forward: forward)
            try model.save(to: folder.appendingPathComponent("\(name).safetensors"))
            written.append("\(name).safetensors")
        }
        let recurrent = { (model: BiLSTMClassifier, batch: PaddedBatch) in model(batch.timeMajorIDs, lengths: batch.lengths) }
        let convolutional = { (model: KimCNN, batch: PaddedBatch) in model(batch.ids) }

        if models.contains("bilstm") {
            print("\n== BiLSTM (packed, 2 layers, bidirectional, hidden 256)")
            try fit(BiLSTMClassifier(vocabularySize: data.vocabulary.count, paddingIndex: data.paddingID), as: "bilstm", forward: recurrent)
        }
        if models.contains("kim") {
            print("\n== Kim CNN (embedding 300, 64 filters of 3/4/5)")
            let cnn = KimCNN(vocabularySize: data.vocabulary.count, dimension: 300, paddingIndex: data.paddingID)
            try fit(cnn, as: "kim_cnn", forward: convolutional)
            let records = explain(cnn, data: data)
            try attributionHTML(records.map { $0.readable() }, title: "Kim CNN — Layer Integrated Gradients on the embedding")
                .write(to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
            written.append("report.html")
        }
        let glove = models.contains("glove") || models.contains("bilstm_glove") ? try gloveMatrix(for: data) : nil
        if let glove, models.contains("glove") {
            print("\n== Kim CNN with GloVe 6B 50d")
            try fit(KimCNN(vocabularySize: data.vocabulary.count, dimension: 50, paddingIndex: data.paddingID, pretrained: glove),
                    as: "kim_cnn_glove", forward: convolutional)
        }
        if let glove, models.contains("bilstm_glove") {
            print("\n== BiLSTM with GloVe 6B 50d (packed, 2 layers, bidirectional, hidden 256)")
            try fit(BiLSTMClassifier(vocabularySize: data.vocabulary.count, paddingIndex: data.paddingID, pretrained: glove),
                    as: "bilstm_glove", forward: recurrent)
        }
        try JSONSerialization.data(withJSONObject: metrics, options: [.prettyPrinted, .sortedKeys]).write(to: folder.appendingPathComponent("metrics.json"))
        print("Wrote \((["metrics.json"] + written).joined(separator: ", ")) to \(folder.path)")
    }

    /// Trains with BCE-with-logits, Adam and early stopping; returns the test figures.
    func train<M: Module>(_ model: M, name: String, data: ReviewSplits, forward: @escaping (M, PaddedBatch) -> Variable) throws -> [String: Any] {
        let criterion = BCEWithLogitsLoss()
        var generator = RandomGenerator(seed: seed &+ 7)
        let validOrder = data.order(data.valid, size: 64, using: &generator)
        let testOrder = data.order(data.test, size: 64, using: &generator)
        let trainOrders = (0..<epochs).map { _ in data.order(data.train, size: 64, using: &generator) }
        try RunExport()?.write(name: name, model: model, paddingIndex: data.paddingID,
                               splits: ["train": data.train, "valid": data.valid, "test": data.test],
                               batches: RunExport.batchLists(valid: validOrder, test: testOrder, trainEpochs: trainOrders))
        let batches = DataLoaders(train: { data.train.batches(trainOrders[$0], paddingIndex: data.paddingID) },
                                  valid: data.valid.batches(validOrder, paddingIndex: data.paddingID))
        // One logit per review: positive above 0.
        let learner = Learner(model: model, data: batches, forward: { forward(model, $0).squeezed(axis: 1) },
                              loss: { criterion($0, $1.labels!.asFloat()) }, scores: { ($0.value, $1.labels!) },
                              metrics: [Accuracy(), F1Score(average: .macro)], optimizer: { Adam(groups: $0, learningRate: 1e-3) })
        let start = Date()
        let records = learner.fit(epochs: epochs, callbacks: [EarlyStopping(monitor: .validLoss, patience: 3), SaveBestModel()])
        let test = learner.classificationMetrics(data.test.batches(testOrder, paddingIndex: data.paddingID), classes: 2)
        print(test.report(classNames: ["negative", "positive"]))
        print(String(format: "test accuracy %.4f, macro F1 %.4f", test.accuracy, test.macro(test.f1)))
        return ["test_accuracy": test.accuracy, "test_f1_macro": test.macro(test.f1), "epochs": records.count,
                "valid_accuracy": records.compactMap { $0[metric: "accuracy"] }, "epoch_seconds": records.map(\.seconds),
                "seconds_per_epoch": Date().timeIntervalSince(start) / Double(max(records.count, 1))]
    }

    /// The GloVe 6B 50d vector of every vocabulary token (random for the tokens GloVe lacks, zero for
    /// `<pad>`), or nil with a note when `scripts/fetch-data` has not fetched them.
    func gloveMatrix(for data: ReviewSplits) throws -> Tensor? {
        let path = "data/glove/glove.6B.50d.txt"
        guard FileManager.default.fileExists(atPath: path) else {
            print("\n(skipping the GloVe models: run scripts/fetch-data for \(path))")
            return nil
        }
        let vectors = try WordVectors.readText(URL(fileURLWithPath: path))
        var generator = RandomGenerator(seed: seed)
        let (matrix, found) = vectors.embeddingMatrix(for: data.vocabulary, zeroRows: [data.paddingID], using: &generator)
        print("\nGloVe vectors for \(found) of \(data.vocabulary.count) tokens")
        return matrix
    }

    /// Layer IG on the six sentences (padded to 7 tokens with the pad id as the baseline).
    func explain(_ model: KimCNN, data: ReviewSplits) -> [ExplanationRecord] {
        model.eval()
        return Self.sentences.map { sentence in
            var tokens = ReviewSplits.tokenize(sentence)
            if tokens.count < 7 { tokens += Array(repeating: "<pad>", count: 7 - tokens.count) }
            let ids = IntTensor([data.vocabulary.encode(tokens)])
            let forward = { (ids: IntTensor) in model(ids) }
            let probability = sigmoid(withoutGradients { forward(ids) }.value).item
            // One logit: attribute it (target column 0) — positive attributions push towards "positive".
            let result = layerIntegratedGradients(layer: model.embedding, ids: ids, baselineIDs: tokenReference(like: ids, referenceID: data.paddingID),
                                                  targets: [0], steps: 50, model: forward)
            let predicted = probability > 0.5 ? "positive" : "negative"
            print(String(format: "%@ → %@ (%.3f); ", sentence, predicted, probability) + result.completeness[0].verdict())
            return ExplanationRecord(tokens: tokens, attributions: result.perToken.scalars, predictedLabel: predicted,
                                     predictedProbability: probability > 0.5 ? probability : 1 - probability, attributionLabel: "positive",
                                     completeness: result.completeness[0])
        }
    }
}
