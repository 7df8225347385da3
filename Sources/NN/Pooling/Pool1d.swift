import Autograd
import Tensor

/// Pooling over sliding windows along the last axis (no padding or dilation):
/// `[B, C, L]` → `[B, C, ⌊(L − k) / stride⌋ + 1]`. ``MaxPool1d`` and ``AvgPool1d`` differ only
/// in how they reduce a window.
public class Pool1d: Module, Layer {
    public let kernelSize: Int
    public let stride: Int

    /// `stride` defaults to the kernel size, as in PyTorch.
    init(_ kernelSize: Int, stride: Int?) {
        strandPrecondition(kernelSize > 0 && (stride ?? 1) > 0, "\(Self.self): kernel size and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    /// Reduces gathered windows `[…, windows, kernelSize]` along their last axis.
    func reduce(_ windows: Variable) -> Variable {
        fatalError("\(Self.self) must override reduce(_:)")
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank >= 2, "\(typeName): input must be [B, C, L] or [C, L], got \(x.shape)")
        let length = x.shape.last!
        strandPrecondition(length >= kernelSize, "\(typeName): input length \(length) is shorter than the kernel size \(kernelSize)")
        let windows = (length - kernelSize) / stride + 1
        let rows = x.value.count / length
        // For every row, the positions of each window's elements, gathered in one operation.
        let positions = (0..<windows).flatMap { w in (0..<kernelSize).map { w * stride + $0 } }
        let indices = IntTensor(shape: [rows, windows * kernelSize], scalars: Array((0..<rows).map { _ in positions }.joined()))
        let gathered = x.reshaped([-1, length]).gather(axis: 1, indices).reshaped(Array(x.shape.dropLast()) + [windows, kernelSize])
        return reduce(gathered)
    }
}

/// The maximum over sliding windows, like `torch.nn.MaxPool1d`; the gradient goes to each
/// window's first maximum.
public final class MaxPool1d: Pool1d {
    public override init(_ kernelSize: Int, stride: Int? = nil) { super.init(kernelSize, stride: stride) }

    override func reduce(_ windows: Variable) -> Variable { windows.max(axis: -1).values }

    public override var extraDescription: String { "kernel_size=\(kernelSize), stride=\(stride), padding=0, dilation=1, ceil_mode=False" }
}

/// The mean over sliding windows, like `torch.nn.AvgPool1d`.
public final class AvgPool1d: Pool1d {
    public override init(_ kernelSize: Int, stride: Int? = nil) { super.init(kernelSize, stride: stride) }

    override func reduce(_ windows: Variable) -> Variable { windows.mean(axis: -1) }

    public override var extraDescription: String { "kernel_size=(\(kernelSize),), stride=(\(stride),), padding=(0,)" }
}
