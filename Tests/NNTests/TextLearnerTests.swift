import Autograd
@testable import NN
import Tensor
import Testing

@Suite struct TextLearnerTests {
    /// Two small layers and a third of fastai's dropout: an AWD-LSTM's small uniform embedding
    /// and tied weights learn slowly, and this must take few steps.
    private func smallConfiguration(_ base: AWDLSTMConfiguration) -> AWDLSTMConfiguration {
        var configuration = base.droppingMore(by: 0.3)
        (configuration.embeddingSize, configuration.hiddenSize, configuration.layerCount) = (16, 24, 2)
        return configuration
    }

    @Test func aLanguageModelLearnsARepeatingText() {
        RandomGenerator.manualSeed(3)
        // "2 3 4 5 6 7" over and over: every next token is predictable.
        let stream = (0..<(8 * 40 + 1)).map { 2 + $0 % 6 }
        let batches: [LanguageModelBatch] = (0..<4).map { chunk in
            let rows = (0..<8).map { row in row * 40 + chunk * 10 }
            return (IntTensor(rows.map { Array(stream[$0..<($0 + 10)]) }), IntTensor(rows.map { Array(stream[($0 + 1)..<($0 + 11)]) }))
        }
        let model = AWDLSTMLanguageModel(vocabularySize: 10, configuration: smallConfiguration(.languageModel))
        let learner = Learner.languageModel(model, data: DataLoaders(train: batches, valid: batches))
        (learner.log, learner.showsProgress) = ({ _ in }, false)
        #expect(learner.layerGroups.count == 3 && learner.momentums == (0.8, 0.7, 0.8))
        let records = learner.fitOneCycle(epochs: 40, maxLearningRate: 2e-2)
        let perplexity = records.map { $0[metric: "perplexity"]! }
        #expect(perplexity.first! > 4 && perplexity.last! < 1.5, "perplexity \(perplexity)")
        #expect(records.last![metric: "accuracy"]! > 0.9)
    }

    @Test func aClassifierLearnsWhichWordDecidesAndUnfreezesGradually() {
        RandomGenerator.manualSeed(5)
        var generator = RandomGenerator(seed: 6)
        // Class 1 when token 3 occurs; chunk-padded batches sorted by decreasing length.
        let batches: [ClassifierBatch] = (0..<6).map { _ in
            let lengths = (0..<8).map { _ in 3 + generator.nextInt(below: 8) }.sorted(by: >)
            let texts = lengths.map { length in (0..<length).map { _ in 4 + generator.nextInt(below: 6) } }
            let labels = texts.indices.map { $0 % 2 }
            let marked = zip(texts, labels).map { text, label in label == 1 ? [3] + text.dropFirst() : text }
            let steps = lengths[0]
            let ids = marked.map { text in
                let start = (steps - text.count) / 4 * 4
                return Array(repeating: 1, count: start) + text + Array(repeating: 1, count: steps - start - text.count)
            }
            return (IntTensor(ids), IntTensor(labels))
        }
        let model = AWDLSTMClassifier(vocabularySize: 10, classes: 2, configuration: smallConfiguration(.classifier.droppingMore(by: 0.5)), bptt: 4)
        let learner = Learner.textClassifier(model, data: DataLoaders(train: batches, valid: batches))
        (learner.log, learner.showsProgress) = ({ _ in }, false)
        learner.freeze()
        #expect(!model.encoder.module.encoder.weight.requiresGrad)
        learner.fitOneCycle(epochs: 2, maxLearningRate: 2e-2)
        learner.freezeTo(-2)
        learner.fitOneCycle(epochs: 2, maxLearningRate: .spread(1e-2 / 6, 1e-2))
        learner.unfreeze()
        let records = learner.fitOneCycle(epochs: 20, maxLearningRate: .spread(1e-2 / 6, 1e-2))
        #expect(records.last![metric: "accuracy"]! > 0.9, "accuracy \(records.map { $0[metric: "accuracy"]! })")
    }
}
