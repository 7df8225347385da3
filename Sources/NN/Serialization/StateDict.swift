/// What did not fit when loading a state dict, reported together as PyTorch does:
/// `Missing key(s): …; Unexpected key(s): …; size mismatch for …`.
public struct StateDictError: Error, Equatable, CustomStringConvertible {
    public struct ShapeMismatch: Equatable, Sendable {
        public let key: String
        public let expected: [Int]
        public let found: [Int]
    }

    /// Keys the module has but the state dict lacks.
    public let missing: [String]
    /// Keys the state dict has but the module lacks.
    public let unexpected: [String]
    /// Keys present in both with different shapes (or an integer where a float is expected).
    public let shapeMismatches: [ShapeMismatch]

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("Missing key(s): " + missing.map { "\"\($0)\"" }.joined(separator: ", ")) }
        if !unexpected.isEmpty { parts.append("Unexpected key(s): " + unexpected.map { "\"\($0)\"" }.joined(separator: ", ")) }
        for mismatch in shapeMismatches {
            parts.append("size mismatch for \(mismatch.key): copying a tensor of shape \(mismatch.found), the shape in the current model is \(mismatch.expected)")
        }
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
    /// Without it, matching keys are loaded and others ignored; shape mismatches always throw.
    /// - Throws: ``StateDictError`` listing every missing key, unexpected key and shape mismatch.
    public func loadStateDict(_ entries: [(String, StateTensor)], strict: Bool = true) throws(StateDictError) {
        let parameters = Dictionary(everyNamedParameter(), uniquingKeysWith: { first, _ in first })
        let buffers = Dictionary(namedBuffers(), uniquingKeysWith: { first, _ in first })
        let given = Dictionary(entries, uniquingKeysWith: { _, last in last })
        var mismatches: [StateDictError.ShapeMismatch] = []
        for (key, value) in entries {
            if let parameter = parameters[key] {
                guard case .float(let tensor) = value, tensor.shape == parameter.shape else {
                    mismatches.append(.init(key: key, expected: parameter.shape, found: value.shape))
                    continue
                }
            } else if let buffer = buffers[key], buffer.value.shape != value.shape {
                mismatches.append(.init(key: key, expected: buffer.value.shape, found: value.shape))
            }
        }
        let known = Set(parameters.keys).union(buffers.keys)
        let missing = strict ? stateDict().map(\.0).filter { given[$0] == nil } : []
        let unexpected = strict ? entries.map(\.0).filter { !known.contains($0) } : []
        guard missing.isEmpty, unexpected.isEmpty, mismatches.isEmpty else {
            throw StateDictError(missing: missing, unexpected: unexpected, shapeMismatches: mismatches)
        }
        for (key, value) in given {
            if let parameter = parameters[key], case .float(let tensor) = value { parameter.value = tensor }
            if let buffer = buffers[key] { buffer.value = value }
        }
    }
}
