import Autograd
import Tensor

/// Pooling over sliding 2-D windows of the last two axes, with PyTorch's options per axis:
/// `[B, C, H, W]` (or `[C, H, W]`) → `[…, H_out, W_out]`, each axis sized as ``Pool1d`` describes.
public class Pool2d: Module, Layer {
    public let kernelSize: (Int, Int)
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let dilation: (Int, Int)
    public let ceilMode: Bool

    /// `stride` defaults to the kernel size, as in PyTorch.
    init(_ kernelSize: (Int, Int), stride: (Int, Int)?, padding: (Int, Int), dilation: (Int, Int), ceilMode: Bool) {
        (self.kernelSize, self.stride, self.padding, self.dilation, self.ceilMode) = (kernelSize, stride ?? kernelSize, padding, dilation, ceilMode)
    }

    /// How the windows are reduced, given the two axes.
    func reduction(rows: PoolingAxis, columns: PoolingAxis) -> WindowReduction {
        fatalError("\(Self.self) must override reduction(rows:columns:)")
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank >= 3, "\(typeName): input must be [B, C, H, W] or [C, H, W], got \(x.shape)")
        let (height, width) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let rows = PoolingAxis(length: height, kernel: kernelSize.0, stride: stride.0, padding: padding.0, dilation: dilation.0, ceilMode: ceilMode, layer: typeName)
        let columns = PoolingAxis(length: width, kernel: kernelSize.1, stride: stride.1, padding: padding.1, dilation: dilation.1, ceilMode: ceilMode, layer: typeName)
        // Each output cell's window: its rows' positions crossed with its columns', flattened row-major.
        let windows = (0..<rows.outputLength).flatMap { row in
            (0..<columns.outputLength).map { column in
                rows.positions(row).flatMap { i in columns.positions(column).map { j in i.flatMap { i in j.map { i * width + $0 } } } }
            }
        }
        return poolWindows(x, rowLength: height * width, windows: windows, reduction: reduction(rows: rows, columns: columns))
            .reshaped(Array(x.shape.dropLast(2)) + [rows.outputLength, columns.outputLength])
    }
}

/// The maximum over sliding 2-D windows, like `torch.nn.MaxPool2d(kernel_size, stride, padding,
/// dilation, ceil_mode)`.
public final class MaxPool2d: Pool2d {
    public override init(_ kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), ceilMode: Bool = false) {
        super.init(kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    override func reduction(rows: PoolingAxis, columns: PoolingAxis) -> WindowReduction { .max }
}

/// The mean over sliding 2-D windows, like `torch.nn.AvgPool2d(kernel_size, stride, padding,
/// ceil_mode, count_include_pad)`.
public final class AvgPool2d: Pool2d {
    public let countIncludePad: Bool

    public init(_ kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), ceilMode: Bool = false, countIncludePad: Bool = true) {
        self.countIncludePad = countIncludePad
        super.init(kernelSize, stride: stride, padding: padding, dilation: (1, 1), ceilMode: ceilMode)
    }

    override func reduction(rows: PoolingAxis, columns: PoolingAxis) -> WindowReduction {
        .mean(divisors: (0..<rows.outputLength).flatMap { row in
            (0..<columns.outputLength).map { column in
                Float(rows.averageSize(row, countingPadding: countIncludePad) * columns.averageSize(column, countingPadding: countIncludePad))
            }
        })
    }
}
