import Autograd
import Tensor

/// Pooling over sliding windows along the last axis, with PyTorch's options:
/// `[B, C, L]` (or `[C, L]`) → `[…, L_out]`, `L_out = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1`
/// (rounded up in `ceilMode`, keeping a last window only if it starts inside the input or its left
/// padding). ``MaxPool1d`` and ``AvgPool1d`` differ in how they reduce a window.
public class Pool1d: Module, Layer {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public let dilation: Int
    public let ceilMode: Bool

    /// `stride` defaults to the kernel size, as in PyTorch.
    init(_ kernelSize: Int, stride: Int?, padding: Int, dilation: Int, ceilMode: Bool) {
        (self.kernelSize, self.stride, self.padding, self.dilation, self.ceilMode) = (kernelSize, stride ?? kernelSize, padding, dilation, ceilMode)
    }

    /// How the windows along `axis` are reduced.
    func reduction(along axis: PoolingAxis) -> WindowReduction {
        fatalError("\(Self.self) must override reduction(along:)")
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank >= 2, "\(typeName): input must be [B, C, L] or [C, L], got \(x.shape)")
        let axis = PoolingAxis(length: x.shape.last!, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation,
                               ceilMode: ceilMode, layer: typeName)
        let windows = (0..<axis.outputLength).map(axis.positions)
        return poolWindows(x, rowLength: axis.length, windows: windows, reduction: reduction(along: axis))
            .reshaped(Array(x.shape.dropLast()) + [windows.count])
    }
}

/// The maximum over sliding windows, like `torch.nn.MaxPool1d(kernel_size, stride, padding,
/// dilation, ceil_mode)`; padding never wins, and the gradient goes to each window's first maximum.
public final class MaxPool1d: Pool1d {
    public override init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1, ceilMode: Bool = false) {
        super.init(kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    override func reduction(along axis: PoolingAxis) -> WindowReduction { .max }

    public override var extraDescription: String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=\(dilation), ceil_mode=\(ceilMode ? "True" : "False")"
    }
}

/// The mean over sliding windows, like `torch.nn.AvgPool1d(kernel_size, stride, padding,
/// ceil_mode, count_include_pad)`: padding counts as zeros in the divisor when
/// `countIncludePad`, the part of a ceil-mode window beyond the padding never does.
public final class AvgPool1d: Pool1d {
    public let countIncludePad: Bool

    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false, countIncludePad: Bool = true) {
        self.countIncludePad = countIncludePad
        super.init(kernelSize, stride: stride, padding: padding, dilation: 1, ceilMode: ceilMode)
    }

    override func reduction(along axis: PoolingAxis) -> WindowReduction {
        .mean(divisors: (0..<axis.outputLength).map { Float(axis.averageSize($0, countingPadding: countIncludePad)) })
    }

    public override var extraDescription: String { "kernel_size=(\(kernelSize),), stride=(\(stride),), padding=(\(padding),)" }
}
