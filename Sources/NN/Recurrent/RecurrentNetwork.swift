import Autograd
import Tensor

/// The multi-layer, optionally bidirectional recurrent network behind ``LSTM``, ``GRU`` and
/// ``RNN``, with PyTorch's parameters, layouts and semantics.
///
/// Shapes (D = 2 if bidirectional else 1, H = hiddenSize):
/// - input `[T, B, inputSize]` (`[B, T, inputSize]` when `batchFirst`), with optional lengths;
/// - output `[T, B, D·H]`, `h_n` and `c_n` `[numLayers·D, B, H]`.
///
/// Parameters per layer `k` and direction: `weight_ih_l{k}` `[G·H, in]` (in = inputSize for layer
/// 0, D·H above), `weight_hh_l{k}` `[G·H, H]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[G·H]`, with the suffix
/// `_reverse` for the backward direction; all initialised U(−1/√H, 1/√H) as in PyTorch.
///
/// With lengths, each sequence is processed only over its own steps (the reverse direction starts
/// at its last valid step), so padding never influences any output or state; batches need not be
/// sorted. Each layer runs as one autograd operation with a fused backward through time, and the
/// two directions of a bidirectional layer run on two threads.
public class RecurrentNetwork: Module, Layer {
    public let cell: RecurrentCell
    public let inputSize: Int
    public let hiddenSize: Int
    public let numLayers: Int
    public let bidirectional: Bool
    public let batchFirst: Bool
    /// Dropout applied to each layer's output except the last, in training mode.
    public let dropout: Float
    public let hasBias: Bool
    /// `[layer·D + direction]` → `[weight_ih, weight_hh, bias_ih, bias_hh]` (biases if `hasBias`).
    let weights: [[Parameter]]

    init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, numLayers: Int, bias: Bool, batchFirst: Bool, dropout: Float, bidirectional: Bool) {
        strandPrecondition(inputSize > 0 && hiddenSize > 0 && numLayers > 0, "\(cell): sizes must be positive, got inputSize \(inputSize), hiddenSize \(hiddenSize), numLayers \(numLayers)")
        strandPrecondition((0..<1).contains(dropout), "\(cell): dropout must lie in [0, 1), got \(dropout)")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bidirectional = bidirectional
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.hasBias = bias
        let directions = bidirectional ? 2 : 1
        let bound = 1 / Float(hiddenSize).squareRoot()
        let gates = cell.gateCount * hiddenSize
        weights = (0..<numLayers * directions).map { index in
            let layerInput = index < directions ? inputSize : directions * hiddenSize
            let shapes = [[gates, layerInput], [gates, hiddenSize]] + (bias ? [[gates], [gates]] : [])
            return shapes.map { Parameter(Tensor.uniform($0, low: -bound, high: bound)) }
        }
    }

    var directions: Int { bidirectional ? 2 : 1 }

    /// Weights another module owns and computes at each forward (``WeightDropout``), by parameter
    /// name: the network reads them from here instead of its own and does not list them as its
    /// parameters.
    var suppliedWeights: [String: () -> Variable] = [:]

    /// Every weight with its PyTorch name (`weight_hh_l1_reverse`), supplied ones included.
    private func allNamedWeights() -> [(String, Parameter)] {
        let names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
        return weights.enumerated().flatMap { index, parameters in
            let suffix = "_l\(index / directions)" + (index % directions == 1 ? "_reverse" : "")
            return zip(names, parameters).map { ($0 + suffix, $1) }
        }
    }

    /// The network's own weight called `name` (`weight_hh_l0`), nil if there is none.
    func weight(named name: String) -> Parameter? {
        allNamedWeights().first { $0.0 == name }?.1
    }

    public override func namedLocalParameters() -> [(String, Parameter)] {
        allNamedWeights().filter { suppliedWeights[$0.0] == nil }
    }

    /// The weights of each layer and direction as this forward uses them: supplied ones computed now.
    private func forwardWeights() -> [[Variable]] {
        let named = allNamedWeights()
        let perDirection = weights.first?.count ?? 0
        return weights.indices.map { index in
            (0..<perDirection).map { slot in
                let (name, parameter) = named[index * perDirection + slot]
                return suppliedWeights[name]?() ?? parameter
            }
        }
    }

    public func forward(_ input: RecurrentInput) -> RecurrentOutput {
        let sequence = input.sequence
        strandPrecondition(sequence.rank == 3 && sequence.shape[2] == inputSize,
                           "\(typeName)(\(inputSize), \(hiddenSize)): input must be \(batchFirst ? "[B, T, \(inputSize)] (batch-first)" : "[T, B, \(inputSize)]"), got \(sequence.shape)")
        let (steps, batch) = batchFirst ? (sequence.shape[1], sequence.shape[0]) : (sequence.shape[0], sequence.shape[1])
        let lengths = input.lengths ?? Array(repeating: steps, count: batch)
        strandPrecondition(lengths.count == batch && lengths.allSatisfy { (1...max(steps, 1)).contains($0) },
                           "\(typeName): \(lengths.count) lengths for a batch of \(batch), each must lie in 1...\(steps); got \(lengths)")
        let stateShape = [numLayers * directions, batch, hiddenSize]
        for (name, state) in [("initialHidden", input.initialHidden), ("initialCell", input.initialCell)] {
            if let state { strandPrecondition(state.shape == stateShape, "\(typeName): \(name) must be \(stateShape), got \(state.shape)") }
        }
        strandPrecondition(input.initialCell == nil || cell.hasCellState, "\(typeName): only an LSTM takes an initial cell state")

        // Every layer reads and writes the caller's layout; the packed layout maps it to the
        // sorted, packed rows the kernels run on.
        let layout = PackedLayout(lengths: lengths, steps: steps, batchFirst: batchFirst)
        let weights = forwardWeights()
        var layerInput = sequence
        var finalHidden: [Variable] = [], finalCell: [Variable] = []
        for layer in 0..<numLayers {
            let states = (layer * directions)..<((layer + 1) * directions)
            let result = recurrentLayer(cell: cell, input: layerInput, layout: layout,
                                        initialHidden: input.initialHidden.map { layerStates($0, states) },
                                        initialCell: input.initialCell.map { layerStates($0, states) }, parameters: Array(weights[states]))
            finalHidden.append(result.hidden)
            if let cellState = result.cell { finalCell.append(cellState) }
            layerInput = result.output
            if layer < numLayers - 1 && dropout > 0 && isTraining {
                layerInput = layerInput * Variable(Tensor.bernoulli(layerInput.shape, probability: 1 - dropout) / (1 - dropout))
            }
        }
        return RecurrentOutput(output: layerInput, hidden: joinedLayers(finalHidden),
                               cell: cell.hasCellState ? joinedLayers(finalCell) : nil)
    }

    /// The rows of a `[numLayers·D, B, H]` state that belong to one layer (all of it for one layer).
    private func layerStates(_ state: Variable, _ rows: Range<Int>) -> Variable {
        numLayers == 1 ? state : state.slice(axis: 0, rows)
    }

    /// Each layer's `[D, B, H]` states joined into `[numLayers·D, B, H]`.
    private func joinedLayers(_ states: [Variable]) -> Variable {
        states.count == 1 ? states[0] : Variable.concatenate(states, axis: 0)
    }

    /// Runs the network on `sequence` with optional `lengths` and initial hidden state.
    public func callAsFunction(_ sequence: Variable, lengths: [Int]? = nil, initialHidden: Variable? = nil) -> RecurrentOutput {
        self(RecurrentInput(sequence, lengths: lengths, initialHidden: initialHidden))
    }

    public override var extraDescription: String {
        var parts = ["\(inputSize)", "\(hiddenSize)"]
        if numLayers != 1 { parts.append("num_layers=\(numLayers)") }
        if !hasBias { parts.append("bias=False") }
        if batchFirst { parts.append("batch_first=True") }
        if dropout != 0 { parts.append("dropout=\(dropout)") }
        if bidirectional { parts.append("bidirectional=True") }
        return parts.joined(separator: ", ")
    }
}

/// A long short-term memory network, like `torch.nn.LSTM` (gates i, f, g, o).
public final class LSTM: RecurrentNetwork {
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Float = 0, bidirectional: Bool = false) {
        super.init(cell: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
                   batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional)
    }

    /// Runs the LSTM with optional lengths and initial `(h_0, c_0)`.
    public func callAsFunction(_ sequence: Variable, lengths: [Int]? = nil, initialState: (hidden: Variable, cell: Variable)?) -> RecurrentOutput {
        self(RecurrentInput(sequence, lengths: lengths, initialHidden: initialState?.hidden, initialCell: initialState?.cell))
    }
}

/// A gated recurrent unit network, like `torch.nn.GRU` (gates r, z, n).
public final class GRU: RecurrentNetwork {
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Float = 0, bidirectional: Bool = false) {
        super.init(cell: .gru, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
                   batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional)
    }
}

/// An Elman recurrent network with tanh or ReLU, like `torch.nn.RNN`.
public final class RNN: RecurrentNetwork {
    public enum Nonlinearity: Sendable { case tanh, relu }

    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, nonlinearity: Nonlinearity = .tanh, bias: Bool = true,
                batchFirst: Bool = false, dropout: Float = 0, bidirectional: Bool = false) {
        super.init(cell: nonlinearity == .tanh ? .rnnTanh : .rnnReLU, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                   bias: bias, batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional)
    }
}
