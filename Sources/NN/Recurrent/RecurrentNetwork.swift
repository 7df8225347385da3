import Autograd
import Tensor

/// The multi-layer, optionally bidirectional recurrent network behind ``LSTM``, ``GRU`` and
/// ``RNN``, with PyTorch's parameters, layouts and semantics.
///
/// Shapes (D = 2 if bidirectional else 1, H = hiddenSize, S = the state size: `projSize` for an
/// LSTM with projections, H otherwise):
/// - input `[T, B, inputSize]` (`[B, T, inputSize]` when `batchFirst`), with optional lengths;
/// - output `[T, B, D·S]`, `h_n` `[numLayers·D, B, S]`, `c_n` `[numLayers·D, B, H]`.
///
/// Parameters per layer `k` and direction: `weight_ih_l{k}` `[G·H, in]` (in = inputSize for layer
/// 0, D·S above), `weight_hh_l{k}` `[G·H, S]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[G·H]`, and with
/// projections `weight_hr_l{k}` `[S, H]`, with the suffix `_reverse` for the backward direction; all
/// initialised U(−1/√H, 1/√H) as in PyTorch.
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
    /// The size of each LSTM output after its projection `weight_hr` (PyTorch's `proj_size`);
    /// 0 when there is none.
    public let projSize: Int
    /// What each direction of each layer has, in PyTorch's order.
    let weightKinds: [RecurrentWeight]
    /// `[layer·D + direction]` → that direction's weights, one per kind in ``weightKinds``.
    let weights: [[RecurrentWeight: Parameter]]

    init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, numLayers: Int, bias: Bool, batchFirst: Bool, dropout: Float,
         bidirectional: Bool, projSize: Int = 0) {
        strandPrecondition(inputSize > 0 && hiddenSize > 0 && numLayers > 0, "\(cell): sizes must be positive, got inputSize \(inputSize), hiddenSize \(hiddenSize), numLayers \(numLayers)")
        strandPrecondition((0..<1).contains(dropout), "\(cell): dropout must lie in [0, 1), got \(dropout)")
        strandPrecondition(projSize == 0 || (cell == .lstm && (1..<hiddenSize).contains(projSize)),
                           "\(cell): projSize must be 0, or (LSTM only) lie in 1..<hiddenSize \(hiddenSize); got \(projSize)")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bidirectional = bidirectional
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.hasBias = bias
        self.projSize = projSize
        let kinds = RecurrentWeight.kinds(bias: bias, projection: projSize > 0)
        weightKinds = kinds
        let (directions, stateSize) = (bidirectional ? 2 : 1, projSize > 0 ? projSize : hiddenSize)
        let bound = 1 / Float(hiddenSize).squareRoot()
        weights = (0..<numLayers * directions).map { index in
            let layerInput = index < directions ? inputSize : directions * stateSize
            return Dictionary(uniqueKeysWithValues: kinds.map { kind in
                let shape = kind.shape(cell: cell, inputSize: layerInput, hiddenSize: hiddenSize, stateSize: stateSize)
                return (kind, Parameter(Tensor.uniform(shape, low: -bound, high: bound)))
            })
        }
    }

    var directions: Int { bidirectional ? 2 : 1 }

    /// The size of each hidden state `h` and output: `projSize` with projections, else `hiddenSize`.
    public var stateSize: Int { projSize > 0 ? projSize : hiddenSize }

    /// Weights another module owns and computes at each forward (``WeightDropout``), by parameter
    /// name: the network reads them from here instead of its own and does not list them as its
    /// parameters.
    var suppliedWeights: [String: () -> Variable] = [:]

    /// Every weight with its PyTorch name (`weight_hh_l1_reverse`), supplied ones included.
    private func allNamedWeights() -> [(String, Parameter)] {
        weights.indices.flatMap { index in weightKinds.map { (name(of: $0, at: index), weights[index][$0]!) } }
    }

    /// The PyTorch name of weight `kind` of layer and direction `index` (`layer·D + direction`).
    private func name(of kind: RecurrentWeight, at index: Int) -> String {
        kind.rawValue + "_l\(index / directions)" + (index % directions == 1 ? "_reverse" : "")
    }

    /// The network's own weight called `name` (`weight_hh_l0`), nil if there is none.
    func weight(named name: String) -> Parameter? {
        allNamedWeights().first { $0.0 == name }?.1
    }

    public override func namedLocalParameters() -> [(String, Parameter)] {
        allNamedWeights().filter { suppliedWeights[$0.0] == nil }
    }

    /// The weights of each layer and direction as this forward uses them: supplied ones computed now.
    private func forwardWeights() -> [[RecurrentWeight: Variable]] {
        weights.indices.map { index in
            weights[index].mapValues { $0 as Variable }.merging(weightKinds.compactMap { kind in
                suppliedWeights[name(of: kind, at: index)].map { (kind, $0()) }
            }) { _, supplied in supplied }
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
        for (name, state, size) in [("initialHidden", input.initialHidden, stateSize), ("initialCell", input.initialCell, hiddenSize)] {
            let expected = [numLayers * directions, batch, size]
            if let state { strandPrecondition(state.shape == expected, "\(typeName): \(name) must be \(expected), got \(state.shape)") }
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
        if projSize > 0 { parts.append("proj_size=\(projSize)") }
        if numLayers != 1 { parts.append("num_layers=\(numLayers)") }
        if !hasBias { parts.append("bias=False") }
        if batchFirst { parts.append("batch_first=True") }
        if dropout != 0 { parts.append("dropout=\(dropout)") }
        if bidirectional { parts.append("bidirectional=True") }
        return parts.joined(separator: ", ")
    }
}

/// A long short-term memory network, like `torch.nn.LSTM` (gates i, f, g, o).
///
/// With `projSize` P > 0 (PyTorch's `proj_size`), each step's hidden state is projected to P
/// values, `h = W_hr·(o⊙tanh(c))`: the output, `h_n` and the recurrent input are P wide while the
/// cell state stays `hiddenSize` wide.
public final class LSTM: RecurrentNetwork {
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Float = 0, bidirectional: Bool = false, projSize: Int = 0) {
        super.init(cell: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bias: bias,
                   batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, projSize: projSize)
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
