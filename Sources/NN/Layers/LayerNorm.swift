import Autograd
import Tensor

/// Normalises over the last axes to zero mean and unit variance, then scales and shifts, like
/// `torch.nn.LayerNorm`: `y = (x − mean) / √(var + eps) · weight + bias` with the population
/// variance over the `normalizedShape` axes.
///
/// Parameters: `weight` (ones) and `bias` (zeros), shaped `normalizedShape`, when `elementwiseAffine`.
public final class LayerNorm: Module, Layer {
    public let normalizedShape: [Int]
    public let epsilon: Float
    public let weight: Parameter?
    public let bias: Parameter?

    public init(_ normalizedShape: [Int], epsilon: Float = 1e-5, elementwiseAffine: Bool = true) {
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        weight = elementwiseAffine ? Parameter(Tensor.ones(normalizedShape)) : nil
        bias = elementwiseAffine ? Parameter(Tensor.zeros(normalizedShape)) : nil
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(Array(x.shape.suffix(normalizedShape.count)) == normalizedShape,
                           "LayerNorm(\(normalizedShape)): input of shape \(x.shape) does not end in \(normalizedShape)")
        let leading = Array(x.shape.dropLast(normalizedShape.count))
        let rows = x.reshaped(leading + [-1])
        let centered = rows - rows.mean(axis: -1, keepDims: true)
        let variance = (centered * centered).mean(axis: -1, keepDims: true)
        var y = (centered / sqrt(variance + epsilon)).reshaped(x.shape)
        if let weight, let bias { y = y * weight + bias }
        return y
    }

    public override var extraDescription: String {
        "(\(normalizedShape.map(String.init).joined(separator: ", "))\(normalizedShape.count == 1 ? "," : "")), eps=\(epsilon), elementwise_affine=\(weight == nil ? "False" : "True"), bias=\(bias == nil ? "False" : "True")"
    }
}
