@testable import Autograd
import Foundation
import Tensor
import Testing

@Suite(.serialized) struct GraphTests {
    @Test func leafGradientsAccumulateUntilZeroed() {
        let w = Variable(Tensor([1, 2, 3]), requiresGrad: true)
        (w * w).sum().backward()
        #expect(w.grad?.scalars == [2, 4, 6])
        (w * 3).sum().backward()
        #expect(w.grad?.scalars == [5, 7, 9])
        w.zeroGrad()
        #expect(w.grad == nil)
    }

    @Test func aVariableUsedTwiceGetsBothContributions() {
        let x = Variable(Tensor(3), requiresGrad: true)
        let y = x * x + x * 2      // dy/dx = 2x + 2 = 8
        y.backward()
        #expect(x.grad?.item == 8)
    }

    @Test func retainGraphAllowsTwoBackwardPassesFromOneForward() {
        // Notebook 000 back-propagates two different logits of one forward pass.
        let x = Variable(Tensor([[1, 2]]), requiresGrad: true)
        let w = Variable(Tensor([[1, 0, 2], [0, 1, 3]]), requiresGrad: true)
        let logits = tanh(matmul(x, w))
        logits.select(axis: 1, index: 0).sum().backward(retainGraph: true)
        let first = x.grad!
        x.zeroGrad()
        logits.select(axis: 1, index: 2).sum().backward()
        let second = x.grad!
        #expect(first != second)
        // x·w = [1, 2, 8]; d tanh(x·w₀)/dx = (1 − tanh²(1)) · w₀ᵀ and d tanh(x·w₂)/dx = (1 − tanh²(8)) · w₂ᵀ.
        let slope0 = 1 - Float(Foundation.tanh(1.0) * Foundation.tanh(1.0))
        let slope2 = 1 - Float(Foundation.tanh(8.0) * Foundation.tanh(8.0))
        #expect(Swift.abs(first.scalars[0] - slope0) < 1e-6 && Swift.abs(first.scalars[1]) < 1e-7)
        #expect(Swift.abs(second.scalars[0] - 2 * slope2) < 1e-6 && Swift.abs(second.scalars[1] - 3 * slope2) < 1e-6)
    }

    @Test func backwardWithoutRetainFreesTheGraph() {
        let x = Variable(Tensor.ones([4]), requiresGrad: true)
        let loss = exp(x * 2).sum()
        #expect(loss.node?.inputs.count == 1)
        loss.backward()
        // The nodes stay reachable from `loss` but their saved tensors and input references are gone.
        #expect(loss.node?.inputs.isEmpty == true)
        let kept = exp(x * 2).sum()
        kept.backward(retainGraph: true)
        #expect(kept.node?.inputs.count == 1)
    }

    @Test func nonScalarBackwardTakesAGradient() {
        let x = Variable(Tensor([1, 2]), requiresGrad: true)
        (x * x).backward(gradient: Tensor([1, 10]))
        #expect(x.grad?.scalars == [2, 40])
    }

    @Test func detachAndNoGradStopRecording() {
        let x = Variable(Tensor([1, 2]), requiresGrad: true)
        let detached = x.detached() * 2
        #expect(!detached.requiresGrad && detached.isLeaf)
        let inside = withoutGradients { exp(x) }
        #expect(!inside.requiresGrad && inside.isLeaf)
        #expect(GradMode.enabled)
        let constant = Variable(Tensor([3, 4]))
        #expect(!(constant * constant).requiresGrad)
        let mixed = x * constant
        #expect(mixed.requiresGrad && mixed.operationName == "multiply")
        mixed.sum().backward()
        #expect(x.grad?.scalars == [3, 4])
        #expect(constant.grad == nil)
    }

    @Test func hooksObserveReplaceAndRemove() {
        let x = Variable(Tensor([1, 2, 3]), requiresGrad: true)
        let y = x * 2
        var seen: [[Float]] = []
        let observer = y.registerHook { g in seen.append(g.scalars); return nil }
        let doubler = y.registerHook { g in g * 2 }
        let second = y.registerHook { g in seen.append(g.scalars); return nil }
        y.sum().backward(retainGraph: true)
        // Hooks run in registration order: the third sees the doubled gradient.
        #expect(seen == [[1, 1, 1], [2, 2, 2]])
        #expect(x.grad?.scalars == [4, 4, 4])
        doubler.remove()
        observer.remove()
        second.remove()
        second.remove()
        x.zeroGrad()
        seen = []
        y.sum().backward()
        #expect(seen.isEmpty)
        #expect(x.grad?.scalars == [2, 2, 2])
    }

    @Test func leafHooksSeeTheGradientBeforeAccumulation() {
        let w = Variable(Tensor([1, 1]), requiresGrad: true)
        w.registerHook { g in g.clamped(max: 0.5) }
        (w * Variable(Tensor([3, 0.25]))).sum().backward()
        #expect(w.grad?.scalars == [0.5, 0.25])
    }

    @Test func aLeafsHooksRunOnceItsLastUserHasRun() {
        // w2 is used last in the forward pass, so its gradient is complete before y1's is
        // computed; w1, used twice, only after both of its users have run.
        let x = Variable(Tensor([1, 2]))
        let (w1, w2) = (Variable(Tensor([3, 4]), requiresGrad: true), Variable(Tensor([5, 6]), requiresGrad: true))
        let y1 = x * w1 + w1
        var order: [String] = []
        w1.registerHook { _ in order.append("w1"); return nil }
        w2.registerHook { _ in order.append("w2"); return nil }
        y1.registerHook { _ in order.append("y1"); return nil }
        (y1 * w2).sum().backward()
        #expect(order == ["w2", "y1", "w1"])
        #expect(w1.grad?.scalars == [10, 18])
        #expect(w2.grad?.scalars == [6, 12])
    }

    @Test func retainGradKeepsANonLeafGradient() {
        let x = Variable(Tensor([1, 2]), requiresGrad: true)
        let hidden = x * 3
        hidden.retainGrad()
        (hidden * hidden).sum().backward()
        #expect(hidden.grad?.scalars == [6, 12])
        #expect(x.grad?.scalars == [18, 36])
    }

    @Test func printingShowsTheOperation() {
        let x = Variable(Tensor([1, 2]), requiresGrad: true)
        #expect(x.description == "Variable(tensor([1., 2.], shape=[2]), requiresGrad: true)")
        #expect((x + x).description == "Variable(tensor([2., 4.], shape=[2]), gradFn: add)")
    }
}
