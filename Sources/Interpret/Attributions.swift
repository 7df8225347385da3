import Autograd
import Tensor

/// What an attribution method returns: one score per input element, and for path methods each
/// example's ``Completeness``: the convergence delta `Σ attributions − (F(x) − F(x′))` (how far the
/// path integral is from exact; it shrinks as steps increase) beside the change it is measured
/// against, with a verdict on whether the attributions can be trusted.
public struct Attributions: Sendable {
    /// The input's (or layer output's) shape: `[B, …]`.
    public let values: Tensor
    /// One per example; empty for methods without a completeness property.
    public let completeness: [Completeness]

    public init(values: Tensor, completeness: [Completeness] = []) {
        self.values = values
        self.completeness = completeness
    }

    /// Captum's convergence deltas, one per example (``Completeness/delta``).
    public var convergenceDeltas: [Float] { completeness.map { $0.delta } }

    /// Per-token scores `[B, T]` from values `[B, T, D]`: the sum over the embedding dimension.
    public var perToken: Tensor { values.sum(axis: 2) }
}

/// `F`'s output for each example's target class: `[B]` from logits `[B, C]`.
func targetOutputs(_ logits: Tensor, _ targets: [Int]) -> Tensor {
    checkTargets(logits.shape, targets)
    return logits.gather(axis: 1, IntTensor(targets).reshaped([-1, 1])).reshaped([-1])
}

/// The same on the graph: what attribution methods back-propagate (summed, since examples are
/// independent, each gets its own target's gradient).
func targetOutputs(_ logits: Variable, _ targets: [Int]) -> Variable {
    checkTargets(logits.shape, targets)
    return logits.gather(axis: 1, IntTensor(targets).reshaped([-1, 1])).reshaped([-1])
}

private func checkTargets(_ shape: [Int], _ targets: [Int]) {
    strandPrecondition(shape.count == 2 && shape[0] == targets.count, "attribution: outputs \(shape) need one target per example, got \(targets.count)")
}

/// Runs `body` for consecutive chunks of `0..<steps` holding at most `maximumRows` rows when each
/// step contributes `rowsPerStep` (Captum's `internal_batch_size`; all steps at once when nil).
func forEachStepChunk(steps: Int, rowsPerStep: Int, maximumRows: Int?, _ body: (Range<Int>) -> Void) {
    let perChunk = maximumRows.map { Swift.max(1, $0 / Swift.max(rowsPerStep, 1)) } ?? steps
    for start in stride(from: 0, to: steps, by: perChunk) { body(start..<Swift.min(steps, start + perChunk)) }
}
