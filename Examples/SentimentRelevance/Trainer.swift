import Foundation
import Strand

/// A plain training loop for the demo: sortish batches of 32, Adam with gradient clipping, and a
/// fastai-style table of epoch, losses, validation accuracy and time.
final class Trainer {
    let model: ReviewClassifier
    let data: ReviewData
    var generator: RandomGenerator
    let optimizer: Adam
    let loss = CrossEntropyLoss()
    let batchSize = 32

    init(model: ReviewClassifier, data: ReviewData, seed: UInt64) {
        self.model = model
        self.data = data
        self.generator = RandomGenerator(seed: seed &+ 1)
        optimizer = AdamW(model.parameters(), learningRate: 2e-3, weightDecay: 0.05)
    }

    func fit(epochs: Int) throws {
        print("epoch  train_loss  valid_loss  accuracy  time")
        for epoch in 0..<epochs {
            let start = Date()
            model.train()
            let batches = BatchSampling.sortish(lengths: data.train.ids.map(\.count), batchSize: batchSize, using: &generator)
            let bar = ProgressBar("epoch \(epoch)", total: batches.count)
            var total: Float = 0
            for (index, batch) in batches.enumerated() {
                let padded = PaddedBatch(batch.map { data.train.ids[$0] }, paddingIndex: 1, labels: batch.map { data.train.labels[$0] })
                let value = loss(model(padded.ids, lengths: padded.lengths), padded.labels!)
                optimizer.zeroGrad()
                value.backward()
                clipGradientNorm(model.parameters(), maxNorm: 1)
                optimizer.step()
                total += value.item
                bar.update(index + 1)
            }
            bar.finish()
            let (validLoss, accuracy) = evaluate(data.valid)
            print(String(format: "%5d  %10.4f  %10.4f  %8.3f  %.1fs", epoch, total / Float(batches.count), validLoss, accuracy, Date().timeIntervalSince(start)))
        }
    }

    /// Mean loss and accuracy on a split, in evaluation mode.
    func evaluate(_ split: ReviewData.Split) -> (loss: Float, accuracy: Float) {
        model.eval()
        return withoutGradients {
            var (lossSum, correct) = (Float(0), 0)
            for start in stride(from: 0, to: split.count, by: 64) {
                let indices = Array(start..<min(split.count, start + 64))
                let padded = PaddedBatch(indices.map { split.ids[$0] }, paddingIndex: 1, labels: indices.map { split.labels[$0] })
                let logits = model(padded.ids, lengths: padded.lengths)
                lossSum += loss(logits, padded.labels!).item * Float(indices.count)
                correct += zip(logits.value.argmax(axis: 1).scalars, indices.map { split.labels[$0] }).filter { $0 == $1 }.count
            }
            return (lossSum / Float(split.count), Float(correct) / Float(split.count))
        }
    }

    func accuracy(on split: ReviewData.Split) -> Float { evaluate(split).accuracy }
}
