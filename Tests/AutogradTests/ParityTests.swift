@testable import Autograd
import Foundation
import StrandTestSupport
import Tensor
import Testing

struct MLPFixture: Decodable {
    let x, w1, b1, w2, b2, logits: FixtureTensor
    let targets: [Int]
    let loss: Double
    let grad_x, grad_w1, grad_b1, grad_w2, grad_b2: FixtureTensor
}

@Suite struct ParityTests {
    @Test func twoLayerMLPMatchesPyTorch() throws {
        let fixture = try loadFixture(MLPFixture.self, named: "mlp_parity", in: .module)
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
