import Autograd
import Tensor

/// Negative log-likelihood of class indices `[N]` under log-probabilities `[N, C]`, like
/// `torch.nn.NLLLoss`: `ℓᵢ = −w[yᵢ]·logp[i, yᵢ]`, samples with `ignoreIndex` dropped, `.mean`
/// dividing by `Σ w[yᵢ]` over the samples kept.
public struct NLLLoss {
    public var weight: Tensor?
    public var ignoreIndex: Int?
    public var reduction: Reduction

    public init(weight: Tensor? = nil, ignoreIndex: Int? = -100, reduction: Reduction = .mean) {
        self.weight = weight
        self.ignoreIndex = ignoreIndex
        self.reduction = reduction
    }

    public func callAsFunction(_ logProbabilities: Variable, _ targets: IntTensor) -> Variable {
        strandPrecondition(logProbabilities.rank == 2 && targets.shape == [logProbabilities.shape[0]],
                           "NLLLoss: expects log-probabilities [N, C] and targets [N], got \(logProbabilities.shape) and \(targets.shape)")
        let classes = logProbabilities.shape[1]
        let safeTargets = safeTargets(targets)
        let sampleWeights = sampleWeights(targets, classes: classes)
        let picked = logProbabilities.gather(axis: 1, safeTargets.reshaped([-1, 1])).reshaped([-1])
        let losses = -picked * Variable(sampleWeights)
        switch reduction {
        case .none: return losses
        case .sum: return losses.sum()
        case .mean: return losses.sum() / sampleWeights.sum().item
        }
    }

    /// 1 for samples whose target counts, 0 for ignored ones; stops on a target outside the classes.
    func keptMask(_ targets: IntTensor, classes: Int) -> Tensor {
        Tensor(shape: targets.shape, scalars: targets.scalars.map { target in
            if target == ignoreIndex { return 0 }
            strandPrecondition((0..<classes).contains(target), "NLLLoss: target \(target) is outside 0..<\(classes)")
            return 1
        })
    }

    /// Each sample's weight: its class's weight (1 without class weights), 0 if ignored.
    func sampleWeights(_ targets: IntTensor, classes: Int) -> Tensor {
        let kept = keptMask(targets, classes: classes)
        guard let weight else { return kept }
        return weight.indexSelect(safeTargets(targets)) * kept
    }

    /// The targets with ignored ones set to class 0, so they can index; their weight of 0 removes them.
    func safeTargets(_ targets: IntTensor) -> IntTensor {
        IntTensor(shape: targets.shape, scalars: targets.scalars.map { $0 == ignoreIndex ? 0 : $0 })
    }

    /// The divisor of `.mean`: the total weight of the samples kept.
    func normalizer(_ targets: IntTensor, classes: Int) -> Float {
        sampleWeights(targets, classes: classes).sum().item
    }
}
