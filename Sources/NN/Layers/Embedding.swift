import Autograd
import Tensor

/// A lookup table of vectors indexed by token id, like `torch.nn.Embedding`.
///
/// Shapes: ids of any shape `S` → vectors `S + [dimension]`.
/// Parameter: `weight` `[count, dimension]`, initialised N(0, 1); the row of `paddingIndex`, if
/// any, starts at zero and never receives a gradient. The backward pass adds gradient rows at
/// their ids (an index-add), never a dense one-hot product.
public final class Embedding: Module, Layer {
    public let weight: Parameter
    public let paddingIndex: Int?

    /// A table of `count` random vectors of `dimension` values.
    public init(count: Int, dimension: Int, paddingIndex: Int? = nil) {
        weight = Parameter(Self.randomTable(count: count, dimension: dimension, paddingIndex: paddingIndex))
        self.paddingIndex = paddingIndex
    }

    /// PyTorch's initial table: N(0, 1), the padding row zero.
    static func randomTable(count: Int, dimension: Int, paddingIndex: Int?) -> Tensor {
        let table = Tensor.normal([count, dimension])
        guard let paddingIndex else { return table }
        strandPrecondition((0..<count).contains(paddingIndex), "Embedding: paddingIndex \(paddingIndex) is outside 0..<\(count)")
        return table * (1 - (IntTensor.arange(count) .== paddingIndex).unsqueezed(axis: 1))
    }

    /// A table holding `pretrained` vectors (`[count, dimension]`), trainable unless `freeze`.
    public init(pretrained: Tensor, freeze: Bool = true, paddingIndex: Int? = nil) {
        strandPrecondition(pretrained.rank == 2, "Embedding(pretrained:): needs a [count, dimension] matrix, got shape \(pretrained.shape)")
        weight = Parameter(pretrained)
        weight.requiresGrad = !freeze
        self.paddingIndex = paddingIndex
    }

    public var count: Int { weight.shape[0] }
    public var dimension: Int { weight.shape[1] }

    public func forward(_ ids: IntTensor) -> Variable {
        embedding(ids, table: weight, paddingIndex: paddingIndex)
    }

    public override var extraDescription: String {
        "\(count), \(dimension)" + (paddingIndex.map { ", padding_idx=\($0)" } ?? "")
    }
}

/// The rows of `table` (`[count, dimension]`) at `ids`, like `torch.nn.functional.embedding`:
/// ids of shape `S` give `S + [dimension]`. The backward pass adds gradient rows at their ids (an
/// index-add, never a dense one-hot product); the row of `paddingIndex` gets no gradient. Layers
/// that compute their table at each forward (``EmbeddingDropout``) look up through this.
///
/// - Precondition: `table` is a matrix and every id lies in `0..<count`.
public func embedding(_ ids: IntTensor, table: Variable, paddingIndex: Int? = nil) -> Variable {
    strandPrecondition(table.rank == 2, "embedding: the table must be [count, dimension], got shape \(table.shape)")
    let shape = table.shape
    return Variable.record("embedding", [table], table.value.indexSelect(ids)) { g in
        var gradient = Tensor.zeros(shape)
        gradient.formIndexAdd(ids, g)
        if let paddingIndex {
            // The padding row learns nothing: clear what its occurrences added.
            gradient.withUnsafeMutableBufferPointer { rows in
                (rows.baseAddress! + paddingIndex * shape[1]).update(repeating: 0, count: shape[1])
            }
        }
        return [gradient]
    }
}
