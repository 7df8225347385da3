/// Clips the gradients' global norm to `maxNorm` before every optimiser step — fastai's
/// `GradientClip` (default 1), with ``clipGradientNorm(_:maxNorm:)``.
public final class GradientClip: LearnerCallback {
    public let maxNorm: Float

    public init(maxNorm: Float = 1) { self.maxNorm = maxNorm }

    public func beforeStep<Batch, Output>(_ learner: Learner<Batch, Output>) {
        clipGradientNorm(learner.optimizer.groups.flatMap(\.parameters), maxNorm: maxNorm)
    }
}
