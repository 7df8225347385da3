import Autograd
import Foundation
import NN
import StrandTestSupport
import Tensor
import Testing

struct PoolingFixture: Decodable {
    struct Case: Decodable {
        let kind: String
        let options: Options
        let input, output, projection, gradient: FixtureTensor
    }
    /// The layer's options; a size is one number for 1-D layers and a pair for 2-D ones.
    struct Options: Decodable {
        let kernel, stride, padding, dilation: Size?
        let ceil_mode, count_include_pad: Bool?
        let output_size: Int?
    }
    enum Size: Decodable {
        case one(Int), pair(Int, Int)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) { self = .one(value); return }
            let pair = try container.decode([Int].self)
            self = .pair(pair[0], pair[1])
        }
        var one: Int {
            guard case .one(let value) = self else { preconditionFailure("a 1-D size expected, got \(self)") }
            return value
        }
        var pair: (Int, Int) {
            guard case .pair(let first, let second) = self else { preconditionFailure("a 2-D size expected, got \(self)") }
            return (first, second)
        }
    }
    let cases: [Case]
}

/// Pooling against PyTorch (`Fixtures/make_layer_option_fixtures.py`): padding, dilation, ceil mode and
/// count_include_pad for 1-D and 2-D max and average pooling, and adaptive 1-D pooling to sizes
/// that divide the length, that do not (overlapping windows), and that exceed it.
@Suite struct PoolingTests {
    static let fixture = Result { try loadFixture(PoolingFixture.self, named: "pooling", in: .module) }

    static func layer(for testCase: PoolingFixture.Case) -> any Layer<Variable, Variable> {
        let options = testCase.options
        let ceil = options.ceil_mode ?? false, includePad = options.count_include_pad ?? true
        switch testCase.kind {
        case "maxpool1d":
            return MaxPool1d(options.kernel!.one, stride: options.stride!.one, padding: options.padding!.one, dilation: options.dilation!.one, ceilMode: ceil)
        case "avgpool1d":
            return AvgPool1d(options.kernel!.one, stride: options.stride!.one, padding: options.padding!.one, ceilMode: ceil, countIncludePad: includePad)
        case "adaptivemaxpool1d": return AdaptiveMaxPool1d(options.output_size!)
        case "adaptiveavgpool1d": return AdaptiveAvgPool1d(options.output_size!)
        case "maxpool2d":
            return MaxPool2d(options.kernel!.pair, stride: options.stride!.pair, padding: options.padding!.pair, dilation: options.dilation!.pair, ceilMode: ceil)
        default:
            return AvgPool2d(options.kernel!.pair, stride: options.stride!.pair, padding: options.padding!.pair, ceilMode: ceil, countIncludePad: includePad)
        }
    }

    @Test(arguments: 0..<24) func poolingMatchesPyTorch(index: Int) throws {
        let cases = try Self.fixture.get().cases
        #expect(cases.count == 24)
        let testCase = try #require(cases.indices.contains(index) ? cases[index] : nil)
        let input = Variable(testCase.input.tensor, requiresGrad: true)
        let layer = Self.layer(for: testCase)
        let output = layer(input)
        (output * Variable(testCase.projection.tensor)).sum().backward()
        expectMatches(output.value, testCase.output.tensor, tolerance: 1e-6, "\(testCase.kind) \(testCase.options) output")
        expectMatches(input.grad, testCase.gradient.tensor, tolerance: 1e-6, "\(testCase.kind) \(testCase.options) gradient")
    }

    @Test func paddingWiderThanHalfTheKernelIsRefusedAsInPyTorch() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool1d(2, padding: 2)(Variable(Tensor.zeros([1, 1, 6])))
        }
    }
}
