import Autograd
@testable import NN
import Tensor
import Testing

@Suite struct TrainingTests {
    @Test func metricsFollowScikitLearn() {
        let metrics = ClassificationMetrics(predictions: [0, 1, 1, 2, 2, 2, 0], labels: [0, 1, 2, 2, 2, 1, 1], classes: 3)
        #expect(metrics.confusion == [[1, 0, 0], [1, 1, 1], [0, 1, 2]])
        #expect(Swift.abs(metrics.accuracy - 4.0 / 7) < 1e-6)
        #expect(zip(metrics.precision, [0.5, 0.5, Float(2) / 3]).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
        #expect(zip(metrics.recall, [1, Float(1) / 3, Float(2) / 3]).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
        #expect(Swift.abs(metrics.macro(metrics.f1) - 0.57778) < 1e-4)
        #expect(Swift.abs(metrics.weighted(metrics.f1) - 0.55238) < 1e-4)
        #expect(metrics.support == [1, 3, 3])
        // A class never predicted has precision 0 (scikit-learn's zero_division=0).
        #expect(ClassificationMetrics(predictions: [0, 0], labels: [0, 1], classes: 2).precision == [0.5, 0])
        let report = metrics.report(classNames: ["neg", "neu", "pos"])
        #expect(report.contains("macro avg") && report.contains("neu") && report.contains("0.58"))
    }

    /// Two Gaussian blobs in 2-D, separable: a linear model learns them.
    func blobs(count: Int, seed: UInt64) -> [(Tensor, [Int])] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in
            let labels = (0..<16).map { _ in generator.nextInt(below: 2) }
            let centers = Tensor(shape: [16, 2], scalars: labels.flatMap { $0 == 1 ? [Float(2), 2] : [-2, -2] })
            return (centers + Tensor.normal([16, 2], using: &generator), labels)
        }
    }

    @Test func learnerTrainsValidatesAndStopsEarlyRestoringTheBestWeights() {
        RandomGenerator.manualSeed(1)
        let model = Linear(2, 2)
        let criterion = CrossEntropyLoss()
        var lines: [String] = []
        let learner = Learner(model: model, data: DataLoaders(train: blobs(count: 10, seed: 2), valid: blobs(count: 3, seed: 3)),
                              forward: { model(Variable($0.0)) }, loss: { criterion($0, IntTensor($1.1)) },
                              scores: { ($0.value, IntTensor($1.1)) }, metrics: [Accuracy(), F1Score(average: .macro)],
                              optimizer: { SGD(groups: $0, learningRate: 0.1) }, learningRate: 0.1)
        learner.log = { lines.append($0) }
        learner.showsProgress = false
        let best = SaveBestModel(monitor: .metric("accuracy"))
        let records = learner.fit(epochs: 30, callbacks: [EarlyStopping(monitor: .metric("accuracy"), patience: 2), best])
        #expect(lines.first == "epoch  train_loss  valid_loss  accuracy  f1_macro  time")
        #expect(records.first!.trainLoss > records.last!.trainLoss)
        #expect(records.compactMap { $0[metric: "accuracy"] }.max()! > 0.95)
        // Accuracy saturates, so training stops long before 30 epochs, with the best epoch's weights back.
        #expect(records.count < 30 && lines.contains { $0.contains("early stopping") })
        let bestAccuracy = records[best.bestEpoch!][metric: "accuracy"]!
        #expect(bestAccuracy == records.compactMap { $0[metric: "accuracy"] }.max())
        #expect(learner.validate()[metric: "accuracy"] == bestAccuracy)
    }
}
