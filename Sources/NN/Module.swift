import Foundation

/// The base class of every layer and model: parameters and submodules found by reflection,
/// PyTorch-style names, train/eval mode, freezing, state dicts, hooks and a printed tree.
///
/// Subclass it and store parameters and submodules as properties; no registration is needed:
/// ```swift
/// final class Classifier: Module, Layer {
///     let embedding = Embedding(count: 25_002, dimension: 100)
///     let output = Linear(100, 2)
///     func forward(_ ids: IntTensor) -> Variable { output(embedding(ids).mean(axis: 1)) }
/// }
/// ```
/// `namedParameters()` then yields `embedding.weight`, `output.weight`, `output.bias` — the keys
/// PyTorch's `state_dict()` uses for the same model.
///
/// Names come from the property names, converted from Swift's camelCase to PyTorch's snake_case
/// (`runningMean` → `running_mean`); arrays of modules or parameters are numbered from 0
/// (`convs.1.bias`). Properties whose names start with `_` are skipped. A module whose names do not
/// follow its properties (a recurrent layer's `weight_ih_l0`) overrides ``namedLocalParameters()``.
open class Module {
    /// True in training mode (the default), false in evaluation mode; see ``train(_:)``.
    public private(set) var isTraining = true

    var forwardPreHooks: [(id: Int, hook: ForwardPreHook)] = []
    var forwardHooks: [(id: Int, hook: ForwardHook)] = []
    var backwardHooks: [(id: Int, hook: BackwardHook)] = []

    public init() {}

    // MARK: Discovery

    /// This module's own parameters (not those of submodules), with their local names.
    open func namedLocalParameters() -> [(String, Parameter)] {
        reflectedProperties().flatMap { name, value in Self.parameters(in: value, named: name) }
    }

    /// This module's own buffers, with their local names.
    open func namedLocalBuffers() -> [(String, Buffer)] {
        reflectedProperties().flatMap { name, value -> [(String, Buffer)] in
            if let buffer = value as? Buffer { return [(name, buffer)] }
            return []
        }
    }

    /// The direct submodules, with their names.
    open func namedChildren() -> [(String, Module)] {
        reflectedProperties().flatMap { name, value in Self.modules(in: value, named: name) }
    }

    /// Every parameter of this module and its submodules, with dotted names, in declaration order.
    /// A parameter shared by several modules (tied weights) is listed once, under its first name,
    /// as in PyTorch's `named_parameters()`; the state dict lists it under every name.
    public func namedParameters() -> [(String, Parameter)] {
        var seen = Set<ObjectIdentifier>()
        return everyNamedParameter().filter { seen.insert(ObjectIdentifier($0.1)).inserted }
    }

    /// Every parameter under every name it has, shared ones repeated (the state dict's keys).
    func everyNamedParameter() -> [(String, Parameter)] {
        namedLocalParameters() + namedChildren().flatMap { prefix, child in
            child.everyNamedParameter().map { ("\(prefix).\($0)", $1) }
        }
    }

    /// Every parameter of this module and its submodules.
    public func parameters() -> [Parameter] { namedParameters().map(\.1) }

    /// Every buffer of this module and its submodules, with dotted names.
    public func namedBuffers() -> [(String, Buffer)] {
        namedLocalBuffers() + namedChildren().flatMap { prefix, child in
            child.namedBuffers().map { ("\(prefix).\($0)", $1) }
        }
    }

    /// This module and every module below it, depth first, with dotted names (`""` for this one).
    public func namedModules() -> [(String, Module)] {
        [("", self)] + namedChildren().flatMap { prefix, child in
            child.namedModules().map { ($0.isEmpty ? prefix : "\(prefix).\($0)", $1) }
        }
    }

    /// The number of parameter elements (only trainable ones when `trainableOnly`).
    public func parameterCount(trainableOnly: Bool = false) -> Int {
        parameters().filter { !trainableOnly || $0.isTrainable }.reduce(0) { $0 + $1.value.count }
    }

    /// The parameters of normalisation layers (``BatchNorm1d``, ``LayerNorm``), which fastai keeps
    /// training in frozen groups and leaves out of weight decay.
    public func normalizationParameters() -> [Parameter] {
        namedModules().filter { $0.1 is BatchNorm1d || $0.1 is LayerNorm }.flatMap { $0.1.parameters() }
    }

    /// The normalisation parameters and every parameter named `bias` (fastai's
    /// `norm_bias_params`): those fastai's weight decay skips. A recurrent layer's `bias_ih_l0` is
    /// not among them, as in fastai.
    public func normAndBiasParameters() -> [Parameter] {
        var seen = Set<ObjectIdentifier>()
        let biases = namedModules().flatMap { $0.1.namedLocalParameters().filter { $0.0 == "bias" }.map(\.1) }
        return (normalizationParameters() + biases).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    // MARK: Modes

    /// Switches this module and all below it to training mode (`true`) or evaluation mode.
    /// Dropout and BatchNorm behave differently in the two.
    public func train(_ training: Bool = true) {
        for (_, module) in namedModules() { module.isTraining = training }
    }

    /// Switches this module and all below it to evaluation mode.
    public func eval() { train(false) }

    /// Stops gradients for every parameter whose dotted name satisfies `predicate` (all by default).
    /// Frozen parameters get no gradient and optimisers skip them.
    public func freeze(where predicate: (String) -> Bool = { _ in true }) {
        for (name, parameter) in namedParameters() where predicate(name) { parameter.requiresGrad = false }
    }

    /// Lets gradients flow again to every parameter whose dotted name satisfies `predicate`.
    public func unfreeze(where predicate: (String) -> Bool = { _ in true }) {
        for (name, parameter) in namedParameters() where predicate(name) { parameter.requiresGrad = true }
    }

    // MARK: Printing

    /// The text inside this module's parentheses when printed, like PyTorch's `extra_repr`.
    open var extraDescription: String { "" }

    /// The module's type name as printed.
    open var typeName: String { String(describing: type(of: self)) }

    // MARK: Reflection

    /// Stored properties of this object (subclass and superclasses up to `Module`), with their
    /// state-dict names.
    private func reflectedProperties() -> [(String, Any)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let current = mirror, current.subjectType != Module.self {
            mirrors.append(current)
            mirror = current.superclassMirror
        }
        return mirrors.reversed().flatMap { mirror in
            mirror.children.compactMap { child -> (String, Any)? in
                guard let label = child.label, !label.hasPrefix("_") else { return nil }
                return (Self.stateDictName(label), child.value)
            }
        }
    }

    private static func parameters(in value: Any, named name: String) -> [(String, Parameter)] {
        if let parameter = value as? Parameter { return [(name, parameter)] }
        if let parameter = value as? Parameter? { return parameter.map { [(name, $0)] } ?? [] }
        if let list = value as? [Parameter] { return list.enumerated().map { ("\(name).\($0.offset)", $0.element) } }
        return []
    }

    private static func modules(in value: Any, named name: String) -> [(String, Module)] {
        if let module = value as? Module { return [(name, module)] }
        if let module = value as? Module? { return module.map { [(name, $0)] } ?? [] }
        if let list = value as? [Module] { return list.enumerated().map { ("\(name).\($0.offset)", $0.element) } }
        return []
    }

    /// `runningMean` → `running_mean`: Swift's camelCase to PyTorch's snake_case.
    static func stateDictName(_ label: String) -> String {
        var result = ""
        for character in label {
            if character.isUppercase, !result.isEmpty, result.last != "_" { result.append("_") }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}

extension Module: CustomStringConvertible {
    /// The module tree in PyTorch's layout:
    /// ```
    /// Classifier(
    ///   (embedding): Embedding(25002, 100)
    ///   (output): Linear(in_features=100, out_features=2, bias=True)
    /// )
    /// ```
    public var description: String {
        let children = namedChildren()
        guard !children.isEmpty else { return "\(typeName)(\(extraDescription))" }
        var lines = ["\(typeName)(" + (extraDescription.isEmpty ? "" : extraDescription)]
        for (name, child) in children {
            let text = child.description.replacingOccurrences(of: "\n", with: "\n  ")
            lines.append("  (\(name)): \(text)")
        }
        lines.append(")")
        return lines.joined(separator: "\n")
    }
}
