/// The kinds of weight one direction of a recurrent layer has, named and ordered as PyTorch's
/// state dicts name and order them (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`,
/// `weight_hr_l0`).
enum RecurrentWeight: String, CaseIterable {
    /// `[G·H, in]`: multiplies the layer's input.
    case inputWeight = "weight_ih"
    /// `[G·H, S]`: multiplies the previous hidden state.
    case hiddenWeight = "weight_hh"
    /// `[G·H]` each.
    case inputBias = "bias_ih"
    case hiddenBias = "bias_hh"
    /// `[S, H]`, an LSTM with `projSize` S only: projects `o⊙tanh(c)` to the hidden state.
    case projection = "weight_hr"

    /// The kinds a layer has, in PyTorch's order.
    static func kinds(bias: Bool, projection: Bool) -> [RecurrentWeight] {
        allCases.filter { kind in
            switch kind {
            case .inputWeight, .hiddenWeight: return true
            case .inputBias, .hiddenBias: return bias
            case .projection: return projection
            }
        }
    }

    /// The shape of this weight for `cell` with the given input, hidden (H) and state (S) sizes.
    func shape(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, stateSize: Int) -> [Int] {
        let gates = cell.gateCount * hiddenSize
        switch self {
        case .inputWeight: return [gates, inputSize]
        case .hiddenWeight: return [gates, stateSize]
        case .inputBias, .hiddenBias: return [gates]
        case .projection: return [stateSize, hiddenSize]
        }
    }
}
