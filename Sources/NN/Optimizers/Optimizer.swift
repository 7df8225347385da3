import Autograd
import Tensor

/// The per-parameter memory of an optimiser: its step count and named tensors (momentum
/// buffers, moment estimates).
public struct OptimizerState: Equatable {
    public var step = 0
    public var tensors: [String: Tensor] = [:]
}

/// The base of Strand's optimisers: parameter groups, `zeroGrad`, `step` and state save/load.
///
/// Subclasses implement ``update(_:gradient:group:state:)`` for one parameter. Frozen parameters
/// (`requiresGrad == false`) and parameters without a gradient are skipped, as in PyTorch.
open class Optimizer {
    /// The parameter groups with their current settings (schedules change `learningRate`/`momentum`).
    public var groups: [ParameterGroup]
    /// Parameters updated without weight decay whatever their group's setting (fastai leaves
    /// normalisation weights and biases undecayed: ``Learner``'s `decaysNormAndBias`).
    public var exemptFromWeightDecay: Set<ObjectIdentifier> = []
    /// Whether the objective is maximised: each gradient's sign is flipped before the update
    /// (PyTorch's `maximize=True`).
    public let maximize: Bool
    private var states: [ObjectIdentifier: OptimizerState] = [:]

    /// An optimiser over `groups`, whose unset settings come from `defaults`.
    public init(groups: [ParameterGroup], defaults: ParameterGroup, maximize: Bool = false) {
        strandPrecondition(!groups.isEmpty, "\(Self.self): needs at least one parameter group")
        self.groups = groups.map { $0.filled(from: defaults) }
        self.maximize = maximize
    }

    /// Clears the gradients of every parameter the optimiser updates.
    public func zeroGrad() {
        for group in groups { for parameter in group.parameters { parameter.zeroGrad() } }
    }

    /// Updates every trainable parameter that has a gradient (denormals flushed: `Denormals`).
    public func step() {
        Denormals.withFlushToZero { withoutGradients(updateAll) }
    }

    private func updateAll() {
        for group in groups {
            for parameter in group.parameters where parameter.requiresGrad {
                guard let gradient = parameter.grad else { continue }
                let key = ObjectIdentifier(parameter)
                // Taken out while it is updated, so its buffers are uniquely held and updated in
                // place (reading it as `states[key]` would copy each moment buffer every step).
                var state = states.removeValue(forKey: key) ?? OptimizerState()
                state.step += 1
                var settings = group
                if exemptFromWeightDecay.contains(key) { settings.weightDecay = 0 }
                update(parameter, gradient: maximize ? -gradient : gradient, group: settings, state: &state)
                states[key] = state
            }
        }
    }

    /// Applies one update to `parameter.value`. `state.step` already counts this step.
    open func update(_ parameter: Parameter, gradient: Tensor, group: ParameterGroup, state: inout OptimizerState) {
        fatalError("\(Self.self) must override update(_:gradient:group:state:)")
    }

    /// Forgets every parameter's state (step counts, moments), as fastai does when groups are
    /// frozen or unfrozen: the next step starts afresh.
    public func clearState() {
        states = [:]
    }

    /// Every parameter in group order; a parameter's position is its key in the state dict.
    private var orderedParameters: [Parameter] { groups.flatMap(\.parameters) }

    /// The optimiser's state and group settings as named tensors, ready for safetensors:
    /// `state.<i>.step` and `state.<i>.<buffer>` per parameter `i` (PyTorch's numbering over
    /// groups), `groups.<k>.lr`, `.weight_decay`, `.momentum`, `.beta2` per group.
    public func stateDict() -> [(String, StateTensor)] {
        var entries: [(String, StateTensor)] = []
        for (index, parameter) in orderedParameters.enumerated() {
            guard let state = states[ObjectIdentifier(parameter)] else { continue }
            entries.append(("state.\(index).step", .int(IntTensor(state.step))))
            for name in state.tensors.keys.sorted() { entries.append(("state.\(index).\(name)", .float(state.tensors[name]!))) }
        }
        for (index, group) in groups.enumerated() {
            for (name, value) in [("lr", group.learningRate), ("weight_decay", group.weightDecay), ("momentum", group.momentum), ("beta2", group.beta2)] {
                entries.append(("groups.\(index).\(name)", .float(Tensor(value))))
            }
        }
        return entries
    }

    /// Restores state saved by ``stateDict()`` from an optimiser over the same parameters.
    ///
    /// A step count may be an integer or, as PyTorch ≥ 1.12 stores it, a float tensor holding a
    /// whole number; it must be a single value and not negative.
    ///
    /// - Throws: ``StateDictError`` when a key names a parameter or group this optimiser lacks, a
    ///   buffer's shape differs from its parameter's, or a step count is not a count.
    public func loadStateDict(_ entries: [(String, StateTensor)]) throws(StateDictError) {
        let parameters = orderedParameters
        var restored: [ObjectIdentifier: OptimizerState] = [:]
        var unexpected: [String] = []
        var mismatched: [StateDictError.ShapeMismatch] = []
        var invalid: [StateDictError.InvalidValue] = []
        var settings: [(group: Int, name: String, value: Float)] = []
        for (key, value) in entries {
            let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3, let index = Int(parts[1]), index >= 0 else { unexpected.append(key); continue }
            switch (parts[0], value) {
            case ("state", _) where index < parameters.count:
                let id = ObjectIdentifier(parameters[index])
                var state = restored[id] ?? OptimizerState()
                if parts[2] == "step" {
                    do {
                        state.step = try Self.stepCount(value)
                    } catch {
                        invalid.append(.init(key: key, reason: error.reason))
                    }
                } else if case .float(let tensor) = value, tensor.shape == parameters[index].shape {
                    if let problem = StateDictError.InvalidValue.nonFinite(tensor, key: key, element: "value") { invalid.append(problem) }
                    state.tensors[parts[2]] = tensor
                } else {
                    mismatched.append(.init(key: key, expected: parameters[index].shape, found: value.shape))
                }
                restored[id] = state
            case ("groups", .float(let setting)) where index < groups.count && setting.count == 1 && Self.groupSettings.contains(parts[2]):
                if setting.item.isFinite {
                    settings.append((index, parts[2], setting.item))
                } else {
                    invalid.append(.init(key: key, reason: "a group setting must be finite, found \(setting.item)"))
                }
            default:
                unexpected.append(key)
            }
        }
        let problems = StateDictError(unexpected: unexpected, shapeMismatches: mismatched, invalidValues: invalid)
        guard problems.isEmpty else { throw problems }
        // Nothing changes unless everything fits.
        states = restored
        for (group, name, value) in settings {
            switch name {
            case "lr": groups[group].learningRate = value
            case "weight_decay": groups[group].weightDecay = value
            case "momentum": groups[group].momentum = value
            default: groups[group].beta2 = value
            }
        }
    }

    /// The group settings ``stateDict()`` saves, by their names there.
    private static let groupSettings: Set<String> = ["lr", "weight_decay", "momentum", "beta2"]

    /// A saved step count: one whole, non-negative number, integer or float.
    private static func stepCount(_ value: StateTensor) throws(InvalidStepCount) -> Int {
        guard value.shape.reduce(1, *) == 1 else { throw InvalidStepCount(reason: "a step count must be one number, found a tensor of shape \(value.shape)") }
        let step: Int
        switch value {
        case .int(let ints): step = ints.scalars[0]
        case .float(let tensor):
            let scalar = tensor.scalars[0]
            guard scalar.isFinite, scalar == scalar.rounded(), let whole = Int(exactly: scalar) else {
                throw InvalidStepCount(reason: "a step count must be a whole number, found \(scalar)")
            }
            step = whole
        }
        guard step >= 0 else { throw InvalidStepCount(reason: "a step count cannot be negative, found \(step)") }
        return step
    }
}

/// Why a saved step count cannot be restored.
private struct InvalidStepCount: Error {
    let reason: String
}
