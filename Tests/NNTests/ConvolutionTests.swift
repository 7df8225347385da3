import Autograd
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct ConvolutionFixture: Decodable {
    enum PaddingValue: Decodable {
        case number(Int), same, pair([Int])
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .number(number) }
            else if let pair = try? container.decode([Int].self) { self = .pair(pair) }
            else { self = .same }
        }
    }
    struct Config: Decodable {
        let `in`, out: Int?
        let kernel: KernelValue
        let stride: KernelValue?
        let padding: PaddingValue?
        let dilation: Int?
        let bias: Bool?
    }
    enum KernelValue: Decodable {
        case one(Int), two([Int])
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .one(number) } else { self = .two(try container.decode([Int].self)) }
        }
        var first: Int {
            switch self {
            case .one(let n): return n
            case .two(let pair): return pair[0]
            }
        }
        var pair: (Int, Int) {
            switch self {
            case .one(let n): return (n, n)
            case .two(let pair): return (pair[0], pair[1])
            }
        }
    }
    struct Case: Decodable {
        let kind: String
        let config: Config
        let parameters: [String: FixtureTensor]
        let input, weight, output, grad_input: FixtureTensor
        let grad_parameters: [String: FixtureTensor]
        let repr: String
    }
    let cases: [Case]
}

@Suite struct ConvolutionTests {
    func module(for testCase: ConvolutionFixture.Case) -> any Layer<Variable, Variable> {
        let config = testCase.config
        switch testCase.kind {
        case "conv1d":
            let padding: ConvolutionPadding = switch config.padding {
                case .same: .same
                case .number(let amount) where amount > 0: .explicit(amount)
                default: .valid
            }
            return Conv1d(config.in!, config.out!, kernelSize: config.kernel.first, stride: config.stride!.first, padding: padding,
                          dilation: config.dilation!, bias: config.bias!)
        case "conv2d":
            guard case .pair(let padding) = config.padding else { fatalError("conv2d fixture without padding pair") }
            return Conv2d(config.in!, config.out!, kernelSize: config.kernel.pair, stride: config.stride!.pair, padding: (padding[0], padding[1]))
        case "maxpool1d":
            return MaxPool1d(config.kernel.first, stride: config.stride?.first)
        default:
            return AvgPool1d(config.kernel.first, stride: config.stride?.first)
        }
    }

    static let fixture = Result { try loadFixture(ConvolutionFixture.self, named: "convolution", in: .module) }

    @Test func theFixtureHolds17Cases() throws {
        #expect(try Self.fixture.get().cases.count == 17)
    }

    /// One test per case, so a failing case does not hide the others.
    @Test(arguments: 0..<17) func convolutionOrPoolingMatchesPyTorch(index: Int) throws {
        let fixture = try Self.fixture.get()
        let testCase = try #require(fixture.cases.indices.contains(index) ? fixture.cases[index] : nil)
        let layer = module(for: testCase)
        try layer.loadStateDict(testCase.parameters.map { ($0.key, StateTensor.float($0.value.tensor)) })
        let input = Variable(testCase.input.tensor, requiresGrad: true)
        let output = layer(input)
        (output * Variable(testCase.weight.tensor)).sum().backward()
        let name = testCase.repr
        #expect(layer.description == testCase.repr)
        expectMatches(output.value, testCase.output.tensor, name + ": output")
        expectMatches(input.grad, testCase.grad_input.tensor, name + ": ∂input")
        for (parameterName, parameter) in layer.namedParameters() {
            expectMatches(parameter.grad, testCase.grad_parameters[parameterName]!.tensor, name + ": ∂\(parameterName)")
        }
    }

    @Test func convolutionGradientsPassTheFiniteDifferenceCheck() {
        RandomGenerator.manualSeed(4)
        var generator = RandomGenerator(seed: 6)
        let conv = Conv1d(2, 3, kernelSize: 3, stride: 2, padding: .explicit(1), dilation: 2)
        let x = Tensor.normal([2, 2, 7], using: &generator)
        #expect(GradientChecker.check(at: [x, conv.weight.value]) { v in
            convolution2D(v[0].unsqueezed(axis: 2), weight: v[1].unsqueezed(axis: 2), bias: conv.bias,
                                 geometry: Convolution2DGeometry(batch: 2, channels: 2, height: 1, width: 7, kernelHeight: 1, kernelWidth: 3,
                                                                 strideHeight: 1, strideWidth: 2, padTop: 0, padBottom: 0, padLeft: 1, padRight: 1,
                                                                 dilationHeight: 1, dilationWidth: 2))
        }.passed)
    }

    /// The two traversals of im2col visit the same (output position, patch element, input element)
    /// triples wherever the position runs apply (stride 1 along the width), including padding on both
    /// sides, dilation, 2-D kernels and strides along the height.
    @Test(arguments: [(kernel: 1, dilation: 1, pad: 0, height: 1, kernelHeight: 1, strideHeight: 1),
                      (kernel: 3, dilation: 1, pad: 1, height: 1, kernelHeight: 1, strideHeight: 1),
                      (kernel: 3, dilation: 2, pad: 3, height: 1, kernelHeight: 1, strideHeight: 1),
                      (kernel: 4, dilation: 1, pad: 2, height: 5, kernelHeight: 2, strideHeight: 2)])
    func positionRunsVisitWhatPatchRunsVisit(kernel: Int, dilation: Int, pad: Int, height: Int, kernelHeight: Int, strideHeight: Int) {
        let geometry = Convolution2DGeometry(batch: 2, channels: 3, height: height, width: 7, kernelHeight: kernelHeight, kernelWidth: kernel,
                                             strideHeight: strideHeight, strideWidth: 1, padTop: 1, padBottom: 0, padLeft: pad, padRight: pad,
                                             dilationHeight: 1, dilationWidth: dilation)
        struct Visit: Hashable { let row, column, source: Int }
        var byPatch: [Visit] = [], byPosition: [Visit] = []
        geometry.forEachPatchRun(batches: 0..<2) { row, column, source, count in
            // Along a kernel row consecutive elements are `dilation` apart in the input.
            for i in 0..<count { byPatch.append(Visit(row: row, column: column + i, source: source + i * dilation)) }
        }
        geometry.forEachPositionRun(batches: 0..<2) { row, column, source, count in
            for i in 0..<count { byPosition.append(Visit(row: row + i, column: column, source: source + i)) }
        }
        #expect(!byPatch.isEmpty)
        #expect(Set(byPatch) == Set(byPosition) && byPatch.count == byPosition.count)
    }

    @Test func stride1ConvolutionGradientsPassTheFiniteDifferenceCheck() {
        var generator = RandomGenerator(seed: 7)
        let x = Tensor.normal([2, 2, 6], using: &generator), weight = Tensor.normal([3, 2, 1, 3], using: &generator)
        #expect(GradientChecker.check(at: [x, weight]) { v in
            convolution2D(v[0].unsqueezed(axis: 2), weight: v[1], bias: nil,
                          geometry: Convolution2DGeometry(batch: 2, channels: 2, height: 1, width: 6, kernelHeight: 1, kernelWidth: 3,
                                                          strideHeight: 1, strideWidth: 1, padTop: 0, padBottom: 0, padLeft: 2, padRight: 1,
                                                          dilationHeight: 1, dilationWidth: 1))
        }.passed)
    }

    /// The im2col-free path for full-width kernels (Kim's CNN) against finite differences and
    /// against the general im2col path, with stride and padding along the sequence.
    @Test(arguments: [(stride: 1, padding: 0), (stride: 2, padding: 1), (stride: 1, padding: 2)])
    func fullWidthConvolutionMatchesIm2colAndFiniteDifferences(stride: Int, padding: Int) {
        var generator = RandomGenerator(seed: 8)
        let geometry = Convolution2DGeometry(batch: 3, channels: 1, height: 6, width: 4, kernelHeight: 3, kernelWidth: 4,
                                             strideHeight: stride, strideWidth: 1, padTop: padding, padBottom: padding, padLeft: 0, padRight: 0,
                                             dilationHeight: 1, dilationWidth: 1)
        #expect(geometry.spansFullWidth)
        let x = Tensor.normal([3, 1, 6, 4], using: &generator), weight = Tensor.normal([5, 1, 3, 4], using: &generator)
        let bias = Tensor.normal([5], using: &generator)
        #expect(GradientChecker.check(at: [x, weight, bias]) { v in fullWidthConvolution(v[0], weight: v[1], bias: v[2], geometry: geometry) }.passed)
        let fast = fullWidthConvolution(Variable(x), weight: Variable(weight), bias: Variable(bias), geometry: geometry).value
        let general = convolution2D(Variable(x), weight: Variable(weight), bias: Variable(bias), geometry: geometry).value
        #expect(fast.shape == general.shape)
        #expect(zip(fast.scalars, general.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
    }

    @Test func maskedGlobalPoolingIgnoresPadding() {
        // [B = 2, T = 3, C = 2]; the second sequence has one valid step.
        let outputs = Variable(Tensor([[[1, 5], [3, -1], [2, 2]], [[4, 0], [9, 9], [-9, 9]]]), requiresGrad: true)
        let mask = paddingMask(lengths: [3, 1], steps: 3).unsqueezed(axis: 2)
        #expect(globalMaxPool(outputs, axis: 1, mask: mask).value == Tensor([[3, 5], [4, 0]]))
        #expect(globalMeanPool(outputs, axis: 1, mask: mask).value == Tensor([[2, 2], [4, 0]]))
        let pooled = concatPool(outputs, lengths: [3, 1])
        #expect(pooled.value == Tensor([[2, 2, 3, 5, 2, 2], [4, 0, 4, 0, 4, 0]]))
        pooled.sum().backward()
        // Padded positions get no gradient.
        #expect(outputs.grad!.slice(axis: 0, 1..<2).slice(axis: 1, 1..<3) == Tensor.zeros([1, 2, 2]))
        // With padding first, the last valid output is the last step.
        let padFirst = concatPool(Variable(Tensor([[[7, 7], [1, 2]]])), lengths: [1], padFirst: true)
        #expect(padFirst.value == Tensor([[1, 2, 1, 2, 1, 2]]))
        #expect(paddingMask(lengths: [2], steps: 3, padFirst: true) == Tensor([[0, 1, 1]]))
    }
}
