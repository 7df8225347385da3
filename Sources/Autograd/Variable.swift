import Tensor

/// A tensor that takes part in differentiation: a node of the computation graph.
///
/// A `Variable` holds a ``value``, and, when it ``requiresGrad``, the gradient of a later
/// `backward()` with respect to it. Leaves are the variables you create (parameters, inputs);
/// every differentiable operation on variables returns a new variable that remembers the
/// operation and its inputs, so ``backward(gradient:retainGraph:)`` can run the chain rule back.
///
/// ```swift
/// let w = Variable(Tensor.normal([3, 2]), requiresGrad: true)
/// let x = Variable(Tensor([[1, 2, 3]]))
/// let loss = tanh(matmul(x, w)).sum()
/// loss.backward()
/// print(w.grad!)          // ∂loss/∂w, shape [3, 2]
/// ```
///
/// Variables are reference types: the graph, hooks and accumulated gradients need identity.
/// (`NN.Parameter` is the one subclass: a leaf that a module owns.)
/// Leaf gradients accumulate across `backward()` calls until ``zeroGrad()``, as in PyTorch.
open class Variable {
    /// The current value. Assigning it (as an optimiser does) is not recorded in any graph.
    public var value: Tensor

    /// The accumulated gradient of a leaf (or of a non-leaf after ``retainGrad()``); nil until a
    /// backward pass reaches it.
    public var grad: Tensor?

    /// Whether gradients flow to this variable. Results of operations require gradients when any
    /// input does (outside ``withoutGradients(_:)``).
    public var requiresGrad: Bool {
        didSet {
            strandPrecondition(node == nil || requiresGrad, "requiresGrad: only leaf variables can stop requiring gradients; use detached() for a non-leaf")
        }
    }

    /// The operation that produced this variable; nil for leaves.
    let node: Node?

    /// Gradient hooks, run in registration order on the gradient arriving at this variable.
    var hooks: [(id: Int, hook: (Tensor) -> Tensor?)] = []

    /// Whether a non-leaf keeps its gradient in ``grad`` (see ``retainGrad()``).
    var retainsGrad = false

    /// A leaf variable.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.node = nil
    }

    /// An output of an operation.
    init(value: Tensor, node: Node) {
        self.value = value
        self.requiresGrad = true
        self.node = node
    }

    /// True for variables created directly rather than computed by an operation.
    public var isLeaf: Bool { node == nil }

    /// The value's shape.
    public var shape: [Int] { value.shape }

    /// The value's rank.
    public var rank: Int { value.rank }

    /// The value's only element (see `Tensor.item`).
    public var item: Float { value.item }

    /// The name of the operation that made this variable (`"leaf"` for leaves), for printing graphs.
    public var operationName: String { node?.name ?? "leaf" }

    /// A new leaf holding the same value, cut off from the graph (PyTorch's `detach()`).
    public func detached() -> Variable { Variable(value) }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// Makes a non-leaf keep the gradient that reaches it in ``grad`` (PyTorch's `retain_grad()`).
    public func retainGrad() { retainsGrad = true }

    /// Registers `hook` to see the gradient arriving at this variable during backward. Returning a
    /// tensor (of the same shape) replaces the gradient; returning nil leaves it as it was.
    /// Hooks run in registration order, before the gradient is accumulated or passed on.
    @discardableResult
    public func registerHook(_ hook: @escaping (Tensor) -> Tensor?) -> HookHandle {
        let id = HookHandle.nextID()
        hooks.append((id, hook))
        return HookHandle { [weak self] in self?.hooks.removeAll { $0.id == id } }
    }
}

extension Variable: CustomStringConvertible {
    public var description: String {
        let suffix = requiresGrad ? (isLeaf ? ", requiresGrad: true" : ", gradFn: \(operationName)") : ""
        return "Variable(\(value)\(suffix))"
    }
}
