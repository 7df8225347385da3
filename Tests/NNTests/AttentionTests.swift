import Autograd
import Foundation
import NN
import StrandTestSupport
import Tensor
import Testing

struct AttentionFixture: Decodable {
    struct Case: Decodable {
        let name: String
        let parameters: [String: FixtureTensor]
        let inputs: [FixtureTensor]
        let masks: [String: FixtureTensor]
        let output, projection: FixtureTensor
        let input_gradients: [FixtureTensor]
        let parameter_gradients: [String: FixtureTensor]
        let weights, weights_per_head: FixtureTensor?
    }
    let cases: [Case]
}

/// Attention and Transformer encoders against PyTorch (`Fixtures/make_attention_fixtures.py`):
/// masks, weights averaged and per head, post-norm and pre-norm layers, a stack with a final norm.
@Suite struct AttentionTests {
    static let fixture = Result { try loadFixture(AttentionFixture.self, named: "attention", in: .module) }

    func load(_ module: Module, _ testCase: AttentionFixture.Case) throws {
        try module.loadStateDict(testCase.parameters.map { ($0.key, StateTensor.float($0.value.tensor)) })
        module.eval()
    }

    func check(_ testCase: AttentionFixture.Case, module: Module, inputs: [Variable], output: Variable) throws {
        (output * Variable(testCase.projection.tensor)).sum().backward()
        expectMatches(output.value, testCase.output.tensor, tolerance: 1e-5, "\(testCase.name): output")
        for (index, input) in inputs.enumerated() {
            expectMatches(input.grad, testCase.input_gradients[index].tensor, tolerance: 1e-4, "\(testCase.name): ∂input \(index)")
        }
        for (name, parameter) in module.namedParameters() {
            expectMatches(parameter.grad, try #require(testCase.parameter_gradients[name]).tensor, tolerance: 1e-4, "\(testCase.name): ∂\(name)")
        }
    }

    @Test func multiheadAttentionMatchesPyTorch() throws {
        let cases = try Self.fixture.get().cases
        for (testCase, (dimension, heads)) in zip(cases.prefix(2), [(8, 2), (6, 3)]) {
            let attention = MultiheadAttention(dimension: dimension, heads: heads)
            try load(attention, testCase)
            let inputs = testCase.inputs.map { Variable($0.tensor, requiresGrad: true) }
            let (query, key, value) = inputs.count == 3 ? (inputs[0], inputs[1], inputs[2]) : (inputs[0], inputs[0], inputs[0])
            let padding = testCase.masks["key_padding"]?.tensor
            let mask = testCase.masks["attention"]?.tensor ?? testCase.masks["attention_ignored"].map { ignored in
                Tensor(shape: ignored.shape, scalars: ignored.values.map { $0 != 0 ? -Float.infinity : 0 })
            }
            let result = attention(query, key, value, keyPaddingMask: padding, attentionMask: mask)
            let perHead = attention(query, key, value, keyPaddingMask: padding, attentionMask: mask, averageWeights: false)
            expectMatches(result.weights?.value, try #require(testCase.weights).tensor, tolerance: 1e-5, "\(testCase.name): weights")
            expectMatches(perHead.weights?.value, try #require(testCase.weights_per_head).tensor, tolerance: 1e-5, "\(testCase.name): weights per head")
            try check(testCase, module: attention, inputs: inputs.count == 3 ? inputs : [inputs[0]], output: result.output)
        }
        // The causal fixture used the mask causalMask(_:) builds: −∞ exactly above the diagonal.
        #expect(cases[1].masks["attention_ignored"]?.tensor == Tensor(shape: [4, 4], scalars: causalMask(4).scalars.map { $0 == -.infinity ? 1 : 0 }))
    }

    @Test func encoderLayersAndStacksMatchPyTorch() throws {
        let cases = try Self.fixture.get().cases
        let layers: [Module] = [
            TransformerEncoderLayer(dimension: 8, heads: 2, feedForward: 16, dropout: 0),
            TransformerEncoderLayer(dimension: 8, heads: 2, feedForward: 16, dropout: 0, activation: .gelu, normFirst: true),
            TransformerEncoder(count: 2, norm: LayerNorm([8])) { TransformerEncoderLayer(dimension: 8, heads: 2, feedForward: 16, dropout: 0) },
        ]
        for (testCase, module) in zip(cases.dropFirst(2), layers) {
            try load(module, testCase)
            let x = Variable(testCase.inputs[0].tensor, requiresGrad: true)
            let padding = testCase.masks["key_padding"]?.tensor
            let output = (module as? TransformerEncoderLayer).map { $0(x, keyPaddingMask: padding) } ?? (module as! TransformerEncoder)(x, keyPaddingMask: padding)
            try check(testCase, module: module, inputs: [x], output: output)
        }
    }

    @Test func attentionWeightsReachForwardHooks() {
        let attention = MultiheadAttention(dimension: 4, heads: 2)
        var seen: [[Int]] = []
        let handle = attention.registerForwardHook { _, inputs, outputs in
            seen = (inputs + outputs).map(\.shape)
            return nil
        }
        defer { handle.remove() }
        let x = Variable(Tensor.normal([1, 3, 4]))
        _ = attention(x, x, x)
        // Query, key and value in; the output and the head-averaged weights out.
        #expect(seen == [[1, 3, 4], [1, 3, 4], [1, 3, 4], [1, 3, 4], [1, 3, 3]])
    }

    @Test func positionalEncodingsAddThePositionSignal() {
        let sinusoid = SinusoidalPositionalEncoding(dimension: 4, maxLength: 10)
        let encoded = sinusoid(Variable(Tensor.zeros([1, 3, 4]))).value
        // Position 2: sin(2), cos(2), sin(2/100), cos(2/100).
        expectMatches(encoded.slice(axis: 1, 2..<3).reshaped([4]), Tensor([Float(sin(2.0)), Float(cos(2.0)), Float(sin(0.02)), Float(cos(0.02))]),
                      tolerance: 1e-6, "PE[2]")
        let learned = LearnedPositionalEmbedding(maxLength: 5, dimension: 2)
        let x = Variable(Tensor.ones([2, 3, 2]))
        (learned(x) * Variable(Tensor.ones([2, 3, 2]))).sum().backward()
        // Each of the first three positions' vectors is used once per example, the rest not at all.
        #expect(learned.weight.grad == Tensor([[2, 2], [2, 2], [2, 2], [0, 0], [0, 0]]))
    }
}
