import Autograd
import NN
import Tensor

/// Which positions the gradient is averaged over in ``hookRelevance(of:lengths:padFirst:targets:gradientMean:logits:)``.
public enum RelevanceGradientMean: Sendable {
    /// Each example's valid steps: padding never enters, so a review's scores are the same alone
    /// and in a padded batch (Strand's default).
    case validSteps
    /// Every position of the batch, padding included — notebook 000's `grad.mean(dim=0)`, to
    /// reproduce its numbers. The scores then depend on how much padding the batch adds; they equal
    /// `.validSteps`'s only for an example without padding.
    case allPositions
}

/// Token relevance from an encoder's activations and their gradients (notebook 000):
/// `relevance[t] = Σ_c (mean over valid steps t' of ∂y/∂a[t', c]) · a[t, c]`, where `a` is the
/// encoder's output `[B, T, C]` (captured by a forward hook), `∂y/∂a` its gradient and `y` each
/// example's target logit. The gradient comes from a targeted walk that stops at the encoder's
/// output: nothing behind it runs backward, and no parameter's `.grad` is touched.
///
/// - Parameters:
///   - encoder: the module whose first output is `[B, T, C]`, batch-first.
///   - lengths: each example's number of tokens; `padFirst` says padding precedes them.
///   - padFirst: whether each row's padding comes before its tokens (false: after them).
///   - targets: the class whose logit each example back-propagates.
///   - gradientMean: the positions the gradient is averaged over (see ``RelevanceGradientMean``).
///   - logits: runs the model (which must call `encoder`) and returns `[B, classes]`.
/// - Returns: per example, one score per valid token in order. With `.validSteps` padding never
///   enters the scores, so padding an example into a longer batch leaves them unchanged.
public func hookRelevance(of encoder: Module, lengths: [Int], padFirst: Bool = false, targets: [Int],
                          gradientMean: RelevanceGradientMean = .validSteps, logits: () -> Variable) -> [[Float]] {
    let (output, encoded) = runReplacingOutput(of: encoder, method: "hookRelevance", logits)
    let steps = encoded.shape[1]
    let tokens = lengths.map { padFirst ? (steps - $0)..<steps : 0..<$0 }
    return relevance(output: output, encoded: encoded, tokens: tokens, targets: targets, gradientMean: gradientMean)
}

/// ``hookRelevance(of:lengths:padFirst:targets:gradientMean:logits:)`` for rows whose tokens lie
/// anywhere in them — fastai's chunk-padded classifier batches put whole chunks of padding before
/// a text and the rest after it (`PaddedBatch.tokenRanges` gives the ranges).
///
/// - Parameters:
///   - encoder: the module whose first output is `[B, T, C]`, batch-first.
///   - tokens: per example, the positions of its tokens in the encoder's output.
///   - targets: the class whose logit each example back-propagates.
///   - gradientMean: the positions the gradient is averaged over (see ``RelevanceGradientMean``).
///   - logits: runs the model (which must call `encoder`) and returns `[B, classes]`.
/// - Returns: per example, one score per token of its range, in order.
public func hookRelevance(of encoder: Module, tokens: [Range<Int>], targets: [Int],
                          gradientMean: RelevanceGradientMean = .validSteps, logits: () -> Variable) -> [[Float]] {
    let (output, encoded) = runReplacingOutput(of: encoder, method: "hookRelevance", logits)
    return relevance(output: output, encoded: encoded, tokens: tokens, targets: targets, gradientMean: gradientMean)
}

/// The relevance of each example's `tokens` from the logits and the encoder's output.
private func relevance(output: Variable, encoded: Variable, tokens: [Range<Int>], targets: [Int], gradientMean: RelevanceGradientMean) -> [[Float]] {
    let steps = encoded.shape[1]
    strandPrecondition(output.rank == 2 && targets.count == output.shape[0] && tokens.count == output.shape[0],
                       "hookRelevance: logits \(output.shape) need one target and one token range per example; got \(targets.count) and \(tokens.count)")
    strandPrecondition(tokens.allSatisfy { !$0.isEmpty && $0.upperBound <= steps },
                       "hookRelevance: every token range must be non-empty and lie in the encoder's \(steps) steps; got \(tokens)")
    let (activation, gradient) = (encoded.value, targetGradients(of: output, targets: targets, withRespectTo: encoded))
    let mask = Tensor(shape: [tokens.count, steps, 1], scalars: tokens.flatMap { range in (0..<steps).map { range.contains($0) ? 1 : 0 } })
    let meanGradient = switch gradientMean {
    case .validSteps: (gradient * mask).sum(axis: 1, keepDims: true) / Tensor(tokens.map { Float($0.count) }).reshaped([-1, 1, 1])
    case .allPositions: gradient.mean(axis: 1, keepDims: true)
    }
    let relevance = (meanGradient * activation).sum(axis: 2)                                          // [B, T]
    return tokens.enumerated().map { b, range in Array(relevance[b].scalars[range]) }
}
