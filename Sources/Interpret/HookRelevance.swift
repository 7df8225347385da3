/// Token relevance from an encoder's activations and their gradients (notebook 000):
/// `relevance[t] = Σ_c (mean over valid steps t' of ∂y/∂a[t', c]) · a[t, c]`, where `a` is the
/// encoder's output `[B, T, C]` (captured by a forward hook), `∂y/∂a` its gradient (captured by a
/// backward hook) and `y` each example's target logit.
///
/// - Parameters:
///   - encoder: the module whose first output is `[B, T, C]`, batch-first.
///   - lengths: each example's number of tokens; `padFirst` says padding precedes them.
///   - targets: the class whose logit each example back-propagates.
///   - logits: runs the model (which must call `encoder`) and returns `[B, classes]`.
/// - Returns: per example, one score per valid token in order. Padding never enters the scores, so
///   padding an example into a longer batch leaves them unchanged.
public func hookRelevance(of encoder: Module, lengths: [Int], padFirst: Bool = false, targets: [Int], logits: () -> Variable) -> [[Float]] {
    let activations = HookStore(forwardOf: encoder) { _, _, outputs in outputs[0].value }
    let gradients = HookStore(backwardOf: encoder) { _, _, gradOutputs in gradOutputs[0] }
    defer { activations.remove(); gradients.remove() }
    let output = logits()
    strandPrecondition(output.rank == 2 && targets.count == output.shape[0] && lengths.count == output.shape[0],
                       "hookRelevance: logits \(output.shape) need one target and one length per example; got \(targets.count) and \(lengths.count)")
    targetOutputs(output, targets).sum().backward()
    guard let activation = activations.stored.last, let gradient = gradients.stored.last ?? nil else {
        preconditionFailure("hookRelevance: the encoder was not called by `logits`, or its output needs no gradient")
    }
    let steps = activation.shape[1]
    let mask = paddingMask(lengths: lengths, steps: steps, padFirst: padFirst).unsqueezed(axis: 2)   // [B, T, 1]
    let meanGradient = (gradient * mask).sum(axis: 1, keepDims: true) / Tensor(lengths.map(Float.init)).reshaped([-1, 1, 1])
    let relevance = (meanGradient * activation).sum(axis: 2)                                          // [B, T]
    return lengths.enumerated().map { b, length in
        let row = relevance[b].scalars
        return Array(padFirst ? row.suffix(length) : row.prefix(length))
    }
}
