import CVectorMath

/// The cell a recurrent layer runs at every time step, with the sizes and fused kernels that
/// differ between cells. Gate order and equations are PyTorch's:
/// - LSTM (i, f, g, o): `c' = f⊙c + i⊙g`, `h' = o⊙tanh(c')`;
/// - GRU (r, z, n): `n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))`, `h' = (1 − z)⊙n + z⊙h`;
/// - Elman RNN: `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)` (or ReLU).
public enum RecurrentCell: Sendable, Equatable {
    case lstm
    case gru
    case rnnTanh
    case rnnReLU

    /// Gate blocks per hidden unit: the rows of `weight_ih` are `gateCount · hiddenSize`.
    public var gateCount: Int {
        switch self {
        case .lstm: return 4
        case .gru: return 3
        case .rnnTanh, .rnnReLU: return 1
        }
    }

    /// Whether the cell carries a cell state `c` beside `h` (only the LSTM).
    public var hasCellState: Bool { self == .lstm }

    /// Values per hidden unit each step keeps for backward (see recurrent_cells.h).
    var savedCount: Int {
        switch self {
        case .lstm: return 6
        case .gru: return 4
        case .rnnTanh, .rnnReLU: return 1
        }
    }

    /// Whether the gradient of the input projection differs from that of the hidden projection
    /// (only GRU's, whose `n` block multiplies the hidden part by `r`).
    var separateHiddenGradient: Bool { self == .gru }

    /// One time step forward for `rows` sequences: gates from both projections, state update,
    /// `h` written to `hiddenOut`; `cell` is the LSTM's state, updated in place.
    func forwardStep(rows: Int, hidden: Int, inputProjection: UnsafePointer<Float>, hiddenProjection: UnsafePointer<Float>,
                     previousHidden: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>?, saved: UnsafeMutablePointer<Float>,
                     hiddenOut: UnsafeMutablePointer<Float>) {
        switch self {
        case .lstm: strand_lstm_forward(rows, hidden, inputProjection, hiddenProjection, saved, cell, hiddenOut)
        case .gru: strand_gru_forward(rows, hidden, inputProjection, hiddenProjection, previousHidden, saved, hiddenOut)
        case .rnnTanh, .rnnReLU: strand_rnn_forward(rows, hidden, inputProjection, hiddenProjection, self == .rnnReLU ? 1 : 0, saved, hiddenOut)
        }
    }

    /// One time step backward: from `gradHidden` (dL/dh) fills the gradients of the input
    /// projection and (for the GRU, separately) the hidden projection; `gradCell` (LSTM) goes from
    /// dL/dc to dL/dc_prev in place; `gradPreviousDirect` (GRU) receives the part of dL/dh_prev not
    /// passing through the hidden projection.
    func backwardStep(rows: Int, hidden: Int, saved: UnsafePointer<Float>, previousHidden: UnsafePointer<Float>,
                      gradHidden: UnsafePointer<Float>, gradCell: UnsafeMutablePointer<Float>?,
                      gradInputProjection: UnsafeMutablePointer<Float>, gradHiddenProjection: UnsafeMutablePointer<Float>,
                      gradPreviousDirect: UnsafeMutablePointer<Float>) {
        switch self {
        case .lstm: strand_lstm_backward(rows, hidden, saved, gradHidden, gradCell, gradInputProjection)
        case .gru: strand_gru_backward(rows, hidden, saved, previousHidden, gradHidden, gradInputProjection, gradHiddenProjection, gradPreviousDirect)
        case .rnnTanh, .rnnReLU: strand_rnn_backward(rows, hidden, saved, gradHidden, self == .rnnReLU ? 1 : 0, gradInputProjection)
        }
    }
}
