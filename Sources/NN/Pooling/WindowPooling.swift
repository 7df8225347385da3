import Autograd
import Tensor

/// One axis of a sliding-window pooling: which input positions each output window covers, with
/// PyTorch's padding, dilation and ceil-mode arithmetic.
struct PoolingAxis {
    let length: Int, kernel: Int, stride: Int, padding: Int, dilation: Int
    let ceilMode: Bool

    init(length: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool, layer: String) {
        strandPrecondition(kernel > 0 && stride > 0 && dilation > 0 && padding >= 0,
                           "\(layer): kernel size \(kernel), stride \(stride) and dilation \(dilation) must be positive, padding \(padding) not negative")
        strandPrecondition(padding <= ((kernel - 1) * dilation + 1) / 2,
                           "\(layer): padding \(padding) must be at most half the kernel's span \((kernel - 1) * dilation + 1), as in PyTorch")
        strandPrecondition(length + 2 * padding >= (kernel - 1) * dilation + 1,
                           "\(layer): input length \(length) with padding \(padding) is shorter than the kernel's span \((kernel - 1) * dilation + 1)")
        (self.length, self.kernel, self.stride, self.padding, self.dilation, self.ceilMode) = (length, kernel, stride, padding, dilation, ceilMode)
    }

    /// PyTorch's output length: in ceil mode a last, partial window is kept when it starts inside
    /// the input or its left padding.
    var outputLength: Int {
        let span = length + 2 * padding - dilation * (kernel - 1) - 1
        var count = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
        if ceilMode && (count - 1) * stride >= length + padding { count -= 1 }
        return count
    }

    /// Window `index`'s input positions, nil where it lies in the padding or beyond the input.
    func positions(_ index: Int) -> [Int?] {
        (0..<kernel).map { offset in
            let position = index * stride - padding + offset * dilation
            return (0..<length).contains(position) ? position : nil
        }
    }

    /// What an average divides by along this axis (PyTorch's `avg_pool`): the window's extent
    /// within the padded input, or only the part inside the input.
    func averageSize(_ index: Int, countingPadding: Bool) -> Int {
        let start = index * stride - padding, end = Swift.min(start + kernel, length + padding)
        return countingPadding ? end - start : Swift.min(end, length) - Swift.max(start, 0)
    }
}

/// How a window's elements are combined.
enum WindowReduction {
    case max
    /// The sum divided by each window's divisor.
    case mean(divisors: [Float])
}

/// Pools each row of `x` over `windows` — lists of positions along its last `rowLength` elements
/// (flattened, for 2-D pooling), nil for padding — into `[…, windows.count]`. All windows of all
/// rows are gathered in one operation; padding, and the slots of windows narrower than the widest,
/// point at a fill column (−∞ for max, 0 for mean) that receives no gradient, appended only when
/// some window needs it. The gradient flows back through the gather to the input.
func poolWindows(_ x: Variable, rowLength: Int, windows: [[Int?]], reduction: WindowReduction) -> Variable {
    let rows = x.value.count / rowLength
    let width = windows.map(\.count).max() ?? 0
    let fill: Float = if case .max = reduction { -.infinity } else { 0 }
    let needsFill = windows.contains { $0.count < width || $0.contains(nil) }
    let flat = x.reshaped([rows, rowLength])
    let padded = needsFill ? Variable.concatenate([flat, Variable(Tensor.full([rows, 1], value: fill))], axis: 1) : flat
    // Every window padded to the widest with the fill column's index.
    let positions = windows.flatMap { window in window.map { $0 ?? rowLength } + Array(repeating: rowLength, count: width - window.count) }
    let indices = IntTensor(shape: [rows, positions.count], scalars: Array(repeatElement(positions, count: rows).joined()))
    let gathered = padded.gather(axis: 1, indices).reshaped([rows, windows.count, width])
    switch reduction {
    case .max: return gathered.max(axis: 2).values
    case .mean(let divisors): return gathered.sum(axis: 2) / Variable(Tensor(shape: [1, windows.count], scalars: divisors))
    }
}
