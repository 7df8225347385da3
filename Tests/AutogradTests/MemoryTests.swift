@testable import Autograd
import Tensor
import Testing

/// Weak references to every node of a graph, to check that all of them are freed.
func weakNodes(from root: Variable) -> [() -> Bool] {
    var alive: [() -> Bool] = []
    var stack = [root]
    var seen = Set<ObjectIdentifier>()
    while let variable = stack.popLast() {
        guard let node = variable.node, seen.insert(ObjectIdentifier(node)).inserted else { continue }
        alive.append { [weak node] in node != nil }
        stack.append(contentsOf: node.inputs)
    }
    return alive
}

@Suite struct MemoryTests {
    @Test func tenThousandTrainingStepsLeaveNoGraphBehind() {
        var generator = RandomGenerator(seed: 0)
        let w = Variable(Tensor.normal([8, 4], using: &generator), requiresGrad: true)
        let b = Variable(Tensor.zeros([4]), requiresGrad: true)
        let x = Variable(Tensor.normal([16, 8], using: &generator))
        let targets = IntTensor((0..<16).map { $0 % 4 }).reshaped([16, 1])
        var previousNodes: [() -> Bool] = []
        var nodesPerStep = 0
        for step in 0..<10_000 {
            do {
                let loss = -(matmul(x, w) + b).logSoftmax(axis: 1).gather(axis: 1, targets).mean()
                if step == 0 { nodesPerStep = weakNodes(from: loss).count }
                previousNodes = weakNodes(from: loss)
                loss.backward()
            }
            // Every node of the step's graph is gone once its variables are out of scope: nothing
            // (a retain cycle, a cache) keeps a graph alive into the next step.
            let leaked = previousNodes.filter { $0() }.count
            if leaked > 0 {
                Issue.record("step \(step): \(leaked) of \(previousNodes.count) nodes still alive")
                return
            }
            withoutGradients {
                w.value -= w.grad! * 0.01
                b.value -= b.grad! * 0.01
            }
            w.zeroGrad()
            b.zeroGrad()
        }
        #expect(nodesPerStep == 7)
    }

    @Test func aKeptOutputDoesNotKeepItsSavedTensors() {
        let x = Variable(Tensor.ones([1000]), requiresGrad: true)
        let loss = exp(x).sum()
        let nodes = weakNodes(from: loss)
        loss.backward()
        // Only the root's node survives (the variable `loss` holds it); it no longer holds inputs.
        #expect(nodes.filter { $0() }.count == 1)
        #expect(loss.node?.inputs.isEmpty == true)
    }
}
