import Autograd
import Tensor

/// A 2-D convolution, like `torch.nn.Conv2d` (groups 1, dilation 1) — what the Kim CNN slides
/// over a sentence's `[T, embeddingDim]` matrix with `(k, embeddingDim)` kernels.
///
/// Shapes: input `[B, inChannels, H, W]` → output `[B, outChannels, Ho, Wo]` with
/// `Ho = ⌊(H + 2·padding.0 − kH) / stride.0⌋ + 1` (and likewise `Wo`).
/// Parameters: `weight` `[outChannels, inChannels, kH, kW]`, `bias` `[outChannels]`, initialised
/// U(−1/√(inChannels·kH·kW), …) as PyTorch does.
public final class Conv2d: Module, Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: (Int, Int)
    public let padding: (Int, Int)

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), bias: Bool = true) {
        strandPrecondition(inChannels > 0 && outChannels > 0 && kernelSize.0 > 0 && kernelSize.1 > 0 && stride.0 > 0 && stride.1 > 0 && padding.0 >= 0 && padding.1 >= 0,
                           "Conv2d: sizes must be positive, got \(inChannels), \(outChannels), kernel \(kernelSize), stride \(stride), padding \(padding)")
        let bound = 1 / Float(inChannels * kernelSize.0 * kernelSize.1).squareRoot()
        weight = Parameter(Tensor.uniform([outChannels, inChannels, kernelSize.0, kernelSize.1], low: -bound, high: bound))
        self.bias = bias ? Parameter(Tensor.uniform([outChannels], low: -bound, high: bound)) : nil
        self.stride = stride
        self.padding = padding
    }

    public var inChannels: Int { weight.shape[1] }
    public var outChannels: Int { weight.shape[0] }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank == 4 && x.shape[1] == inChannels, "Conv2d(\(inChannels), \(outChannels)): input must be [B, \(inChannels), H, W], got \(x.shape)")
        let geometry = Convolution2DGeometry(batch: x.shape[0], channels: inChannels, height: x.shape[2], width: x.shape[3],
                                             kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], strideHeight: stride.0, strideWidth: stride.1,
                                             padTop: padding.0, padBottom: padding.0, padLeft: padding.1, padRight: padding.1,
                                             dilationHeight: 1, dilationWidth: 1)
        strandPrecondition(geometry.outputHeight > 0 && geometry.outputWidth > 0,
                           "Conv2d: input \(x.shape) is smaller than the kernel \(weight.shape.suffix(2)) after padding")
        return geometry.prefersFullWidth(outputs: outChannels) ? fullWidthConvolution(x, weight: weight, bias: bias, geometry: geometry)
                                       : convolution2D(x, weight: weight, bias: bias, geometry: geometry)
    }

    public override var extraDescription: String {
        "\(inChannels), \(outChannels), kernel_size=(\(weight.shape[2]), \(weight.shape[3])), stride=(\(stride.0), \(stride.1))"
            + (padding == (0, 0) ? "" : ", padding=(\(padding.0), \(padding.1))") + (bias == nil ? ", bias=False" : "")
    }
}
