@testable import Autograd
import Tensor
import Testing

/// Nodes with several outputs, "needs" flags and `gradients(of:withRespectTo:)`.
@Suite struct TargetedGradientTests {
    /// An operation `(a, b) ↦ (a·b, a + b)` that records which inputs each backward was asked for
    /// and which output gradients arrived.
    final class Recorder {
        var needs: [[Bool]] = []
        var arrived: [[Bool]] = []

        func productAndSum(_ a: Variable, _ b: Variable) -> (product: Variable, sum: Variable) {
            let (x, y) = (a.value, b.value)
            let outputs = Variable.record("productAndSum", [a, b], outputs: [x * y, x + y]) { [self] gradients, needs in
                self.needs.append(needs)
                arrived.append(gradients.map { $0 != nil })
                let (product, sum) = (gradients[0] ?? Tensor.zeros(x.shape), gradients[1] ?? Tensor.zeros(x.shape))
                return [needs[0] ? product * y + sum : nil, needs[1] ? product * x + sum : nil]
            }
            return (outputs[0], outputs[1])
        }
    }

    @Test func aNodeWithTwoOutputsRunsOnceWithTheGradientsThatExist() {
        let recorder = Recorder()
        let a = Variable(Tensor([1, 2]), requiresGrad: true), b = Variable(Tensor([3, 4]), requiresGrad: true)
        let (product, sum) = recorder.productAndSum(a, b)
        (product * 2 + sum * 3).sum().backward()
        #expect(recorder.needs == [[true, true]] && recorder.arrived == [[true, true]])
        #expect(a.grad == Tensor([2 * 3 + 3, 2 * 4 + 3]) && b.grad == Tensor([2 * 1 + 3, 2 * 2 + 3]))

        // Only the product used: the sum's gradient is nil, not a tensor of zeros.
        let only = recorder.productAndSum(a, b).product
        only.sum().backward()
        #expect(recorder.arrived.last == [true, false])
    }

    @Test func severalOutputsPassTheFiniteDifferenceCheck() {
        let recorder = Recorder()
        let result = GradientChecker.check(at: [Tensor([0.5, -1, 2]), Tensor([1.5, 0.25, -3])]) { v in
            let (product, sum) = recorder.productAndSum(v[0], v[1])
            return Variable.concatenate([exp(product * 0.1), sum * sum])
        }
        #expect(result.passed, "\(result)")
        let split = GradientChecker.check(at: [Tensor.normal([5, 3])]) { v in
            let pieces = v[0].split(sizes: [2, 1, 2])
            return pieces[0].sum(axis: 0) * pieces[2].sum(axis: 0)      // the middle piece unused
        }
        #expect(split.passed, "\(split)")
    }

    @Test func onlyInputsThatRequireGradientsAreNeeded() {
        let recorder = Recorder()
        let frozen = Variable(Tensor([1, 2]))
        let trained = Variable(Tensor([3, 4]), requiresGrad: true)
        recorder.productAndSum(frozen, trained).product.sum().backward()
        #expect(recorder.needs == [[false, true]])
    }

    @Test func targetedGradientsMatchBackwardAndStoreNothing() {
        let recorder = Recorder()
        let weight = Variable(Tensor([[0.5, -1], [2, 0.25]]), requiresGrad: true)
        let input = Variable(Tensor([[1, 2]]), requiresGrad: true)
        func loss() -> Variable {
            let hidden = tanh(matmul(input, weight))
            return recorder.productAndSum(hidden, hidden * 2).sum.sum()
        }
        loss().backward()
        let expected = input.grad!
        input.zeroGrad(); weight.zeroGrad()
        recorder.needs = []

        let found = gradients(of: loss(), withRespectTo: [input])
        #expect(found[0] == expected)
        #expect(input.grad == nil && weight.grad == nil)
        // Both products' inputs lead to `input`; the weight was never asked for.
        #expect(recorder.needs == [[true, true]])
    }

    @Test func targetedGradientsReachIntermediatesAndSkipWhatIsNotOnThePath() {
        let weight = Variable(Tensor([[1, 2], [3, 4]]), requiresGrad: true)
        let x = Variable(Tensor([[1, -1]]), requiresGrad: true)
        let unrelated = Variable(Tensor([5]), requiresGrad: true)
        let hidden = matmul(x, weight)
        var hookSaw: Tensor?
        hidden.registerHook { hookSaw = $0; return nil }
        let output = (hidden * hidden).sum()
        let found = gradients(of: output, withRespectTo: [hidden, unrelated], retainGraph: true)
        #expect(found[0] == hidden.value * 2)
        #expect(found[1] == nil)
        #expect(hookSaw == hidden.value * 2)
        // Nothing was accumulated anywhere, and the retained graph still back-propagates.
        #expect(weight.grad == nil && x.grad == nil && hidden.grad == nil)
        output.backward()
        #expect(weight.grad != nil)
    }
}
