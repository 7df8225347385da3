import Autograd
import Tensor

/// A single recurrent step as a module, like `torch.nn.LSTMCell`, `GRUCell` and `RNNCell`: the
/// same fused kernels as the full layers, for one time step.
///
/// Shapes: input `[B, inputSize]`, states `[B, H]`. Parameters `weight_ih` `[G·H, inputSize]`,
/// `weight_hh` `[G·H, H]`, `bias_ih`, `bias_hh` `[G·H]`, initialised U(−1/√H, 1/√H).
public class RecurrentCellModule: Module {
    public let cell: RecurrentCell
    public let inputSize: Int
    public let hiddenSize: Int
    public let weightIH: Parameter
    public let weightHH: Parameter
    public let biasIH: Parameter?
    public let biasHH: Parameter?

    init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, bias: Bool) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        let bound = 1 / Float(hiddenSize).squareRoot()
        let gates = cell.gateCount * hiddenSize
        func uniform(_ shape: [Int]) -> Parameter { Parameter(Tensor.uniform(shape, low: -bound, high: bound)) }
        weightIH = uniform([gates, inputSize])
        weightHH = uniform([gates, hiddenSize])
        biasIH = bias ? uniform([gates]) : nil
        biasHH = bias ? uniform([gates]) : nil
    }

    public override func namedLocalParameters() -> [(String, Parameter)] {
        [("weight_ih", weightIH), ("weight_hh", weightHH)] + (biasIH.map { [("bias_ih", $0), ("bias_hh", biasHH!)] } ?? [])
    }

    /// One step: the new hidden state `[B, H]` and, for the LSTM, the new cell state.
    func step(_ input: Variable, hidden: Variable?, cellState: Variable?) -> (hidden: Variable, cell: Variable?) {
        strandPrecondition(input.rank == 2 && input.shape[1] == inputSize, "\(typeName): input must be [B, \(inputSize)], got \(input.shape)")
        let batch = input.shape[0]
        for (name, state) in [("hidden", hidden), ("cell", cellState)] {
            if let state { strandPrecondition(state.shape == [batch, hiddenSize], "\(typeName): \(name) state must be [\(batch), \(hiddenSize)], got \(state.shape)") }
        }
        var weights: [RecurrentWeight: Variable] = [.inputWeight: weightIH, .hiddenWeight: weightHH]
        weights[.inputBias] = biasIH
        weights[.hiddenBias] = biasHH
        let result = recurrentLayer(cell: cell, input: input.unsqueezed(axis: 0), layout: PackedLayout(lengths: Array(repeating: 1, count: batch), steps: 1),
                                    initialHidden: hidden?.unsqueezed(axis: 0), initialCell: cellState?.unsqueezed(axis: 0),
                                    parameters: [weights])
        return (result.hidden.squeezed(axis: 0), result.cell?.squeezed(axis: 0))
    }

    public override var extraDescription: String { "\(inputSize), \(hiddenSize)" + (biasIH == nil ? ", bias=False" : "") }
}

/// One LSTM step, like `torch.nn.LSTMCell`: `(h, c) = cell(x, (h, c))`.
public final class LSTMCell: RecurrentCellModule {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true) {
        super.init(cell: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias)
    }

    public func callAsFunction(_ input: Variable, _ state: (hidden: Variable, cell: Variable)? = nil) -> (hidden: Variable, cell: Variable) {
        let result = withHooks(input) { input in
            let (hidden, cell) = step(input, hidden: state?.hidden, cellState: state?.cell)
            return LSTMState(hidden: hidden, cell: cell!)
        }
        return (result.hidden, result.cell)
    }
}

/// One GRU step, like `torch.nn.GRUCell`: `h = cell(x, h)`.
public final class GRUCell: RecurrentCellModule {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true) {
        super.init(cell: .gru, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias)
    }

    public func callAsFunction(_ input: Variable, _ hidden: Variable? = nil) -> Variable {
        withHooks(input) { step($0, hidden: hidden, cellState: nil).hidden }
    }
}

/// One Elman RNN step, like `torch.nn.RNNCell`: `h = cell(x, h)`.
public final class RNNCell: RecurrentCellModule {
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, nonlinearity: RNN.Nonlinearity = .tanh) {
        super.init(cell: nonlinearity == .tanh ? .rnnTanh : .rnnReLU, inputSize: inputSize, hiddenSize: hiddenSize, bias: bias)
    }

    public func callAsFunction(_ input: Variable, _ hidden: Variable? = nil) -> Variable {
        withHooks(input) { step($0, hidden: hidden, cellState: nil).hidden }
    }
}

/// An LSTM cell's new `(h, c)` as its hooks see it: two output variables, hidden first.
struct LSTMState: HookValue {
    let hidden: Variable
    let cell: Variable

    var hookVariables: [Variable] { [hidden, cell] }

    func replacingHookVariables(_ variables: [Variable]) -> LSTMState {
        strandPrecondition(variables.count == 2, "a hook replaced an LSTM cell's (h, c) with \(variables.count) variables")
        return LSTMState(hidden: variables[0], cell: variables[1])
    }
}
