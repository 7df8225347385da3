import ExampleSupport
import Foundation
import Strand

/// Notebook 001's step 4 (and the comparison of step 5): the AWD-LSTM classifier on the language
/// model's encoder, trained by gradual unfreezing with discriminative learning rates as fastai's
/// ULMFiT tutorial does, and evaluated on the held-out test reviews.
struct ClassifierStage {
    let corpus: ProcessedCorpus
    let configuration: AWDLSTMConfiguration
    let batchSize: Int
    let seed: UInt64

    struct Result {
        let name: String
        let metrics: ClassificationMetrics
        let records: [EpochRecord]
        let seconds: Double
    }

    /// fastai's classification batches: chunk-padded, the training batches by `SortedDL`'s
    /// shuffle, validation by decreasing length.
    func data() -> DataLoaders<ClassifierBatch> {
        let (chunk, padding) = (72, configuration.paddingIndex)
        return DataLoaders(train: corpus.train.classifierTrainingBatches(batchSize: batchSize, chunkLength: chunk, paddingIndex: padding, seed: seed &+ 50),
                           valid: corpus.valid.classifierEvaluationBatches(batchSize: batchSize, chunkLength: chunk, paddingIndex: padding))
    }

    /// Gradual unfreezing (fastai's ULMFiT tutorial, drop_mult 0.5): the head for one cycle at 2e-2,
    /// then the last two groups at `spread(1e-2 / 2.6⁴, 1e-2)`, the last three at
    /// `spread(5e-3 / 2.6⁴, 5e-3)`, then everything for `finalEpochs` at `spread(1e-3 / 2.6⁴, 1e-3)`.
    /// With `encoder`, the classifier starts from the language model's encoder; without, from random weights.
    func train(name: String, encoder: AWDLSTM?, finalEpochs: Int) throws -> (model: AWDLSTMClassifier, result: Result) {
        let start = Date()
        RandomGenerator.manualSeed(seed &+ 7)
        let model = AWDLSTMClassifier(vocabularySize: corpus.vocabulary.count, classes: 2, configuration: configuration)
        if let encoder { try model.encoder.module.loadStateDict(encoder.stateDict()) }
        // Dev-only (STRAND_EXPORT_RUN): the splits and starting weights for fastai to run the same recipe.
        try RunExport()?.write(name: encoder == nil ? "ulmfit_scratch" : "ulmfit_pretrained", model: model, paddingIndex: configuration.paddingIndex,
                               splits: ["train": corpus.train, "valid": corpus.valid, "test": corpus.test], batches: [:])
        let learner = Learner.textClassifier(model, data: data(), metrics: [Accuracy(), F1Score(average: .macro)])
        print("\n-- classifier: \(name)")
        learner.freeze()
        var records = learner.fitOneCycle(epochs: 1, maxLearningRate: 2e-2)
        for (frozen, rate) in [(-2, Float(1e-2)), (-3, 5e-3)] {
            learner.freezeTo(frozen)
            records += learner.fitOneCycle(epochs: 1, maxLearningRate: .spread(rate / Float(pow(2.6, 4.0)), rate))
        }
        learner.unfreeze()
        records += learner.fitOneCycle(epochs: finalEpochs, maxLearningRate: .spread(1e-3 / Float(pow(2.6, 4.0)), 1e-3))
        let test = corpus.test.classifierEvaluationBatches(batchSize: batchSize, chunkLength: 72, paddingIndex: configuration.paddingIndex)
        let metrics = learner.classificationMetrics(test, classes: 2)
        return (model, Result(name: name, metrics: metrics, records: records, seconds: Date().timeIntervalSince(start)))
    }

    /// The classifier's probabilities for a few sentences (fastai's `learn.predict`).
    func predict(_ model: AWDLSTMClassifier, sentences: [String]) -> [(sentence: String, positive: Float)] {
        model.eval()
        return sentences.map { sentence in
            let ids = corpus.vocabulary.encode(FastaiTokenizer().tokenize(sentence))
            let logits = withoutGradients { model(IntTensor([ids])).logits.value }
            return (sentence, logits.softmax(axis: 1)[element: 0, 1])
        }
    }
}
