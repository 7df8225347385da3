import Autograd
import Foundation
import Tensor

/// The fixed sinusoidal position signal of "Attention Is All You Need" (and PyTorch's Transformer
/// tutorial's `PositionalEncoding`), added to the embeddings: `PE[t, 2i] = sin(t / 10000^(2i/D))`,
/// `PE[t, 2i+1] = cos(t / 10000^(2i/D))`. Shapes: `[B, T, D]` → the same, `T ≤ maxLength`.
public final class SinusoidalPositionalEncoding: Module, Layer {
    /// `[maxLength, D]`; a buffer: saved with the state dict as `pe`, never trained.
    public let pe: Buffer

    public init(dimension: Int, maxLength: Int = 5_000) {
        strandPrecondition(dimension > 0 && maxLength > 0, "SinusoidalPositionalEncoding: dimension \(dimension) and maxLength \(maxLength) must be positive")
        let values = (0..<maxLength).flatMap { position in
            (0..<dimension).map { column -> Float in
                let angle = Double(position) / pow(10_000, Double(column - column % 2) / Double(dimension))
                return Float(column % 2 == 0 ? sin(angle) : cos(angle))
            }
        }
        pe = Buffer(Tensor(shape: [maxLength, dimension], scalars: values))
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank == 3 && x.shape[2] == pe.tensor.shape[1] && x.shape[1] <= pe.tensor.shape[0],
                           "SinusoidalPositionalEncoding: input must be [B, T ≤ \(pe.tensor.shape[0]), \(pe.tensor.shape[1])], got \(x.shape)")
        return x + Variable(pe.tensor.slice(axis: 0, 0..<x.shape[1]))
    }
}

/// A learned position embedding (BERT's, GPT-2's) added to the embeddings: one trained vector per
/// position. Shapes: `[B, T, D]` → the same, `T ≤ maxLength`. Parameter: `weight` `[maxLength, D]`.
public final class LearnedPositionalEmbedding: Module, Layer {
    public let weight: Parameter

    public init(maxLength: Int, dimension: Int) {
        weight = Parameter(Tensor.normal([maxLength, dimension]))
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition(x.rank == 3 && x.shape[2] == weight.shape[1] && x.shape[1] <= weight.shape[0],
                           "LearnedPositionalEmbedding: input must be [B, T ≤ \(weight.shape[0]), \(weight.shape[1])], got \(x.shape)")
        return x + weight.slice(axis: 0, 0..<x.shape[1]).unsqueezed(axis: 0)
    }
}
