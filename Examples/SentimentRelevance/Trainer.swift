import Foundation
import Strand

/// The demo's training: sortish batches of 32 reviews, AdamW with gradient clipping, through NN's
/// `Learner` (progress bars and fastai's epoch table).
struct Trainer {
    let model: ReviewClassifier
    let data: ReviewData
    let seed: UInt64
    let criterion = CrossEntropyLoss()

    func makeLearner() -> Learner<PaddedBatch> {
        let learner = Learner<PaddedBatch>(
            model: model, optimizer: AdamW(model.parameters(), learningRate: 2e-3, weightDecay: 0.05), classes: 2,
            loss: { batch in criterion(model(batch.ids, lengths: batch.lengths), batch.labels!) },
            evaluate: { batch in
                let logits = model(batch.ids, lengths: batch.lengths)
                return BatchEvaluation(loss: criterion(logits, batch.labels!).item, predictions: logits.value.argmax(axis: 1).scalars,
                                       labels: batch.labels!.scalars)
            })
        learner.maximumGradientNorm = 1
        return learner
    }

    /// Trains for `epochs` and returns the test metrics.
    func fit(epochs: Int) -> ClassificationMetrics {
        let learner = makeLearner()
        var generator = RandomGenerator(seed: seed &+ 1)
        let lengths = data.train.ids.map(\.count)
        let evaluationOrder = { (split: ReviewData.Split) in stride(from: 0, to: split.count, by: 64).map { Array($0..<min(split.count, $0 + 64)) } }
        learner.fit(epochs: epochs, trainBatches: { _ in data.train.batches(BatchSampling.sortish(lengths: lengths, batchSize: 32, using: &generator), paddingIndex: 1) },
                    validBatches: data.valid.batches(evaluationOrder(data.valid), paddingIndex: 1))
        return learner.validate(data.test.batches(evaluationOrder(data.test), paddingIndex: 1)).metrics
    }
}
