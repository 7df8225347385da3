import Autograd
import Tensor

/// How much zero padding a 1-D convolution adds at each end.
public enum ConvolutionPadding: Sendable, Equatable {
    /// No padding (PyTorch's `padding='valid'`, the default).
    case valid
    /// Enough to keep the length with stride 1 (`padding='same'`): `dilation·(k − 1)` in all,
    /// the smaller half before, as PyTorch splits it.
    case same
    /// `n` zeros at each end.
    case explicit(Int)
}

/// A 1-D convolution over time, like `torch.nn.Conv1d`.
///
/// Shapes: input `[B, inChannels, L]` → output `[B, outChannels, Lo]` with
/// `Lo = ⌊(L + padding − dilation·(k − 1) − 1) / stride⌋ + 1`.
/// Parameters: `weight` `[outChannels, inChannels / groups, k]`, `bias` `[outChannels]`, initialised
/// U(−1/√(inChannels/groups·k), …) as PyTorch does. `groups` splits the channels into groups that
/// convolve separately (`groups == inChannels`: depthwise); `paddingMode` fills the padding with
/// zeros, a reflection, the edge value or the wrapped-around input.
public final class Conv1d: Module, Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int
    public let padding: ConvolutionPadding
    public let dilation: Int
    public let groups: Int
    public let paddingMode: PaddingMode

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvolutionPadding = .valid,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, paddingMode: PaddingMode = .zeros) {
        strandPrecondition(inChannels > 0 && outChannels > 0 && kernelSize > 0 && stride > 0 && dilation > 0 && groups > 0,
                           "Conv1d: sizes must be positive, got \(inChannels), \(outChannels), kernel \(kernelSize), stride \(stride), dilation \(dilation), groups \(groups)")
        strandPrecondition(inChannels % groups == 0 && outChannels % groups == 0,
                           "Conv1d: groups \(groups) must divide both \(inChannels) input and \(outChannels) output channels")
        strandPrecondition(padding != .same || stride == 1, "Conv1d: padding .same needs stride 1, got \(stride)")
        let bound = 1 / Float(inChannels / groups * kernelSize).squareRoot()
        weight = Parameter(Tensor.uniform([outChannels, inChannels / groups, kernelSize], low: -bound, high: bound))
        self.bias = bias ? Parameter(Tensor.uniform([outChannels], low: -bound, high: bound)) : nil
        (self.stride, self.padding, self.dilation, self.groups, self.paddingMode) = (stride, padding, dilation, groups, paddingMode)
    }

    public var inChannels: Int { weight.shape[1] * groups }
    public var outChannels: Int { weight.shape[0] }
    public var kernelSize: Int { weight.shape[2] }

    /// Zeros before and after the sequence.
    var paddingWidths: (before: Int, after: Int) {
        switch padding {
        case .valid: return (0, 0)
        case .explicit(let amount): return (amount, amount)
        case .same:
            let total = dilation * (kernelSize - 1)
            return (total / 2, total - total / 2)
        }
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank == 3 && x.shape[1] == inChannels, "Conv1d(\(inChannels), \(outChannels)): input must be [B, \(inChannels), L], got \(x.shape)")
        var (input, (before, after)) = (x, paddingWidths)
        if paddingMode != .zeros {
            input = padded(x, axis: 2, before: before, after: after, mode: paddingMode, layer: "Conv1d")
            (before, after) = (0, 0)
        }
        let geometry = Convolution2DGeometry(batch: x.shape[0], channels: inChannels / groups, height: 1, width: input.shape[2],
                                             kernelHeight: 1, kernelWidth: kernelSize, strideHeight: 1, strideWidth: stride,
                                             padTop: 0, padBottom: 0, padLeft: before, padRight: after, dilationHeight: 1, dilationWidth: dilation)
        strandPrecondition(geometry.outputWidth > 0, "Conv1d: input length \(x.shape[2]) is shorter than the dilated kernel (\(dilation * (kernelSize - 1) + 1)) after padding")
        let output = groupedConvolution(input.unsqueezed(axis: 2), weight: weight.unsqueezed(axis: 2), bias: bias, groups: groups) {
            convolution2D($0, weight: $1, bias: $2, geometry: geometry)
        }
        return output.squeezed(axis: 2)
    }

    public override var extraDescription: String {
        var text = "\(inChannels), \(outChannels), kernel_size=(\(kernelSize),), stride=(\(stride),)"
        switch padding {
        case .valid: break
        case .same: text += ", padding=same"
        case .explicit(let amount): text += ", padding=(\(amount),)"
        }
        if dilation != 1 { text += ", dilation=(\(dilation),)" }
        if groups != 1 { text += ", groups=\(groups)" }
        if bias == nil { text += ", bias=False" }
        if paddingMode != .zeros { text += ", padding_mode=\(paddingMode.rawValue)" }
        return text
    }
}
