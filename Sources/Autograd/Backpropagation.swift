// The two ways to get gradients out of a graph: `backward()`, which accumulates into every leaf
// (PyTorch's `loss.backward()`), and `gradients(of:withRespectTo:)`, which returns the gradients
// of the variables asked for and touches nothing else (PyTorch's `torch.autograd.grad`). Both are
// one walk of the graph; they differ only in which inputs each node is asked for and where the
// finished gradients go.

import Tensor

extension Variable {
    /// Back-propagates from this variable: accumulates into ``grad`` of every leaf that requires
    /// gradients the derivative of this variable (weighted by `gradient`) with respect to it.
    ///
    /// - Parameters:
    ///   - gradient: the gradient of some final scalar with respect to this variable; omit it for a
    ///     one-element variable, where it is 1.
    ///   - retainGraph: keep the graph so it can be back-propagated again (for example from two
    ///     different logits of one forward pass). Otherwise each node's saved tensors are freed as
    ///     soon as it has been processed.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) {
        let seed = seedGradient(gradient, caller: "backward")
        Denormals.withFlushToZero {
            var walk = GradientWalk(root: self, targets: nil, retainGraph: retainGraph)
            for (variable, gradient) in walk.run(seed: seed) { variable.accumulate(gradient) }
        }
    }

    /// The gradient that starts a walk from this variable: `gradient`, or 1 for a one-element one.
    fileprivate func seedGradient(_ gradient: Tensor?, caller: String) -> Tensor {
        strandPrecondition(requiresGrad, "\(caller): this variable does not require gradients (no input of its computation did, or it was computed inside withoutGradients)")
        let seed = gradient ?? {
            strandPrecondition(value.count == 1, "\(caller): a gradient must be given for a variable of shape \(value.shape); only one-element variables default to 1")
            return Tensor.ones(value.shape)
        }()
        strandPrecondition(seed.shape == value.shape, "\(caller): gradient of shape \(seed.shape) does not match the variable's shape \(value.shape)")
        return seed
    }

    fileprivate func accumulate(_ gradient: Tensor) {
        if grad == nil { grad = gradient } else { grad! += gradient }
    }
}

/// The gradients of `output` (weighted by `gradient`) with respect to `inputs`, like
/// `torch.autograd.grad`: only the operations on a path from `inputs` to `output` run, each asked
/// only for the input gradients on such a path (no weight-gradient products for parameters that
/// were not asked for), and no ``Variable/grad`` is written. Gradient hooks of the variables on
/// the way run as in `backward()`.
///
/// - Parameters:
///   - output: the variable differentiated; `gradient` may be omitted when it has one element.
///   - inputs: leaves or intermediate variables of `output`'s computation that require gradients.
///   - gradient: the gradient of the final result with respect to `output`, shaped like it; nil
///     means ones (allowed only when `output` has one element).
///   - retainGraph: keep the graph for another walk (see ``Variable/backward(gradient:retainGraph:)``).
/// - Returns: one gradient per input, shaped like it; nil for an input `output` does not depend on.
public func gradients(of output: Variable, withRespectTo inputs: [Variable], gradient: Tensor? = nil,
                      retainGraph: Bool = false) -> [Tensor?] {
    for (index, input) in inputs.enumerated() {
        strandPrecondition(input.requiresGrad, "gradients(of:withRespectTo:): input \(index) (shape \(input.shape)) does not require gradients")
    }
    let seed = output.seedGradient(gradient, caller: "gradients(of:withRespectTo:)")
    return Denormals.withFlushToZero {
        var walk = GradientWalk(root: output, targets: inputs, retainGraph: retainGraph)
        let found = Dictionary(walk.run(seed: seed).map { (ObjectIdentifier($0.0), $0.1) }, uniquingKeysWith: { first, _ in first })
        return inputs.map { found[ObjectIdentifier($0)] }
    }
}

/// One walk back through the graph behind `root`: nodes in reverse topological order (every node
/// after all the nodes that use its outputs), each run once, when its outputs' gradients are complete.
private struct GradientWalk {
    let root: Variable
    /// The variables whose gradients are wanted; nil: every variable that requires gradients.
    let targets: Set<ObjectIdentifier>?
    let retainGraph: Bool
    /// Gradients received so far by variables whose gradient is not complete yet. The entry holds
    /// the variable too: once a user's node is released, it may be the last reference to it.
    private var pending: [ObjectIdentifier: (variable: Variable, gradient: Tensor)] = [:]
    /// Leaves that received a gradient, in the order they first did.
    private var reachedLeaves: [Variable] = []

    init(root: Variable, targets: [Variable]?, retainGraph: Bool) {
        self.root = root
        self.targets = targets.map { Set($0.map(ObjectIdentifier.init)) }
        self.retainGraph = retainGraph
    }

    /// Runs the walk from `seed` at the root; returns the complete gradient of every leaf reached
    /// (all of them) or of every target (targeted walk), and of non-leaves that retain theirs.
    mutating func run(seed: Tensor) -> [(Variable, Tensor)] {
        var finished: [(Variable, Tensor)] = []
        receive(seed, at: root)
        let order = nodesInTopologicalOrder()
        let needs = inputNeeds(order)
        let leavesDone = leavesCompleted(after: order, needs: needs)
        for (position, node) in order.enumerated() {
            // A leaf's hooks run as soon as its last user has run, not after the whole walk, so
            // work they start (a distributed gradient all-reduce) overlaps the rest of backward.
            defer { for leaf in leavesDone[position] ?? [] { finish(leaf, into: &finished) } }
            var outputGradients = [Tensor?](repeating: nil, count: node.outputCount)
            for (index, variable) in node.liveOutputs {
                guard let gradient = complete(variable) else { continue }
                outputGradients[index] = gradient
                if isWanted(variable, leaf: false) { finished.append((variable, gradient)) }
            }
            let nodeNeeds = needs[ObjectIdentifier(node)]!
            guard outputGradients.contains(where: { $0 != nil }) else { continue }
            node.requireGraph()
            guard nodeNeeds.contains(true) else { continue }
            for (input, gradient) in zip(node.inputs, node.inputGradients(for: outputGradients, needs: nodeNeeds)) {
                if let gradient { receive(gradient, at: input) }
            }
            if !retainGraph { node.release() }
        }
        for leaf in reachedLeaves { finish(leaf, into: &finished) }
        return finished
    }

    /// Completes a leaf's gradient (running its hooks) and hands it out if wanted; nothing when
    /// it received none or was completed already.
    private mutating func finish(_ leaf: Variable, into finished: inout [(Variable, Tensor)]) {
        if let gradient = complete(leaf), isWanted(leaf, leaf: true) { finished.append((leaf, gradient)) }
    }

    /// Whether a variable's complete gradient is handed out: a target's (targeted walk), or a
    /// leaf's or a retaining non-leaf's (full walk).
    private func isWanted(_ variable: Variable, leaf: Bool) -> Bool {
        guard let targets else { return leaf || variable.retainsGrad }
        return targets.contains(ObjectIdentifier(variable))
    }

    private mutating func receive(_ gradient: Tensor, at variable: Variable) {
        let key = ObjectIdentifier(variable)
        if var earlier = pending.removeValue(forKey: key) {
            // Out of the dictionary, the sum's buffer is this walk's alone and is added into in place.
            earlier.gradient += gradient
            pending[key] = earlier
        } else {
            pending[key] = (variable, gradient)
            if variable.isLeaf { reachedLeaves.append(variable) }
        }
    }

    /// The variable's gradient, now that every use has contributed, after its hooks have run.
    private mutating func complete(_ variable: Variable) -> Tensor? {
        guard var gradient = pending.removeValue(forKey: ObjectIdentifier(variable))?.gradient else { return nil }
        for (_, hook) in variable.hooks {
            if let replaced = hook(gradient) {
                strandPrecondition(replaced.shape == gradient.shape, "gradient hook returned shape \(replaced.shape) for a gradient of shape \(gradient.shape)")
                gradient = replaced
            }
        }
        return gradient
    }

    /// The nodes behind the root, each after every node that uses one of its outputs (reverse
    /// post-order of a depth-first walk; iterative, so long chains cannot overflow the stack).
    private func nodesInTopologicalOrder() -> [Node] {
        guard let start = root.node else { return [] }
        var order: [Node] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(start)]
        var stack: [(node: Node, nextInput: Int)] = [(start, 0)]
        while let (node, nextInput) = stack.last {
            if nextInput < node.inputs.count {
                stack[stack.count - 1].nextInput += 1
                if let producer = node.inputs[nextInput].node, visited.insert(ObjectIdentifier(producer)).inserted {
                    stack.append((producer, 0))
                }
            } else {
                order.append(node)
                stack.removeLast()
            }
        }
        return order.reversed()
    }

    /// The leaves whose gradient is complete once the node at each position of `order` has run:
    /// those it is the last node to pass a gradient to.
    private func leavesCompleted(after order: [Node], needs: [ObjectIdentifier: [Bool]]) -> [Int: [Variable]] {
        func neededLeaves(_ node: Node) -> [Variable] {
            zip(node.inputs, needs[ObjectIdentifier(node)]!).filter { $1 && $0.isLeaf }.map(\.0)
        }
        var lastUser: [ObjectIdentifier: Int] = [:]
        for (position, node) in order.enumerated() {
            for leaf in neededLeaves(node) { lastUser[ObjectIdentifier(leaf)] = position }
        }
        var done: [Int: [Variable]] = [:]
        for (position, node) in order.enumerated() {
            // In the node's input order, each leaf once (a node may take one leaf twice).
            for leaf in neededLeaves(node) where lastUser[ObjectIdentifier(leaf)] == position {
                lastUser[ObjectIdentifier(leaf)] = nil
                done[position, default: []].append(leaf)
            }
        }
        return done
    }

    /// For each node, which inputs' gradients are needed: those that require gradients (full
    /// walk), or those that are targets or lead to one (targeted walk; producers are decided
    /// before their users, so one pass from the end of `order` suffices).
    private func inputNeeds(_ order: [Node]) -> [ObjectIdentifier: [Bool]] {
        var needs: [ObjectIdentifier: [Bool]] = [:]
        guard let targets else {
            for node in order { needs[ObjectIdentifier(node)] = node.inputs.map(\.requiresGrad) }
            return needs
        }
        for node in order.reversed() {
            needs[ObjectIdentifier(node)] = node.inputs.map { input in
                targets.contains(ObjectIdentifier(input)) || input.node.map { needs[ObjectIdentifier($0)]!.contains(true) } ?? false
            }
        }
        return needs
    }
}
