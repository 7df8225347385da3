import Autograd
import Tensor

/// Binary cross-entropy on logits, like `torch.nn.BCEWithLogitsLoss`, in its overflow-free form:
/// `ℓ = (1 − y)·x + (1 + (p − 1)·y)·(log(1 + e^{−|x|}) + max(−x, 0))`, with `p` the positive-class
/// weight (broadcast over the last axis) and an optional per-element `weight`.
///
/// Its gradient is the exact `∂ℓ/∂x = (1 − y) − (1 + (p − 1)·y)·σ(−x)`, also at x = 0.
public struct BCEWithLogitsLoss {
    public var weight: Tensor?
    public var positiveWeight: Tensor?
    public var reduction: Reduction

    public init(weight: Tensor? = nil, positiveWeight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight
        self.positiveWeight = positiveWeight
        self.reduction = reduction
    }

    public func callAsFunction(_ logits: Variable, _ targets: Tensor) -> Variable {
        strandPrecondition(logits.shape == targets.shape, "BCEWithLogitsLoss: logits \(logits.shape) and targets \(targets.shape) must have one shape")
        let x = logits.value
        let y = targets
        let scale = positiveWeight.map { 1 + ($0 - 1) * y } ?? Tensor.ones(y.shape)
        let softplusOfNegative = log1p(exp(-abs(x))) + relu(-x)
        var losses = (1 - y) * x + scale * softplusOfNegative
        var elementWeight = Tensor.ones(y.shape)
        if let weight { elementWeight = elementWeight * weight }
        losses = losses * elementWeight
        let perElement = Variable.record("binaryCrossEntropyWithLogits", [logits], losses) { g in
            [g * ((1 - y) - scale * sigmoid(-x)) * elementWeight]
        }
        switch reduction {
        case .none: return perElement
        case .sum: return perElement.sum()
        case .mean: return perElement.mean()
        }
    }
}
