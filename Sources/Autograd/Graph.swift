import Synchronization

/// One recorded operation: its inputs and the function that maps the gradient of its output to
/// gradients of its inputs (nil where an input gets none).
final class Node {
    let name: String
    private(set) var inputs: [Variable]
    private var backward: ((Tensor) -> [Tensor?])?

    init(name: String, inputs: [Variable], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
        GraphStatistics.nodeCreated()
    }

    deinit { GraphStatistics.nodeDestroyed() }

    /// The input gradients for `gradient`, each reduced to its input's shape where the forward
    /// pass broadcast it (done here once, so no operation has to).
    func inputGradients(for gradient: Tensor) -> [Tensor?] {
        guard let backward else {
            preconditionFailure("backward: the graph through '\(name)' was already freed by an earlier backward(); pass retainGraph: true to that call to back-propagate twice")
        }
        let gradients = backward(gradient)
        strandPrecondition(gradients.count == inputs.count, "backward of '\(name)' returned \(gradients.count) gradients for \(inputs.count) inputs")
        return zip(gradients, inputs).map { gradient, input in
            guard let gradient else { return nil }
            return gradient.shape == input.shape ? gradient : gradient.summed(toShape: input.shape)
        }
    }

    /// Drops the saved tensors and the references to the inputs, freeing the graph behind this node.
    func release() {
        backward = nil
        inputs = []
    }
}

/// Counts the graph nodes alive in the process, to show that backward frees the graph.
public enum GraphStatistics {
    private static let live = Atomic<Int>(0)

    /// The number of recorded operations whose nodes are still in memory.
    public static var liveNodes: Int { live.load(ordering: .relaxed) }

    static func nodeCreated() { live.add(1, ordering: .relaxed) }
    static func nodeDestroyed() { live.subtract(1, ordering: .relaxed) }
}

/// Whether operations are recorded for differentiation on the current task or thread.
public enum GradMode {
    @TaskLocal static var isEnabled = true

    /// True unless inside ``withoutGradients(_:)``.
    public static var enabled: Bool { isEnabled }
}

/// Runs `body` without recording operations (PyTorch's `torch.no_grad()`): results do not require
/// gradients and no graph is kept, which is what evaluation and parameter updates need.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

extension Variable {
    /// Records an operation: the result holds `value` and, when gradients are enabled and an input
    /// requires them, a node whose `backward` maps the output gradient to one gradient per input.
    ///
    /// This is how every differentiable operation is declared, forward and backward side by side:
    /// ```swift
    /// public func exp(_ x: Variable) -> Variable {
    ///     let y = exp(x.value)
    ///     return Variable.record("exp", [x], y) { g in [g * y] }
    /// }
    /// ```
    /// A backward may return gradients in the broadcast shape; they are summed back to each
    /// input's shape automatically.
    public static func record(_ name: String, _ inputs: [Variable], _ value: Tensor, backward: @escaping (Tensor) -> [Tensor?]) -> Variable {
        guard GradMode.isEnabled, inputs.contains(where: \.requiresGrad) else { return Variable(value) }
        return Variable(value: value, node: Node(name: name, inputs: inputs, backward: backward))
    }

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
        Denormals.withFlushToZero { propagate(gradient: gradient, retainGraph: retainGraph) }
    }

    private func propagate(gradient: Tensor?, retainGraph: Bool) {
        strandPrecondition(requiresGrad, "backward: this variable does not require gradients (no input of its computation did, or it was computed inside withoutGradients)")
        let seed = gradient ?? {
            strandPrecondition(value.count == 1, "backward: a gradient must be given for a variable of shape \(value.shape); only one-element variables default to 1")
            return Tensor.ones(value.shape)
        }()
        strandPrecondition(seed.shape == value.shape, "backward: gradient of shape \(seed.shape) does not match the variable's shape \(value.shape)")

        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        for variable in topologicalOrder() {
            guard var gradient = pending.removeValue(forKey: ObjectIdentifier(variable)) else { continue }
            for (_, hook) in variable.hooks {
                if let replaced = hook(gradient) {
                    strandPrecondition(replaced.shape == gradient.shape, "gradient hook returned shape \(replaced.shape) for a gradient of shape \(gradient.shape)")
                    gradient = replaced
                }
            }
            guard let node = variable.node else {
                variable.accumulate(gradient)
                continue
            }
            if variable.retainsGrad { variable.accumulate(gradient) }
            for (input, inputGradient) in zip(node.inputs, node.inputGradients(for: gradient)) {
                guard input.requiresGrad, let inputGradient else { continue }
                let key = ObjectIdentifier(input)
                pending[key] = pending[key].map { $0 + inputGradient } ?? inputGradient
            }
            if !retainGraph { node.release() }
        }
    }

    private func accumulate(_ gradient: Tensor) {
        grad = grad.map { $0 + gradient } ?? gradient
    }

    /// The variables this one depends on that require gradients, each after every variable that
    /// uses it (reverse post-order of a depth-first walk; iterative, so long chains cannot
    /// overflow the stack).
    private func topologicalOrder() -> [Variable] {
        var order: [Variable] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var stack: [(variable: Variable, nextInput: Int)] = [(self, 0)]
        while let (variable, nextInput) = stack.last {
            let inputs = variable.node?.inputs ?? []
            if nextInput < inputs.count {
                stack[stack.count - 1].nextInput += 1
                let input = inputs[nextInput]
                if input.requiresGrad, visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(variable)
                stack.removeLast()
            }
        }
        return order.reversed()
    }
}
