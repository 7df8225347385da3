import ExampleSupport
import Foundation
import Strand

/// Steps 3–4: the n-gram CNN trained on the sentences with the notebook's recipe — class-weighted
/// cross-entropy, Adam 1e-3, ReduceLROnPlateau(0.1, patience 3) on the validation loss, early
/// stopping (patience 5, best weights kept), at most 10 epochs — and its test figures.
struct SentenceClassification {
    let data: SentenceData
    let epochs: Int
    let seed: UInt64

    /// The embeddings a run starts from.
    enum Embeddings: String, CaseIterable {
        case random = "random 100-d"
        case gloveFrozen = "GloVe 50d frozen"
        case gloveFineTuned = "GloVe 50d fine-tuned"
        case word2vec = "word2vec (step 1) fine-tuned"

        /// The run's name in exported files and JSON: `random`, `glove_frozen`, …
        var key: String {
            switch self {
            case .random: "random"
            case .gloveFrozen: "glove_frozen"
            case .gloveFineTuned: "glove_fine_tuned"
            case .word2vec: "word2vec_fine_tuned"
            }
        }
    }

    /// One trained configuration's test figures.
    struct Result {
        let embeddings: Embeddings
        let metrics: ClassificationMetrics
        let epochs: Int
        let secondsPerEpoch: Double

        var json: [String: Any] {
            ["name": embeddings.rawValue, "key": embeddings.key, "accuracy": metrics.accuracy, "precision_weighted": metrics.weighted(metrics.precision),
             "recall_weighted": metrics.weighted(metrics.recall), "f1_weighted": metrics.weighted(metrics.f1),
             "f1_per_class": metrics.f1, "epochs": epochs, "seconds_per_epoch": secondsPerEpoch]
        }
    }

    /// Trains `model` and reports its test figures. With `STRAND_EXPORT_RUN` set, first writes the
    /// run (ids, batch orders, initial weights, class weights, whether the embeddings are frozen)
    /// as `ngram_cnn_<exportName>` for `Benchmarks/Scripts/torch_notebook_runs.py`.
    func train(_ model: NGramCNN, _ embeddings: Embeddings, exportName: String) throws -> Result {
        print("\n-- \(embeddings.rawValue)")
        let criterion = CrossEntropyLoss(weight: data.classWeights)
        var generator = RandomGenerator(seed: seed &+ 11)
        let trainOrders = (0..<epochs).map { _ in data.order(of: data.train, using: &generator) }
        let (validOrder, testOrder) = (data.order(of: data.valid, using: &generator), data.order(of: data.test, using: &generator))
        try RunExport()?.write(name: "ngram_cnn_\(exportName)", model: model, paddingIndex: data.paddingID,
                               splits: ["train": data.modelInputs(data.train), "valid": data.modelInputs(data.valid), "test": data.modelInputs(data.test)],
                               batches: RunExport.batchLists(valid: validOrder, test: testOrder, trainEpochs: trainOrders),
                               extra: [("class_weights", .float(data.classWeights)), ("frozen_embeddings", .int(IntTensor([model.embeddings.weight.isTrainable ? 0 : 1])))])
        let trainBatches = trainOrders.map { data.batches(data.train, order: $0) }
        let (valid, test) = (data.batches(data.valid, order: validOrder), data.batches(data.test, order: testOrder))
        let learner = Learner(model: model, data: DataLoaders(train: { trainBatches[$0] }, valid: valid),
                              forward: { model($0.ids) }, loss: { criterion($0, $1.labels!) }, scores: { ($0.value, $1.labels!) },
                              metrics: [Accuracy(), F1Score(average: .macro)], optimizer: { Adam(groups: $0, learningRate: 1e-3) })
        let scheduler = ReduceLROnPlateau(learner.optimizer, mode: .min, factor: 0.1, patience: 3)
        let start = Date()
        let records = learner.fit(epochs: epochs, callbacks: [scheduler, EarlyStopping(monitor: .validLoss, patience: 5), SaveBestModel()])
        let metrics = learner.classificationMetrics(test, classes: data.labels.classes.count)
        print(metrics.report(classNames: data.labels.classes))
        return Result(embeddings: embeddings, metrics: metrics, epochs: records.count,
                      secondsPerEpoch: Date().timeIntervalSince(start) / Double(max(records.count, 1)))
    }

    /// The runs side by side: accuracy and weighted precision, recall and F1 on the test part.
    static func table(_ results: [Result]) -> String {
        let header = "embeddings                       accuracy  precision  recall  F1 (weighted)  epochs  s/epoch"
        return ([header] + results.map { result in
            let m = result.metrics
            return result.embeddings.rawValue.padding(toLength: 33, withPad: " ", startingAt: 0)
                + String(format: "%8.3f  %9.3f  %6.3f  %13.3f  %6d  %7.1f", m.accuracy, m.weighted(m.precision), m.weighted(m.recall), m.weighted(m.f1),
                         result.epochs, result.secondsPerEpoch)
        }).joined(separator: "\n")
    }

    /// The class probabilities of one sentence.
    static func probabilities(of text: String, model: NGramCNN, vocabulary: Vocabulary, preprocessing: SentencePreprocessing) -> [Float] {
        model.eval()
        let ids = vocabulary.encode(preprocessing.tokens(text))
        return withoutGradients { model(IntTensor([NGramCNN.input(ids)])) }.value.softmax(axis: 1).scalars
    }
}
