import Autograd

/// What a recurrent layer is called with: the padded sequences, optionally their lengths and the
/// initial states.
public struct RecurrentInput: HookValue {
    /// `[T, B, inputSize]`, or `[B, T, inputSize]` for a batch-first layer.
    public var sequence: Variable
    /// The valid length of each sequence (1…T, any order); nil when all are T long.
    public var lengths: [Int]?
    /// `[numLayers·D, B, H]`; zeros when nil.
    public var initialHidden: Variable?
    /// `[numLayers·D, B, H]` (LSTM only); zeros when nil.
    public var initialCell: Variable?

    public init(_ sequence: Variable, lengths: [Int]? = nil, initialHidden: Variable? = nil, initialCell: Variable? = nil) {
        self.sequence = sequence
        self.lengths = lengths
        self.initialHidden = initialHidden
        self.initialCell = initialCell
    }

    public var hookVariables: [Variable] { [sequence] + [initialHidden, initialCell].compactMap { $0 } }

    public func replacingHookVariables(_ variables: [Variable]) -> RecurrentInput {
        var copy = self
        copy.sequence = variables[0]
        var rest = variables.dropFirst().makeIterator()
        if initialHidden != nil { copy.initialHidden = rest.next() }
        if initialCell != nil { copy.initialCell = rest.next() }
        return copy
    }
}

/// What a recurrent layer returns, in PyTorch's layouts.
public struct RecurrentOutput: HookValue {
    /// `[T, B, D·H]` (`[B, T, D·H]` batch-first): every step's top-layer hidden state, forward
    /// direction first; zero at positions past a sequence's length.
    public var output: Variable
    /// `h_n`, `[numLayers·D, B, H]`: each layer's and direction's final hidden state, indexed
    /// `layer·D + direction`, taken at each sequence's own last step.
    public var hidden: Variable
    /// `c_n` of an LSTM, laid out as `hidden`; nil for GRU and RNN.
    public var cell: Variable?

    public var hookVariables: [Variable] { [output, hidden] + (cell.map { [$0] } ?? []) }

    public func replacingHookVariables(_ variables: [Variable]) -> RecurrentOutput {
        RecurrentOutput(output: variables[0], hidden: variables[1], cell: cell == nil ? nil : variables[2])
    }
}
