import Autograd
import Tensor

/// Softmax cross-entropy between logits `[N, C]` and class indices `[N]`, like
/// `torch.nn.CrossEntropyLoss`, with its class weights, ignore index and label smoothing.
///
/// Per sample, with `logp = logSoftmax(x)`, class weights `w` (all 1 by default) and smoothing ε:
/// `ℓᵢ = (1 − ε)·(−w[yᵢ]·logp[i, yᵢ]) + (ε / C)·(−Σ_c w[c]·logp[i, c])`.
/// Samples whose target is `ignoreIndex` contribute nothing. `.mean` divides the sum by
/// `Σ w[yᵢ]` over the samples kept (PyTorch's weighted mean); `.none` returns `[N]`.
public struct CrossEntropyLoss {
    public var weight: Tensor?
    public var ignoreIndex: Int?
    public var labelSmoothing: Float
    public var reduction: Reduction

    public init(weight: Tensor? = nil, ignoreIndex: Int? = -100, labelSmoothing: Float = 0, reduction: Reduction = .mean) {
        strandPrecondition((0...1).contains(labelSmoothing), "CrossEntropyLoss: labelSmoothing must lie in [0, 1], got \(labelSmoothing)")
        self.weight = weight
        self.ignoreIndex = ignoreIndex
        self.labelSmoothing = labelSmoothing
        self.reduction = reduction
    }

    public func callAsFunction(_ logits: Variable, _ targets: IntTensor) -> Variable {
        strandPrecondition(logits.rank == 2, "CrossEntropyLoss: logits must be [N, C], got \(logits.shape)")
        let negativeLogLikelihood = NLLLoss(weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
        guard labelSmoothing > 0 else { return fusedLoss(logits, targets, negativeLogLikelihood) }
        let logProbabilities = logits.logSoftmax(axis: 1)
        let picked = negativeLogLikelihood(logProbabilities, targets)
        let classes = logits.shape[1]
        let kept = negativeLogLikelihood.keptMask(targets, classes: classes)
        let classWeights = Variable(weight ?? Tensor.ones([classes]))
        let smooth = -(logProbabilities * classWeights).sum(axis: 1) * Variable(kept)
        let smoothReduced: Variable
        switch reduction {
        case .none: smoothReduced = smooth
        case .sum: smoothReduced = smooth.sum()
        case .mean: smoothReduced = smooth.sum() / negativeLogLikelihood.normalizer(targets, classes: classes)
        }
        return picked * (1 - labelSmoothing) + smoothReduced * (labelSmoothing / Float(classes))
    }

    /// Without smoothing, one operation: `ℓᵢ = wᵢ·(log Σ e^xᵢ − xᵢ[yᵢ])`, whose gradient is
    /// `wᵢ·(softmax(xᵢ) − onehot(yᵢ))` — no log-probabilities or one-hot gradient the size of the
    /// logits in between (for a language model they are `[B·T, vocabulary]`).
    private func fusedLoss(_ logits: Variable, _ targets: IntTensor, _ negativeLogLikelihood: NLLLoss) -> Variable {
        strandPrecondition(targets.shape == [logits.shape[0]], "CrossEntropyLoss: expects targets [\(logits.shape[0])], got \(targets.shape)")
        let (rows, classes) = (logits.shape[0], logits.shape[1])
        let sampleWeights = negativeLogLikelihood.sampleWeights(targets, classes: classes).scalars
        let safeTargets = negativeLogLikelihood.safeTargets(targets).scalars
        let logSumExp = logits.value.rowLogSumExp()
        let losses = logits.value.withUnsafeBufferPointer { x in
            (0..<rows).map { row in sampleWeights[row] == 0 ? 0 : sampleWeights[row] * (logSumExp[row] - x[row * classes + safeTargets[row]]) }
        }
        let divisor = reduction == .mean ? sampleWeights.reduce(0, +) : 1
        let value: Tensor
        switch reduction {
        case .none: value = Tensor(shape: [rows], scalars: losses)
        case .sum, .mean: value = Tensor(losses.reduce(0, +) / divisor)
        }
        return Variable.record("crossEntropy", [logits], value) { g in
            let coefficients = reduction == .none ? zip(g.scalars, sampleWeights).map(*) : sampleWeights.map { $0 * g.item / divisor }
            return [logits.value.softmaxCrossEntropyGradient(logSumExp: logSumExp, targets: safeTargets, coefficients: coefficients)]
        }
    }
}
