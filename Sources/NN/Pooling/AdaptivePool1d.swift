import Autograd
import Tensor

/// Pooling to a fixed output length whatever the input's, like PyTorch's adaptive pooling:
/// `[B, C, L]` → `[B, C, outputSize]`, window `i` covering positions `⌊i·L/n⌋ ..< ⌈(i+1)·L/n⌉`
/// (neighbouring windows overlap when `n` does not divide `L`; with `n > L` positions repeat).
public class AdaptivePool1d: Module, Layer {
    public let outputSize: Int

    init(_ outputSize: Int) {
        strandPrecondition(outputSize > 0, "adaptive pooling: the output size must be positive, got \(outputSize)")
        self.outputSize = outputSize
    }

    /// Window `index`'s positions along an axis of `length`.
    func window(_ index: Int, length: Int) -> Range<Int> {
        (index * length / outputSize)..<(((index + 1) * length + outputSize - 1) / outputSize)
    }

    func reduction(length: Int) -> WindowReduction {
        fatalError("\(Self.self) must override reduction(length:)")
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank >= 2 && x.shape.last! > 0, "\(typeName): input must be [B, C, L] or [C, L] with L > 0, got \(x.shape)")
        let length = x.shape.last!
        let windows = (0..<outputSize).map { window($0, length: length).map { Optional($0) } }
        return poolWindows(x, rowLength: length, windows: windows, reduction: reduction(length: length))
            .reshaped(Array(x.shape.dropLast()) + [outputSize])
    }

    public override var extraDescription: String { "output_size=\(outputSize)" }
}

/// The maximum over each adaptive window, like `torch.nn.AdaptiveMaxPool1d(output_size)`.
public final class AdaptiveMaxPool1d: AdaptivePool1d {
    public override init(_ outputSize: Int) { super.init(outputSize) }
    override func reduction(length: Int) -> WindowReduction { .max }
}

/// The mean over each adaptive window, like `torch.nn.AdaptiveAvgPool1d(output_size)`.
public final class AdaptiveAvgPool1d: AdaptivePool1d {
    public override init(_ outputSize: Int) { super.init(outputSize) }
    override func reduction(length: Int) -> WindowReduction {
        .mean(divisors: (0..<outputSize).map { Float(window($0, length: length).count) })
    }
}
