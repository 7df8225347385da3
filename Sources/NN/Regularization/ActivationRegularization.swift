import Autograd
import Tensor

/// AR (activation regularisation, Merity et al. 2017): `alpha · mean(dropped²)` over the last
/// recurrent layer's output after its dropout — fastai's `RNNRegularizer` term, added to the
/// training loss only.
public func activationRegularization(_ dropped: Variable, alpha: Float) -> Variable {
    alpha * (dropped * dropped).mean()
}

/// TAR (temporal activation regularisation): `beta · mean((h[:, t+1] − h[:, t])²)` over the last
/// recurrent layer's raw (batch-first `[B, T, H]`) output, penalising large changes from one step
/// to the next. Zero for a single step; also zero for a batch of one sequence, as fastai (which
/// tests the batch size where it means the length).
public func temporalActivationRegularization(_ raw: Variable, beta: Float) -> Variable {
    strandPrecondition(raw.rank == 3, "temporalActivationRegularization: needs batch-first [B, T, H] outputs, got shape \(raw.shape)")
    let steps = raw.shape[1]
    guard raw.shape[0] > 1, steps > 1 else { return Variable(Tensor.zeros([])) }
    let change = raw.slice(axis: 1, 1..<steps) - raw.slice(axis: 1, 0..<(steps - 1))
    return beta * (change * change).mean()
}
