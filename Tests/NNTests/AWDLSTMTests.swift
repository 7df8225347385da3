import Autograd
import Foundation
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct AWDLSTMFixture: Decodable {
    struct Config: Decodable {
        let emb_sz, n_hid, n_layers: Int
        let output_p, hidden_p, input_p, embed_p, weight_p: Float
    }
    struct Losses: Decodable { let cross_entropy, ar, tar: Double }
    struct Regularisation: Decodable {
        let activations: FixtureTensor
        let ar_alpha_2, tar_beta_1: Double
    }
    let vocabulary: Int
    let config: Config
    let ids: [[[Int]]]
    let targets: [[Int]]
    let logits: [FixtureTensor]
    let loss: Losses
    let grads: [String: FixtureTensor]
    let state_dict_keys: [String]
    let parameter_names: [String]
    let regularisation: Regularisation

    var configuration: AWDLSTMConfiguration {
        var configuration = AWDLSTMConfiguration.languageModel
        configuration.embeddingSize = config.emb_sz
        configuration.hiddenSize = config.n_hid
        configuration.layerCount = config.n_layers
        (configuration.outputDropout, configuration.hiddenDropout, configuration.inputDropout) = (config.output_p, config.hidden_p, config.input_p)
        (configuration.embeddingDropout, configuration.weightDropout) = (config.embed_p, config.weight_p)
        return configuration
    }
}

/// fastai's AWD-LSTM language model, from `make_awd_lstm_fixtures.py`.
@Suite struct AWDLSTMParityTests {
    let fixture: AWDLSTMFixture

    init() throws {
        fixture = try loadFixture(AWDLSTMFixture.self, named: "awd_lstm", in: .module)
    }

    @Test func namesAreFastais() {
        let model = AWDLSTMLanguageModel(vocabularySize: fixture.vocabulary, configuration: fixture.configuration)
        #expect(model.namedParameters().map(\.0) == fixture.parameter_names)
        #expect(model.stateDict().map(\.0) == fixture.state_dict_keys)
        // Tied: the decoder trains the embedding's own table.
        #expect(model.decoder.decoder.weight === model.encoder.encoder.weight)
    }

    @Test func aFastaiCheckpointLoadsStrictlyAndGivesFastaisOutputsAndGradients() throws {
        let model = AWDLSTMLanguageModel(vocabularySize: fixture.vocabulary, configuration: fixture.configuration)
        try model.load(from: fixtureURL("awd_lstm", "safetensors", in: .module))
        model.eval()
        let ids = fixture.ids.map { IntTensor($0) }
        // Batch 2 starts from the states batch 1 ended with; batch 3 is smaller and keeps the first rows' states.
        expectMatches(withoutGradients { model(ids[0]).logits.value }, fixture.logits[0].tensor, tolerance: 1e-5, "batch 1 logits")
        let output = model(ids[1])
        expectMatches(output.logits.value, fixture.logits[1].tensor, tolerance: 1e-5, "batch 2 logits")
        let crossEntropy = CrossEntropyLoss()(output.logits.reshaped([-1, fixture.vocabulary]), IntTensor(fixture.targets).reshaped([-1]))
        let ar = activationRegularization(output.dropped, alpha: 2)
        let tar = temporalActivationRegularization(output.raw, beta: 1)
        #expect(Swift.abs(Double(crossEntropy.item) - fixture.loss.cross_entropy) < 1e-5)
        #expect(Swift.abs(Double(ar.item) - fixture.loss.ar) < 1e-6)
        #expect(Swift.abs(Double(tar.item) - fixture.loss.tar) < 1e-8)
        (crossEntropy + ar + tar).backward()
        for (name, parameter) in model.namedParameters() {
            expectMatches(parameter.grad, fixture.grads[name]!.tensor, tolerance: 1e-4, absoluteTolerance: 1e-7, "∂\(name)")
        }
        expectMatches(withoutGradients { model(ids[2]).logits.value }, fixture.logits[2].tensor, tolerance: 1e-5, "batch 3 logits")
    }

    @Test func arAndTarAreFastais() {
        let activations = Variable(fixture.regularisation.activations.tensor)
        #expect(Swift.abs(Double(activationRegularization(activations, alpha: 2).item) - fixture.regularisation.ar_alpha_2) < 1e-6)
        #expect(Swift.abs(Double(temporalActivationRegularization(activations, beta: 1).item) - fixture.regularisation.tar_beta_1) < 1e-6)
        // One step has no change to penalise.
        #expect(temporalActivationRegularization(activations.slice(axis: 1, 0..<1), beta: 1).item == 0)
    }
}

@Suite struct AWDLSTMBehaviourTests {
    private func smallModel(_ configuration: (inout AWDLSTMConfiguration) -> Void = { _ in }) -> AWDLSTMLanguageModel {
        var settings = AWDLSTMConfiguration.languageModel
        (settings.embeddingSize, settings.hiddenSize) = (4, 6)
        configuration(&settings)
        return AWDLSTMLanguageModel(vocabularySize: 12, configuration: settings)
    }

    @Test func aLargerBatchGivesItsNewRowsFreshStates() {
        RandomGenerator.manualSeed(3)
        let model = smallModel()
        model.eval()
        _ = withoutGradients { model(IntTensor([[2, 3, 4]])) }
        let grown = withoutGradients { model(IntTensor([[5, 6], [7, 8]])).logits.value }
        model.reset()
        _ = withoutGradients { model(IntTensor([[2, 3, 4]])) }
        let carried = withoutGradients { model(IntTensor([[5, 6]])).logits.value }
        model.reset()
        let fresh = withoutGradients { model(IntTensor([[7, 8]])).logits.value }
        expectMatches(grown.slice(axis: 0, 0..<1), carried, tolerance: 1e-6, "the carried row")
        expectMatches(grown.slice(axis: 0, 1..<2), fresh, tolerance: 1e-6, "the new row")
        model.reset()
        #expect(withoutGradients { model(IntTensor([[5, 6]])).logits.value } != carried)
    }

    @Test func embeddingDropoutDropsWholeWords() {
        RandomGenerator.manualSeed(5)
        let table = Embedding(count: 200, dimension: 3)
        let dropout = EmbeddingDropout(table, probability: 0.5)
        let ids = IntTensor([Array(0..<200) + Array(0..<200)])
        let output = dropout(ids)
        let vectors = output.value.reshaped([400, 3])
        let kept = (0..<200).filter { vectors[element: $0, 0] != 0 }
        #expect((60...140).contains(kept.count))
        output.sum().backward()
        for row in 0..<200 {
            let expected = kept.contains(row) ? table.weight.value.slice(axis: 0, row..<(row + 1)) * 2 : Tensor.zeros([1, 3])
            // Every occurrence of a word reads the same row: dropped everywhere or kept everywhere.
            expectMatches(vectors.slice(axis: 0, row..<(row + 1)), expected, tolerance: 1e-6, "word \(row)")
            expectMatches(vectors.slice(axis: 0, (200 + row)..<(201 + row)), expected, tolerance: 1e-6, "word \(row) again")
            // Its two occurrences each pass their gradient, scaled as the row was: 2 · 2 kept, 0 dropped.
            expectMatches(table.weight.grad?.slice(axis: 0, row..<(row + 1)), Tensor.full([1, 3], value: kept.contains(row) ? 4 : 0), "gradient of word \(row)")
        }
        dropout.eval()
        expectMatches(dropout(ids).value.reshaped([400, 3]).slice(axis: 0, 0..<200), table.weight.value, "evaluation mode")
    }

    @Test func rnnDropoutKeepsOneMaskPerSequenceOverTime() {
        RandomGenerator.manualSeed(6)
        let dropout = RNNDropout(0.5)
        let output = dropout(Variable(Tensor.ones([3, 7, 40]))).value
        for sequence in 0..<3 {
            let first = output.slice(axis: 0, sequence..<(sequence + 1)).slice(axis: 1, 0..<1)
            for step in 1..<7 { #expect(output.slice(axis: 0, sequence..<(sequence + 1)).slice(axis: 1, step..<(step + 1)) == first) }
        }
        #expect(Set(output.scalars) == [0, 2])
        dropout.eval()
        #expect(dropout(Variable(Tensor.ones([3, 7, 40]))).value == Tensor.ones([3, 7, 40]))
    }

    @Test func weightDropoutDrawsANewMaskEachForwardAndTrainsTheRawWeight() throws {
        RandomGenerator.manualSeed(7)
        let lstm = LSTM(3, 8, batchFirst: true)
        let raw = lstm.weight(named: "weight_hh_l0")!
        let dropped = WeightDropout(lstm, probability: 0.5)
        #expect(dropped.namedParameters().map(\.0) == ["weight_hh_l0_raw", "module.weight_ih_l0", "module.bias_ih_l0", "module.bias_hh_l0"])
        let input = RecurrentInput(Variable(Tensor.normal([2, 5, 3])))
        let first = dropped(input).output
        let second = dropped(input).output
        #expect(first.value != second.value)
        first.sum().backward()
        // Only the kept half of the raw weight's elements gets a gradient.
        let zeros = raw.grad!.scalars.filter { $0 == 0 }.count
        #expect((raw.value.count / 4...raw.value.count * 3 / 4).contains(zeros))

        dropped.eval()
        raw.grad = nil
        dropped(input).output.sum().backward()
        #expect(raw.grad!.scalars.filter { $0 == 0 }.count < raw.value.count / 10)
        dropped.train()
        // The wrapped LSTM reads the supplied weight, not a stale copy of its own.
        raw.value = Tensor.zeros(raw.shape)
        let withoutRecurrence = dropped(input).output.value
        let independent = LSTM(3, 8, batchFirst: true)
        try independent.loadStateDict(lstm.stateDict() + [("weight_hh_l0", .float(Tensor.zeros(raw.shape)))])
        expectMatches(withoutRecurrence, independent(input).output.value, tolerance: 1e-6, "zero raw weight")
    }

    @Test func dropMultScalesEveryProbability() {
        let scaled = AWDLSTMConfiguration.classifier.droppingMore(by: 0.5)
        #expect([scaled.outputDropout, scaled.hiddenDropout, scaled.inputDropout, scaled.embeddingDropout, scaled.weightDropout]
                == [0.2, 0.15, 0.2, 0.025, 0.25])
    }
}

struct AWDLSTMClassifierFixture: Decodable {
    let vocabulary, classes, bptt, max_len: Int
    let ids: [[Int]]
    let labels: [Int]
    let logits: FixtureTensor
    let loss: Double
    let grads: [String: FixtureTensor]
    let state_dict_keys: [String]
}

/// fastai's `get_text_classifier(AWD_LSTM, …)`, from `make_awd_lstm_classifier_fixtures.py`.
@Suite struct AWDLSTMClassifierParityTests {
    @Test func aFastaiClassifierLoadsStrictlyAndGivesFastaisLogitsAndGradients() throws {
        let fixture = try loadFixture(AWDLSTMClassifierFixture.self, named: "awd_lstm_classifier", in: .module)
        var configuration = AWDLSTMConfiguration.classifier.droppingMore(by: 0.5)
        (configuration.embeddingSize, configuration.hiddenSize) = (6, 10)
        let model = AWDLSTMClassifier(vocabularySize: fixture.vocabulary, classes: fixture.classes, configuration: configuration,
                                      bptt: fixture.bptt, maxLength: fixture.max_len)
        #expect(model.stateDict().map(\.0) == fixture.state_dict_keys)
        try model.load(from: fixtureURL("awd_lstm_classifier", "safetensors", in: .module))
        model.eval()
        // Chunk-padded ids (padding before and after the tokens), sorted by decreasing length; the
        // first chunk lies beyond maxLength, so only the last two reach the head.
        let output = model(IntTensor(fixture.ids))
        expectMatches(output.logits.value, fixture.logits.tensor, tolerance: 1e-5, "logits")
        let loss = CrossEntropyLoss()(output.logits, IntTensor(fixture.labels))
        #expect(Swift.abs(Double(loss.item) - fixture.loss) < 1e-5)
        loss.backward()
        for (name, parameter) in model.namedParameters() {
            guard let expected = fixture.grads[name] else {
                #expect(parameter.grad == nil || parameter.grad!.scalars.allSatisfy { $0 == 0 }, "∂\(name): fastai has none")
                continue
            }
            expectMatches(parameter.grad, expected.tensor, tolerance: 1e-4, absoluteTolerance: 1e-7, "∂\(name)")
        }
        #expect(model.layerGroups.count == 5 && model.layerGroups.map(\.count).reduce(0, +) == model.parameters().count)
    }
}
