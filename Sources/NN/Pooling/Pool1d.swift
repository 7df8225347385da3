/// Max over sliding windows along the last axis, like `torch.nn.MaxPool1d` (no padding or
/// dilation): `[B, C, L]` → `[B, C, ⌊(L − k) / stride⌋ + 1]`. The gradient goes to each window's
/// first maximum.
public final class MaxPool1d: Module, Layer {
    public let kernelSize: Int
    public let stride: Int

    /// `stride` defaults to the kernel size, as in PyTorch.
    public init(_ kernelSize: Int, stride: Int? = nil) {
        strandPrecondition(kernelSize > 0 && (stride ?? 1) > 0, "MaxPool1d: kernel size and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    public func forward(_ x: Variable) -> Variable {
        let windows = slidingWindows(x, kernelSize: kernelSize, stride: stride, op: "MaxPool1d")
        return x.reshaped([-1, x.shape.last!]).gather(axis: 1, windows.indices).reshaped(windows.shape).max(axis: -1).values
    }

    public override var extraDescription: String { "kernel_size=\(kernelSize), stride=\(stride), padding=0, dilation=1, ceil_mode=False" }
}

/// The mean over sliding windows along the last axis, like `torch.nn.AvgPool1d` (no padding):
/// `[B, C, L]` → `[B, C, ⌊(L − k) / stride⌋ + 1]`.
public final class AvgPool1d: Module, Layer {
    public let kernelSize: Int
    public let stride: Int

    /// `stride` defaults to the kernel size, as in PyTorch.
    public init(_ kernelSize: Int, stride: Int? = nil) {
        strandPrecondition(kernelSize > 0 && (stride ?? 1) > 0, "AvgPool1d: kernel size and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    public func forward(_ x: Variable) -> Variable {
        let windows = slidingWindows(x, kernelSize: kernelSize, stride: stride, op: "AvgPool1d")
        return x.reshaped([-1, x.shape.last!]).gather(axis: 1, windows.indices).reshaped(windows.shape).mean(axis: -1)
    }

    public override var extraDescription: String { "kernel_size=(\(kernelSize),), stride=(\(stride),), padding=(0,)" }
}

/// For each row of `x` flattened to `[rows, L]`, the positions of every window's elements, and the
/// shape `x.shape.dropLast() + [windows, kernelSize]` the gathered values take.
private func slidingWindows(_ x: Variable, kernelSize: Int, stride: Int, op: String) -> (indices: IntTensor, shape: [Int]) {
    strandPrecondition(x.rank >= 2, "\(op): input must be [B, C, L] or [C, L], got \(x.shape)")
    let length = x.shape.last!
    strandPrecondition(length >= kernelSize, "\(op): input length \(length) is shorter than the kernel size \(kernelSize)")
    let windows = (length - kernelSize) / stride + 1
    let rows = x.value.count / length
    let positions = (0..<windows).flatMap { w in (0..<kernelSize).map { w * stride + $0 } }
    let indices = IntTensor(shape: [rows, windows * kernelSize], scalars: Array((0..<rows).map { _ in positions }.joined()))
    return (indices, Array(x.shape.dropLast()) + [windows, kernelSize])
}
