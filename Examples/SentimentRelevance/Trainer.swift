import Foundation
import Strand

/// The demo's training: sortish batches of 32 reviews, AdamW with gradient clipping, through NN's
/// `Learner` (progress bars and fastai's epoch table).
struct Trainer {
    let model: ReviewClassifier
    let data: ReviewData
    let seed: UInt64
    let criterion = CrossEntropyLoss()

    /// Trains for `epochs` and returns the test metrics.
    func fit(epochs: Int) -> ClassificationMetrics {
        var generator = RandomGenerator(seed: seed &+ 1)
        let lengths = data.train.ids.map(\.count)
        let evaluationOrder = { (split: ReviewData.Split) in stride(from: 0, to: split.count, by: 64).map { Array($0..<min(split.count, $0 + 64)) } }
        let batches = DataLoaders(train: { _ in data.train.batches(BatchSampling.sortish(lengths: lengths, batchSize: 32, using: &generator), paddingIndex: 1) },
                                  valid: data.valid.batches(evaluationOrder(data.valid), paddingIndex: 1))
        // PyTorch's AdamW: weight decay on every parameter, biases included.
        let learner = Learner(model: model, data: batches, forward: { model($0.ids, lengths: $0.lengths) }, loss: { criterion($0, $1.labels!) },
                              scores: { ($0.value, $1.labels!) }, metrics: [Accuracy(), F1Score(average: .macro)],
                              optimizer: { AdamW(groups: $0, learningRate: 2e-3, weightDecay: 0.05) }, learningRate: 2e-3,
                              decaysNormAndBias: true, callbacks: [GradientClip(maxNorm: 1)])
        learner.fit(epochs: epochs)
        return learner.classificationMetrics(data.test.batches(evaluationOrder(data.test), paddingIndex: 1), classes: 2)
    }
}
