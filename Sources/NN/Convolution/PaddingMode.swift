import Autograd
import Tensor

/// What a convolution's padding holds, like PyTorch's `padding_mode`.
public enum PaddingMode: String, Sendable, CaseIterable {
    /// Zeros (the default).
    case zeros
    /// The input mirrored at its edge, the edge itself not repeated: `d c b | a b c d | c b a`.
    case reflect
    /// The edge value repeated: `a a a | a b c d | d d d`.
    case replicate
    /// The input wrapped around: `b c d | a b c d | a b c`.
    case circular

    /// Which input position padded position `position` (from `−before` on) reads, for an axis of `length`.
    func source(of position: Int, length: Int) -> Int {
        switch self {
        case .zeros: preconditionFailure("zero padding reads no input")
        case .reflect: position < 0 ? -position : position >= length ? 2 * (length - 1) - position : position
        case .replicate: Swift.min(Swift.max(position, 0), length - 1)
        case .circular: (position % length + length) % length
        }
    }
}

/// `x` padded along `axis` with `before` and `after` positions read from the input as `mode` says
/// (not `.zeros`, which the convolutions do themselves); the gradient of a position read twice adds up.
func padded(_ x: Variable, axis: Int, before: Int, after: Int, mode: PaddingMode, layer: String) -> Variable {
    let length = x.shape[axis]
    let widest = Swift.max(before, after)
    strandPrecondition(mode != .reflect || widest < length, "\(layer): reflect padding \(widest) must be shorter than the input's \(length)")
    strandPrecondition(mode != .circular || widest <= length, "\(layer): circular padding \(widest) must be at most the input's \(length)")
    guard before > 0 || after > 0 else { return x }
    let last = x.rank - 1
    let moved = axis == last ? x : x.transposed(axis, last)
    let rows = moved.value.count / length
    let sources = (-before..<(length + after)).map { mode.source(of: $0, length: length) }
    let indices = IntTensor(shape: [rows, sources.count], scalars: Array(repeatElement(sources, count: rows).joined()))
    let result = moved.reshaped([rows, length]).gather(axis: 1, indices).reshaped(Array(moved.shape.dropLast()) + [sources.count])
    return axis == last ? result : result.transposed(axis, last)
}

/// A convolution split into `groups` (PyTorch's `groups`): input channel group `g` meets only
/// output channel group `g`. `convolve` runs one group's input, weight and bias.
func groupedConvolution(_ x: Variable, weight: Variable, bias: Variable?, groups: Int,
                        _ convolve: (Variable, Variable, Variable?) -> Variable) -> Variable {
    guard groups > 1 else { return convolve(x, weight, bias) }
    let (inputs, outputs) = (weight.shape[1], weight.shape[0] / groups)
    let parts = (0..<groups).map { group in
        convolve(x.slice(axis: 1, (group * inputs)..<((group + 1) * inputs)),
                 weight.slice(axis: 0, (group * outputs)..<((group + 1) * outputs)),
                 bias?.slice(axis: 0, (group * outputs)..<((group + 1) * outputs)))
    }
    return Variable.concatenate(parts, axis: 1)
}
