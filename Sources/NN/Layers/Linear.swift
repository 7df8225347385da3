import Autograd
import Tensor

/// `y = x·Wᵀ + b`, like `torch.nn.Linear`.
///
/// Shapes: input `[…, inFeatures]` → output `[…, outFeatures]`.
/// Parameters: `weight` `[outFeatures, inFeatures]`, `bias` `[outFeatures]`, both initialised
/// U(−1/√inFeatures, 1/√inFeatures) from the global generator, as PyTorch does.
public final class Linear: Module, Layer {
    public let weight: Parameter
    public let bias: Parameter?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) {
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Parameter(Tensor.uniform([outFeatures, inFeatures], low: -bound, high: bound))
        self.bias = bias ? Parameter(Tensor.uniform([outFeatures], low: -bound, high: bound)) : nil
    }

    /// A layer using `weight` (`[outFeatures, inFeatures]`) itself — shared, not copied, so
    /// another module holding the same parameter (an embedding, for tied weights) trains it too —
    /// and `bias` if given.
    public init(weight: Parameter, bias: Parameter?) {
        strandPrecondition(weight.rank == 2, "Linear(weight:): needs a [outFeatures, inFeatures] weight, got shape \(weight.shape)")
        if let bias {
            strandPrecondition(bias.shape == [weight.shape[0]], "Linear(weight:bias:): bias must be [\(weight.shape[0])], got \(bias.shape)")
        }
        self.weight = weight
        self.bias = bias
    }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.shape.last == inFeatures, "Linear(\(inFeatures), \(outFeatures)): input of shape \(x.shape) does not end in \(inFeatures)")
        // Products take ranks 1–3; flatten any further leading axes into one batch.
        let flat = x.rank > 3 ? x.reshaped([-1, inFeatures]) : x
        var y = matmul(flat, weight, transposeB: true)
        if let bias { y = y + bias }
        return x.rank > 3 ? y.reshaped(Array(x.shape.dropLast()) + [outFeatures]) : y
    }

    public override var extraDescription: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias == nil ? "False" : "True")"
    }
}
