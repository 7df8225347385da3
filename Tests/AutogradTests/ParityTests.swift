import Foundation
import Testing
@testable import Autograd

/// A tensor stored in a fixture as `{"shape": [...], "values": [...]}`.
struct FixtureTensor: Decodable {
    let shape: [Int]
    let values: [Double]
    var tensor: Tensor { Tensor(shape: shape, scalars: values.map(Float.init)) }
}

struct MLPFixture: Decodable {
    let x, w1, b1, w2, b2, logits: FixtureTensor
    let targets: [Int]
    let loss: Double
    let grad_x, grad_w1, grad_b1, grad_w2, grad_b2: FixtureTensor
}

/// Expects `actual` to equal `expected` within `tolerance` relative to the largest magnitude in
/// `expected` (a norm-wise relative error, so elements that cancel to near zero are judged on the
/// tensor's scale).
func expectMatches(_ actual: Tensor?, _ expected: Tensor, tolerance: Float = 1e-5, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual else {
        Issue.record("\(name): no value", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.shape == expected.shape, "\(name) shape", sourceLocation: sourceLocation)
    let scale = max(expected.scalars.map { Swift.abs($0) }.max() ?? 0, Float.leastNormalMagnitude)
    let error = zip(actual.scalars, expected.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    #expect(error <= tolerance * scale, "\(name): max error \(error) vs scale \(scale)", sourceLocation: sourceLocation)
}

@Suite struct ParityTests {
    @Test func twoLayerMLPMatchesPyTorch() throws {
        let url = try #require(Bundle.module.url(forResource: "mlp_parity", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(MLPFixture.self, from: Data(contentsOf: url))
        let x = Variable(fixture.x.tensor, requiresGrad: true)
        let w1 = Variable(fixture.w1.tensor, requiresGrad: true), b1 = Variable(fixture.b1.tensor, requiresGrad: true)
        let w2 = Variable(fixture.w2.tensor, requiresGrad: true), b2 = Variable(fixture.b2.tensor, requiresGrad: true)
        let targets = IntTensor(fixture.targets).reshaped([-1, 1])

        // Linear layers in PyTorch's layout: y = x·Wᵀ + b.
        let hidden = relu(matmul(x, w1, transposeB: true) + b1)
        let logits = matmul(hidden, w2, transposeB: true) + b2
        let loss = -logits.logSoftmax(axis: 1).gather(axis: 1, targets).mean()
        loss.backward()

        expectMatches(logits.value, fixture.logits.tensor, "logits")
        #expect(Swift.abs(Double(loss.item) - fixture.loss) <= 1e-5 * Swift.abs(fixture.loss))
        expectMatches(x.grad, fixture.grad_x.tensor, "∂x")
        expectMatches(w1.grad, fixture.grad_w1.tensor, "∂W1")
        expectMatches(b1.grad, fixture.grad_b1.tensor, "∂b1")
        expectMatches(w2.grad, fixture.grad_w2.tensor, "∂W2")
        expectMatches(b2.grad, fixture.grad_b2.tensor, "∂b2")
    }
}
