import Autograd
import Tensor

/// A 2-D convolution, like `torch.nn.Conv2d` — what the Kim CNN slides over a sentence's
/// `[T, embeddingDim]` matrix with `(k, embeddingDim)` kernels.
///
/// Shapes: input `[B, inChannels, H, W]` → output `[B, outChannels, Ho, Wo]` with
/// `Ho = ⌊(H + 2·padding.0 − dilation.0·(kH − 1) − 1) / stride.0⌋ + 1` (and likewise `Wo`).
/// Parameters: `weight` `[outChannels, inChannels / groups, kH, kW]`, `bias` `[outChannels]`,
/// initialised U(−1/√(inChannels/groups·kH·kW), …) as PyTorch does. `groups` and `paddingMode`
/// as in ``Conv1d``.
public final class Conv2d: Module, Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let dilation: (Int, Int)
    public let groups: Int
    public let paddingMode: PaddingMode

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true, paddingMode: PaddingMode = .zeros) {
        strandPrecondition(inChannels > 0 && outChannels > 0 && kernelSize.0 > 0 && kernelSize.1 > 0 && stride.0 > 0 && stride.1 > 0 && padding.0 >= 0 && padding.1 >= 0
                           && dilation.0 > 0 && dilation.1 > 0 && groups > 0,
                           "Conv2d: sizes must be positive, got \(inChannels), \(outChannels), kernel \(kernelSize), stride \(stride), padding \(padding), dilation \(dilation), groups \(groups)")
        strandPrecondition(inChannels % groups == 0 && outChannels % groups == 0,
                           "Conv2d: groups \(groups) must divide both \(inChannels) input and \(outChannels) output channels")
        let bound = 1 / Float(inChannels / groups * kernelSize.0 * kernelSize.1).squareRoot()
        weight = Parameter(Tensor.uniform([outChannels, inChannels / groups, kernelSize.0, kernelSize.1], low: -bound, high: bound))
        self.bias = bias ? Parameter(Tensor.uniform([outChannels], low: -bound, high: bound)) : nil
        (self.stride, self.padding, self.dilation, self.groups, self.paddingMode) = (stride, padding, dilation, groups, paddingMode)
    }

    public var inChannels: Int { weight.shape[1] * groups }
    public var outChannels: Int { weight.shape[0] }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank == 4 && x.shape[1] == inChannels, "Conv2d(\(inChannels), \(outChannels)): input must be [B, \(inChannels), H, W], got \(x.shape)")
        var (input, pad) = (x, padding)
        if paddingMode != .zeros {
            input = padded(padded(x, axis: 2, before: pad.0, after: pad.0, mode: paddingMode, layer: "Conv2d"),
                           axis: 3, before: pad.1, after: pad.1, mode: paddingMode, layer: "Conv2d")
            pad = (0, 0)
        }
        let geometry = Convolution2DGeometry(batch: x.shape[0], channels: inChannels / groups, height: input.shape[2], width: input.shape[3],
                                             kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], strideHeight: stride.0, strideWidth: stride.1,
                                             padTop: pad.0, padBottom: pad.0, padLeft: pad.1, padRight: pad.1,
                                             dilationHeight: dilation.0, dilationWidth: dilation.1)
        strandPrecondition(geometry.outputHeight > 0 && geometry.outputWidth > 0,
                           "Conv2d: input \(x.shape) is smaller than the dilated kernel \(weight.shape.suffix(2)) after padding")
        return groupedConvolution(input, weight: weight, bias: bias, groups: groups) { input, weight, bias in
            geometry.prefersFullWidth(outputs: weight.shape[0]) ? fullWidthConvolution(input, weight: weight, bias: bias, geometry: geometry)
                                                                 : convolution2D(input, weight: weight, bias: bias, geometry: geometry)
        }
    }

    public override var extraDescription: String {
        "\(inChannels), \(outChannels), kernel_size=(\(weight.shape[2]), \(weight.shape[3])), stride=(\(stride.0), \(stride.1))"
            + (padding == (0, 0) ? "" : ", padding=(\(padding.0), \(padding.1))") + (dilation == (1, 1) ? "" : ", dilation=(\(dilation.0), \(dilation.1))")
            + (groups == 1 ? "" : ", groups=\(groups)") + (bias == nil ? ", bias=False" : "")
            + (paddingMode == .zeros ? "" : ", padding_mode=\(paddingMode.rawValue)")
    }
}
