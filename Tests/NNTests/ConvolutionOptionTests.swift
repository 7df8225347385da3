import Autograd
import Foundation
import NN
import StrandTestSupport
import Tensor
import Testing

struct ConvolutionOptionFixture: Decodable {
    struct Case: Decodable {
        let kind: String
        let options: Options
        let parameters: [String: FixtureTensor]
        let input, output, projection, gradient: FixtureTensor
        let parameter_gradients: [String: FixtureTensor]
    }
    struct Options: Decodable {
        let `in`, out, groups: Int
        let kernel, padding, dilation: PoolingFixture.Size?
        let mode: String
        /// `"same"` for Conv1d's same padding.
        let samePadding: Bool

        enum CodingKeys: String, CodingKey { case `in`, out, groups, kernel, padding, dilation, mode }
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            (`in`, out, groups, mode) = (try container.decode(Int.self, forKey: .in), try container.decode(Int.self, forKey: .out),
                                         try container.decode(Int.self, forKey: .groups), try container.decode(String.self, forKey: .mode))
            kernel = try container.decode(PoolingFixture.Size.self, forKey: .kernel)
            dilation = try container.decode(PoolingFixture.Size.self, forKey: .dilation)
            samePadding = (try? container.decode(String.self, forKey: .padding)) == "same"
            padding = samePadding ? nil : try container.decode(PoolingFixture.Size.self, forKey: .padding)
        }
    }
    let cases: [Case]
}

/// Conv1d and Conv2d options against PyTorch (`Fixtures/make_layer_option_fixtures.py`):
/// groups (depthwise included), dilation and the four padding modes, with 'same' padding too.
@Suite struct ConvolutionOptionTests {
    static let fixture = Result { try loadFixture(ConvolutionOptionFixture.self, named: "convolution_options", in: .module) }

    static func layer(for testCase: ConvolutionOptionFixture.Case) -> any Layer<Variable, Variable> {
        let options = testCase.options
        let mode = PaddingMode(rawValue: options.mode)!
        if testCase.kind == "conv1d" {
            let padding: ConvolutionPadding = options.samePadding ? .same : .explicit(options.padding!.one)
            return Conv1d(options.in, options.out, kernelSize: options.kernel!.one, padding: padding, dilation: options.dilation!.one,
                          groups: options.groups, paddingMode: mode)
        }
        return Conv2d(options.in, options.out, kernelSize: options.kernel!.pair, padding: options.padding!.pair, dilation: options.dilation!.pair,
                      groups: options.groups, paddingMode: mode)
    }

    @Test(arguments: 0..<12) func optionsMatchPyTorch(index: Int) throws {
        let cases = try Self.fixture.get().cases
        #expect(cases.count == 12)
        let testCase = try #require(cases.indices.contains(index) ? cases[index] : nil)
        let layer = Self.layer(for: testCase)
        try layer.loadStateDict(testCase.parameters.map { ($0.key, StateTensor.float($0.value.tensor)) })
        let input = Variable(testCase.input.tensor, requiresGrad: true)
        let output = layer(input)
        (output * Variable(testCase.projection.tensor)).sum().backward()
        let name = "\(testCase.kind) \(testCase.options.mode) groups \(testCase.options.groups)"
        expectMatches(output.value, testCase.output.tensor, tolerance: 1e-5, "\(name) output")
        expectMatches(input.grad, testCase.gradient.tensor, tolerance: 1e-5, "\(name) ∂input")
        for (parameterName, parameter) in layer.namedParameters() {
            expectMatches(parameter.grad, try #require(testCase.parameter_gradients[parameterName]).tensor, tolerance: 1e-5, "\(name) ∂\(parameterName)")
        }
    }
}
