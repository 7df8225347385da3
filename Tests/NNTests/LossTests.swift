import Autograd
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct LossFixture: Decodable {
    struct Config: Decodable {
        let reduction: String?
        let weight: [Float]?
        let label_smoothing: Float?
        let ignore: Bool?
        let pos_weight: [Float]?
    }
    struct Case: Decodable {
        let kind: String
        let config: Config
        let input, target, value, grad: FixtureTensor
    }
    let cases: [Case]
}

@Suite struct LossTests {
    static let fixture = Result { try loadFixture(LossFixture.self, named: "losses", in: .module) }

    @Test func theFixtureHolds51Cases() throws {
        #expect(try Self.fixture.get().cases.count == 51)
    }

    /// One test per case, so a failing case does not hide the others.
    @Test(arguments: 0..<51) func lossConfigurationMatchesPyTorch(index: Int) throws {
        let fixture = try Self.fixture.get()
        let testCase = try #require(fixture.cases.indices.contains(index) ? fixture.cases[index] : nil)
        let reduction: Reduction = switch testCase.config.reduction {
            case "sum": .sum
            case "none": .none
            default: .mean
        }
        let input = Variable(testCase.input.tensor, requiresGrad: true)
        let loss: Variable
        switch testCase.kind {
        case "cross_entropy":
            let criterion = CrossEntropyLoss(weight: testCase.config.weight.map { Tensor($0) }, labelSmoothing: testCase.config.label_smoothing ?? 0, reduction: reduction)
            loss = criterion(input, testCase.target.ints)
        case "nll":
            loss = NLLLoss(weight: testCase.config.weight.map { Tensor($0) }, reduction: reduction)(input, testCase.target.ints)
        case "bce_with_logits":
            let weight = testCase.config.weight.map { Tensor(shape: input.shape, scalars: $0) }
            loss = BCEWithLogitsLoss(weight: weight, positiveWeight: testCase.config.pos_weight.map { Tensor($0) }, reduction: reduction)(input, testCase.target.tensor)
        default:
            loss = MSELoss(reduction: reduction)(input, testCase.target.tensor)
        }
        loss.backward(gradient: Tensor.ones(loss.shape))
        let name = "case \(index) \(testCase.kind) \(testCase.config)"
        expectMatches(loss.value, testCase.value.tensor, name + " value")
        expectMatches(input.grad, testCase.grad.tensor, name + " gradient")
    }

    @Test func crossEntropyIsFiniteForExtremeLogits() {
        let logits = Variable(Tensor([[1e4, -1e4], [-3e38, 3e38]]), requiresGrad: true)
        let loss = CrossEntropyLoss()(logits, IntTensor([0, 1]))
        #expect(loss.item == 0)
        loss.backward()
        #expect(logits.grad!.scalars.allSatisfy { $0.isFinite })
    }
}
