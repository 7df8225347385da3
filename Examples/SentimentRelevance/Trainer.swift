import Foundation
import Strand

/// The demo's training, notebook 000's: fastai's text-classifier learner on chunk-padded batches
/// of similar-length reviews, trained by `fine_tune` — the head alone for one epoch, then every
/// layer at discriminative learning rates.
struct Trainer {
    static let batchSize = 32

    let model: AWDLSTMClassifier
    let data: ReviewData
    let seed: UInt64

    var chunkLength: Int { model.encoder.bptt }
    var paddingIndex: Int { model.encoder.paddingIndex }

    /// Fine-tunes for `epochs` after the frozen epoch and returns the test metrics.
    func fit(epochs: Int, learningRate: Float) -> ClassificationMetrics {
        let batches = DataLoaders(train: data.train.classifierTrainingBatches(batchSize: Self.batchSize, chunkLength: chunkLength,
                                                                              paddingIndex: paddingIndex, seed: seed &+ 1),
                                  valid: data.valid.classifierEvaluationBatches(batchSize: Self.batchSize, chunkLength: chunkLength, paddingIndex: paddingIndex))
        let learner = Learner.textClassifier(model, data: batches, metrics: [Accuracy(), F1Score(average: .macro)])
        learner.fineTune(epochs: epochs, baseLearningRate: learningRate)
        let test = data.test.classifierEvaluationBatches(batchSize: Self.batchSize, chunkLength: chunkLength, paddingIndex: paddingIndex)
        return learner.classificationMetrics(test, classes: 2)
    }
}
