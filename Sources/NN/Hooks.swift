import Autograd
import Tensor

/// A forward pre-hook: sees the module and its input variables before the forward pass; returning
/// variables (same count) replaces the inputs the forward pass receives.
public typealias ForwardPreHook = (Module, [Variable]) -> [Variable]?

/// A forward hook: sees the module, its input variables and its output variables after the
/// forward pass; returning variables (same count) replaces the output.
public typealias ForwardHook = (Module, [Variable], [Variable]) -> [Variable]?

/// A backward hook: sees the module, the gradients with respect to its input variables (nil for
/// those that need none; inputs that are not variables, such as token ids, have no entry) and with
/// respect to its output variables (nil for outputs that got none). Observe-only.
public typealias BackwardHook = (Module, [Tensor?], [Tensor?]) -> Void

extension Module {
    /// Registers a hook run before every forward pass of this module, like PyTorch's
    /// `register_forward_pre_hook`. Hooks run in registration order; one that returns variables
    /// replaces the inputs seen by later hooks and by the forward pass.
    @discardableResult
    public func registerForwardPreHook(_ hook: @escaping ForwardPreHook) -> HookHandle {
        let id = HookHandle.nextID()
        forwardPreHooks.append((id, hook))
        return HookHandle { [weak self] in self?.forwardPreHooks.removeAll { $0.id == id } }
    }

    /// Registers a hook run after every forward pass of this module (in training and evaluation
    /// mode), like PyTorch's `register_forward_hook`. Hooks run in registration order; one that
    /// returns variables replaces the output seen by later hooks and by the caller.
    @discardableResult
    public func registerForwardHook(_ hook: @escaping ForwardHook) -> HookHandle {
        let id = HookHandle.nextID()
        forwardHooks.append((id, hook))
        return HookHandle { [weak self] in self?.forwardHooks.removeAll { $0.id == id } }
    }

    /// Registers a hook run during backward with the gradients with respect to this module's
    /// inputs and outputs, like PyTorch's `register_full_backward_hook`.
    ///
    /// It fires once the gradients with respect to all inputs that require them have been
    /// computed; for a module whose inputs need no gradient (an embedding fed token ids) it fires
    /// when the gradient of its first output arrives. Hooks run in registration order.
    @discardableResult
    public func registerBackwardHook(_ hook: @escaping BackwardHook) -> HookHandle {
        let id = HookHandle.nextID()
        backwardHooks.append((id, hook))
        return HookHandle { [weak self] in self?.backwardHooks.removeAll { $0.id == id } }
    }

    /// The number of hooks registered on this module (not its children).
    public var hookCount: Int { forwardPreHooks.count + forwardHooks.count + backwardHooks.count }

    /// Runs `body` on `input` with this module's hooks (without hooks it is a plain call), with
    /// denormals flushed (`Denormals`). ``Layer`` calls it for you; a module whose forward pass
    /// takes several arguments calls ``withHooks(_:_:_:)``.
    public func withHooks<Input: HookValue, Output: HookValue>(_ input: Input, _ body: (Input) -> Output) -> Output {
        Denormals.withFlushToZero { runHooked(input, body) }
    }

    /// Runs `body` on two arguments with this module's hooks, which see the variables of both
    /// (first's, then second's), so a model called as `model(ids, lengths: lengths)` can be hooked
    /// like any layer:
    /// ```swift
    /// func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
    ///     withHooks(ids, lengths) { ids, lengths in head(encoder(embedding(ids), lengths: lengths).hidden[0]) }
    /// }
    /// ```
    public func withHooks<First: HookValue, Second: HookValue, Output: HookValue>(_ first: First, _ second: Second,
                                                                                  _ body: (First, Second) -> Output) -> Output {
        withHooks(HookPair(first: first, second: second)) { body($0.first, $0.second) }
    }

    private func runHooked<Input: HookValue, Output: HookValue>(_ input: Input, _ body: (Input) -> Output) -> Output {
        if forwardPreHooks.isEmpty && forwardHooks.isEmpty && backwardHooks.isEmpty { return body(input) }
        var input = input
        for (_, hook) in forwardPreHooks {
            if let replacement = hook(self, input.hookVariables) {
                strandPrecondition(replacement.count == input.hookVariables.count,
                                   "a forward pre-hook of \(typeName) returned \(replacement.count) variables for \(input.hookVariables.count) inputs")
                input = input.replacingHookVariables(replacement)
            }
        }
        var capture: BackwardCapture?
        if !backwardHooks.isEmpty {
            let newCapture = BackwardCapture(module: self, hooks: backwardHooks.map(\.hook))
            input = input.replacingHookVariables(input.hookVariables.enumerated().map { newCapture.watchInput($1, at: $0) })
            capture = newCapture
        }
        var output = body(input)
        for (_, hook) in forwardHooks {
            if let replacement = hook(self, input.hookVariables, output.hookVariables) {
                output = output.replacingHookVariables(replacement)
            }
        }
        if let capture {
            output = output.replacingHookVariables(output.hookVariables.enumerated().map { capture.watchOutput($1, at: $0) })
        }
        return output
    }
}

/// Collects one forward pass's gradients for a module's backward hooks.
///
/// Inputs and outputs are routed through identity operations whose gradient hooks record what
/// arrives; gradients reach outputs before inputs, so the hooks fire with both once every input
/// that needs a gradient has received it.
final class BackwardCapture {
    private weak var module: Module?
    private let hooks: [BackwardHook]
    private var inputGradients: [Tensor?] = []
    private var outputGradients: [Tensor?] = []
    private var awaitedInputs = 0
    private var fired = false

    init(module: Module, hooks: [BackwardHook]) {
        self.module = module
        self.hooks = hooks
    }

    func watchInput(_ variable: Variable, at index: Int) -> Variable {
        inputGradients.append(nil)
        guard variable.requiresGrad, GradMode.enabled else { return variable }
        awaitedInputs += 1
        let watched = identity(variable, name: "backwardHookInput")
        watched.registerHook { [self] gradient in
            inputGradients[index] = gradient
            awaitedInputs -= 1
            if awaitedInputs == 0 { fire() }
            return nil
        }
        return watched
    }

    func watchOutput(_ variable: Variable, at index: Int) -> Variable {
        outputGradients.append(nil)
        guard variable.requiresGrad else { return variable }
        let watched = identity(variable, name: "backwardHookOutput")
        watched.registerHook { [self] gradient in
            outputGradients[index] = gradient
            if awaitedInputs == 0 && index == 0 { fire() }
            return nil
        }
        return watched
    }

    private func fire() {
        guard !fired, let module else { return }
        fired = true
        for hook in hooks { hook(module, inputGradients, outputGradients) }
    }

    private func identity(_ variable: Variable, name: String) -> Variable {
        Variable.record(name, [variable], variable.value) { g in [g] }
    }
}

/// Keeps what a closure extracts from every forward (and optionally backward) pass of a module,
/// like fastai's `Hook`: the usual way to read an encoder's activations and their gradients.
///
/// ```swift
/// let activations = HookStore(forwardOf: encoder) { _, _, outputs in outputs[0].value }
/// let gradients = HookStore(backwardOf: encoder) { _, _, gradOutputs in gradOutputs[0] }
/// _ = model(ids); loss.backward()
/// activations.stored.last   // the encoder's output
/// ```
public final class HookStore<Stored> {
    /// What the closure returned, one element per call, oldest first.
    public private(set) var stored: [Stored] = []
    private var handle: HookHandle?

    /// Stores `extract(module, inputs, outputs)` after every forward pass of `module`.
    public init(forwardOf module: Module, _ extract: @escaping (Module, [Variable], [Variable]) -> Stored) {
        handle = module.registerForwardHook { [unowned self] module, inputs, outputs in
            stored.append(extract(module, inputs, outputs))
            return nil
        }
    }

    /// Stores `extract(module, gradInputs, gradOutputs)` after every backward pass through `module`.
    public init(backwardOf module: Module, _ extract: @escaping (Module, [Tensor?], [Tensor?]) -> Stored) {
        handle = module.registerBackwardHook { [unowned self] module, gradInputs, gradOutputs in
            stored.append(extract(module, gradInputs, gradOutputs))
        }
    }

    /// Forgets what was stored.
    public func clear() { stored.removeAll() }

    /// Detaches the hook; what was stored stays readable.
    public func remove() { handle?.remove() }

    deinit { handle?.remove() }
}
