import Autograd
import Tensor

/// A module with a typed forward pass. Calling the module (`layer(x)`) runs ``forward(_:)``
/// wrapped in the module's forward and backward hooks.
///
/// ```swift
/// final class TwoLayer: Module, Layer {
///     let first = Linear(4, 8), second = Linear(8, 2)
///     func forward(_ x: Variable) -> Variable { second(relu(first(x))) }
/// }
/// ```
public protocol Layer<Input, Output>: Module {
    associatedtype Input: HookValue
    associatedtype Output: HookValue
    /// The computation; call the layer itself (`callAsFunction`) so hooks run.
    func forward(_ input: Input) -> Output
}

extension Layer {
    /// Runs ``forward(_:)`` with this module's hooks.
    public func callAsFunction(_ input: Input) -> Output {
        withHooks(input, forward)
    }
}

/// A value that can pass through a module's hooks: it exposes the variables hooks see (and may
/// replace). `Variable` is one; an `IntTensor` of token ids has none.
public protocol HookValue {
    /// The variables hooks see, in a fixed order.
    var hookVariables: [Variable] { get }
    /// The same value with its variables replaced (same count and order).
    func replacingHookVariables(_ variables: [Variable]) -> Self
}

extension Variable: HookValue {
    public var hookVariables: [Variable] { [self] }
    public func replacingHookVariables(_ variables: [Variable]) -> Self {
        strandPrecondition(variables.count == 1, "a hook replaced one output with \(variables.count) variables")
        guard let replacement = variables[0] as? Self else { strandPreconditionFailure("a hook replaced a \(Self.self) with a \(type(of: variables[0]))") }
        return replacement
    }
}

/// Two arguments of a forward pass, as hooks see them: the first's variables, then the second's.
struct HookPair<First: HookValue, Second: HookValue>: HookValue {
    let first: First
    let second: Second

    var hookVariables: [Variable] { first.hookVariables + second.hookVariables }

    func replacingHookVariables(_ variables: [Variable]) -> HookPair {
        let split = first.hookVariables.count
        return HookPair(first: first.replacingHookVariables(Array(variables[..<split])),
                        second: second.replacingHookVariables(Array(variables[split...])))
    }
}

/// Sequence lengths and other integer arguments: no variables.
extension Array: HookValue where Element == Int {
    public var hookVariables: [Variable] { [] }
    public func replacingHookVariables(_ variables: [Variable]) -> [Int] { self }
}

extension IntTensor: HookValue {
    public var hookVariables: [Variable] { [] }
    public func replacingHookVariables(_ variables: [Variable]) -> IntTensor { self }
}

extension Tensor: HookValue {
    public var hookVariables: [Variable] { [] }
    public func replacingHookVariables(_ variables: [Variable]) -> Tensor { self }
}
