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
        let logProbabilities = logits.logSoftmax(axis: 1)
        let picked = negativeLogLikelihood(logProbabilities, targets)
        guard labelSmoothing > 0 else { return picked }
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
}
