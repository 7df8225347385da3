import Autograd
import Tensor

/// The squared error `(x − y)²`, like `torch.nn.MSELoss`.
public struct MSELoss {
    public var reduction: Reduction

    public init(reduction: Reduction = .mean) {
        self.reduction = reduction
    }

    public func callAsFunction(_ predictions: Variable, _ targets: Tensor) -> Variable {
        strandPrecondition(predictions.shape == targets.shape, "MSELoss: predictions \(predictions.shape) and targets \(targets.shape) must have one shape")
        let difference = predictions - Variable(targets)
        let squared = difference * difference
        switch reduction {
        case .none: return squared
        case .sum: return squared.sum()
        case .mean: return squared.mean()
        }
    }
}
