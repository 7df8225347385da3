/// How a loss combines its per-element values, as PyTorch's `reduction` argument.
public enum Reduction: Sendable {
    /// The (weighted) mean: PyTorch's default.
    case mean
    /// The sum.
    case sum
    /// No reduction: one value per element.
    case none
}
