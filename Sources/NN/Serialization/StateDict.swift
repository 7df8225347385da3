import Tensor

/// What did not fit when loading a state dict, reported together as PyTorch does:
/// `Missing key(s): …; Unexpected key(s): …; size mismatch for …`, and (unlike PyTorch, which
/// converts or loads them) values of the wrong kind or non-finite weights.
public struct StateDictError: Error, Equatable, CustomStringConvertible {
    public struct ShapeMismatch: Equatable, Sendable {
        public let key: String
        public let expected: [Int]
        public let found: [Int]
    }

    /// A value of the right shape that still cannot be loaded, and why.
    public struct InvalidValue: Equatable, Sendable {
        public let key: String
        public let reason: String

        /// The problem with `tensor` when it holds a NaN or an infinity, which would spread through
        /// every output and gradient (`element` names its entries in the message).
        static func nonFinite(_ tensor: Tensor, key: String, element: String) -> InvalidValue? {
            guard let bad = tensor.scalars.firstIndex(where: { !$0.isFinite }) else { return nil }
            return InvalidValue(key: key, reason: "\(element) \(bad) of \(tensor.count) is \(tensor.scalars[bad]) (not finite)")
        }
    }

    /// Keys the module has but the state dict lacks.
    public let missing: [String]
    /// Keys the state dict has but the module lacks.
    public let unexpected: [String]
    /// Keys present in both with different shapes.
    public let shapeMismatches: [ShapeMismatch]
    /// Keys whose value has the wrong element type (an integer tensor for a float parameter, a
    /// float tensor for an integer buffer), non-finite weights, or an impossible optimiser step.
    public let invalidValues: [InvalidValue]

    public init(missing: [String] = [], unexpected: [String] = [], shapeMismatches: [ShapeMismatch] = [], invalidValues: [InvalidValue] = []) {
        self.missing = missing
        self.unexpected = unexpected
        self.shapeMismatches = shapeMismatches
        self.invalidValues = invalidValues
    }

    /// Whether nothing is wrong.
    var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && shapeMismatches.isEmpty && invalidValues.isEmpty }

    /// Every problem in PyTorch's wording; long lists are cut (the properties hold them whole).
    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("Missing key(s): " + quotedListForMessage(missing, limit: 8)) }
        if !unexpected.isEmpty { parts.append("Unexpected key(s): " + quotedListForMessage(unexpected, limit: 8)) }
        for mismatch in shapeMismatches.prefix(4) {
            parts.append("size mismatch for \(quotedForMessage(mismatch.key)): copying a tensor of shape \(mismatch.found), the shape in the current model is \(mismatch.expected)")
        }
        for invalid in invalidValues.prefix(4) { parts.append("invalid value for \(quotedForMessage(invalid.key)): \(invalid.reason)") }
        let more = max(0, shapeMismatches.count - 4) + max(0, invalidValues.count - 4)
        if more > 0 { parts.append("and \(more) more") }
        return "Error(s) in loading state_dict: " + parts.joined(separator: "; ")
    }
}

extension Module {
    /// Parameters and buffers by dotted name, in PyTorch's order (each module's own parameters,
    /// then its buffers, then its children's).
    public func stateDict() -> [(String, StateTensor)] {
        namedLocalParameters().map { ($0, StateTensor.float($1.value)) }
            + namedLocalBuffers().map { ($0, $1.value) }
            + namedChildren().flatMap { prefix, child in child.stateDict().map { ("\(prefix).\($0)", $1) } }
    }

    /// Copies values from `entries` into the parameters and buffers of the same names.
    ///
    /// With `strict` (the default) every key must match and nothing is changed unless all do.
    /// Without it, matching keys are loaded and others ignored; shape mismatches, values of the
    /// wrong element type and non-finite parameter values always throw.
    /// - Throws: ``StateDictError`` listing every missing key, unexpected key, shape mismatch and
    ///   invalid value.
    public func loadStateDict(_ entries: [(String, StateTensor)], strict: Bool = true) throws(StateDictError) {
        let parameters = Dictionary(everyNamedParameter(), uniquingKeysWith: { first, _ in first })
        let buffers = Dictionary(namedBuffers(), uniquingKeysWith: { first, _ in first })
        let given = Dictionary(entries, uniquingKeysWith: { _, last in last })
        var mismatches: [StateDictError.ShapeMismatch] = [], invalid: [StateDictError.InvalidValue] = []
        for (key, value) in entries {
            let expected: StateTensor
            if let parameter = parameters[key] {
                expected = .float(parameter.value)
            } else if let buffer = buffers[key] {
                expected = buffer.value
            } else {
                continue
            }
            if let problem = Self.kindMismatch(value, expected: expected) {
                invalid.append(.init(key: key, reason: problem))
            } else if value.shape != expected.shape {
                mismatches.append(.init(key: key, expected: expected.shape, found: value.shape))
            } else if parameters[key] != nil, case .float(let tensor) = value, let problem = StateDictError.InvalidValue.nonFinite(tensor, key: key, element: "weight") {
                invalid.append(problem)
            }
        }
        let known = Set(parameters.keys).union(buffers.keys)
        let missing = strict ? stateDict().map(\.0).filter { given[$0] == nil } : []
        let unexpected = strict ? entries.map(\.0).filter { !known.contains($0) } : []
        let problems = StateDictError(missing: missing, unexpected: unexpected, shapeMismatches: mismatches, invalidValues: invalid)
        guard problems.isEmpty else { throw problems }
        for (key, value) in given {
            if let parameter = parameters[key], case .float(let tensor) = value { parameter.value = tensor }
            if let buffer = buffers[key] { buffer.value = value }
        }
    }

    /// Why `value` cannot replace `expected`, when their element types differ.
    private static func kindMismatch(_ value: StateTensor, expected: StateTensor) -> String? {
        switch (value, expected) {
        case (.float, .float), (.int, .int): return nil
        case (.int, .float): return "an integer tensor where the model has a float tensor of shape \(expected.shape)"
        case (.float, .int): return "a float tensor where the model has an integer tensor of shape \(expected.shape)"
        }
    }
}
