@testable import Autograd
import Foundation
import StrandTestSupport
import Tensor
import Testing

struct ActivationFixture: Decodable {
    struct Case: Decodable {
        let output, gradient: FixtureTensor
    }
    let x, weights: FixtureTensor
    let cases: [String: Case]
}

/// Each activation against PyTorch (`Fixtures/make_activation_fixtures.py`: values at the kinks,
/// the thresholds and ±100 as well as random ones) and against finite differences.
@Suite struct ActivationTests {
    static let activations: [String: @Sendable (Variable) -> Variable] = [
        "gelu": { gelu($0) },
        "gelu_tanh": { gelu($0, approximate: .tanh) },
        "silu": { silu($0) },
        "leaky_relu": { leakyReLU($0) },
        "leaky_relu_0.2": { leakyReLU($0, negativeSlope: 0.2) },
        "elu": { elu($0) },
        "elu_0.5": { elu($0, alpha: 0.5) },
        "softplus": { softplus($0) },
        "softplus_beta2_threshold10": { softplus($0, beta: 2, threshold: 10) },
        "hardtanh": { hardtanh($0) },
        "hardtanh_-2_0.5": { hardtanh($0, min: -2, max: 0.5) },
        "log_sigmoid": { logSigmoid($0) },
    ]

    @Test func valuesAndGradientsMatchPyTorch() throws {
        let fixture = try loadFixture(ActivationFixture.self, named: "activations", in: .module)
        #expect(Set(fixture.cases.keys) == Set(Self.activations.keys))
        for (name, activation) in Self.activations {
            let expected = try #require(fixture.cases[name])
            let x = Variable(fixture.x.tensor, requiresGrad: true)
            let output = activation(x)
            (output * Variable(fixture.weights.tensor)).sum().backward()
            expectMatches(output.value, expected.output.tensor, tolerance: 2e-6, absoluteTolerance: 1e-7, scale: .element, "\(name) output")
            expectMatches(x.grad, expected.gradient.tensor, tolerance: 1e-5, absoluteTolerance: 1e-7, scale: .element, "\(name) gradient")
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        var generator = RandomGenerator(seed: 7)
        // Away from the kinks at 0 and ±1 (and the second hardtanh's −2 and 0.5) by more than the step.
        let x = Tensor.normal([4, 6], using: &generator) * 2
        let safe = Tensor(shape: x.shape, scalars: x.scalars.map { value in
            [0, 1, -1, 0.5, -2].contains { Swift.abs(value - $0) < 0.05 } ? value + 0.1 : value
        })
        for (name, activation) in Self.activations {
            let result = GradientChecker.check(at: [safe]) { activation($0[0]) }
            #expect(result.passed, "\(name): \(result)")
        }
    }

    @Test func largeInputsStayFinite() throws {
        let x = Variable(Tensor([-1000, -100, 100, 1000]), requiresGrad: true)
        for (name, activation) in Self.activations {
            let output = activation(x)
            output.sum().backward()
            let (values, gradients) = (output.value.scalars, try #require(x.grad).scalars)
            #expect(values.allSatisfy { $0.isFinite }, "\(name): \(values)")
            #expect(gradients.allSatisfy { $0.isFinite }, "\(name) gradient: \(gradients)")
            x.zeroGrad()
        }
    }
}
