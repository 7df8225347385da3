import Autograd
import Tensor

/// Sums, means or maxima of bags of embedding rows without materialising the rows, like
/// `torch.nn.EmbeddingBag`: a bag-of-words or bag-of-n-grams text encoder (fastText's classifier)
/// in one layer.
///
/// Shapes: ids `[B, N]` (B bags of N ids), or flat ids `[total]` with `offsets` (where each bag
/// starts) → `[B, dimension]`. Entries equal to `paddingIndex` are left out of their bag (and of
/// the mean's count); an empty bag gives zeros. Parameter: `weight` `[count, dimension]`, N(0, 1),
/// the padding row zero.
public final class EmbeddingBag: Module {
    /// How a bag's rows are combined.
    public enum Mode: Sendable {
        case sum, mean, max
    }

    public let weight: Parameter
    public let mode: Mode
    public let paddingIndex: Int?

    /// A table of `count` random vectors of `dimension` values.
    public init(count: Int, dimension: Int, mode: Mode = .mean, paddingIndex: Int? = nil) {
        weight = Parameter(Embedding.randomTable(count: count, dimension: dimension, paddingIndex: paddingIndex))
        (self.mode, self.paddingIndex) = (mode, paddingIndex)
    }

    /// A table holding `pretrained` vectors (`[count, dimension]`), trainable unless `freeze`.
    public init(pretrained: Tensor, freeze: Bool = true, mode: Mode = .mean, paddingIndex: Int? = nil) {
        strandPrecondition(pretrained.rank == 2, "EmbeddingBag(pretrained:): needs a [count, dimension] matrix, got shape \(pretrained.shape)")
        weight = Parameter(pretrained)
        weight.requiresGrad = !freeze
        (self.mode, self.paddingIndex) = (mode, paddingIndex)
    }

    /// One bag per row of `ids` (`[B, N]`). `perSampleWeights` (`[B, N]`, sum mode only) scale
    /// each row before the sum and receive a gradient when they require one.
    public func callAsFunction(_ ids: IntTensor, perSampleWeights: Variable? = nil) -> Variable {
        strandPrecondition(ids.rank == 2, "EmbeddingBag: ids without offsets must be [bags, ids per bag], got shape \(ids.shape)")
        let offsets = Array(stride(from: 0, to: ids.count, by: Swift.max(ids.shape[1], 1)).prefix(ids.shape[0]))
        return self(ids.reshaped([-1]), offsets: offsets, perSampleWeights: perSampleWeights?.reshaped([-1]))
    }

    /// Bags of the flat `ids` starting at `offsets` (increasing, the first 0); with
    /// `includeLastOffset` the last offset is the end of the last bag, as in PyTorch.
    public func callAsFunction(_ ids: IntTensor, offsets: [Int], perSampleWeights: Variable? = nil, includeLastOffset: Bool = false) -> Variable {
        withHooks(ids, offsets) { ids, offsets in
            embeddingBag(ids, offsets: offsets, table: weight, mode: mode, perSampleWeights: perSampleWeights,
                         paddingIndex: paddingIndex, includeLastOffset: includeLastOffset)
        }
    }

    public override var extraDescription: String {
        "\(weight.shape[0]), \(weight.shape[1]), mode=\(mode)" + (paddingIndex.map { ", padding_idx=\($0)" } ?? "")
    }
}

/// The bags of `table`'s rows, like `torch.nn.functional.embedding_bag`; see ``EmbeddingBag``.
/// The backward pass adds each bag's gradient into the rows it used (scaled by the per-sample
/// weight, divided by the bag's count for the mean, and only at the maximum's row for each column
/// in max mode); the padding row gets nothing.
public func embeddingBag(_ ids: IntTensor, offsets: [Int], table: Variable, mode: EmbeddingBag.Mode = .mean, perSampleWeights: Variable? = nil,
                         paddingIndex: Int? = nil, includeLastOffset: Bool = false) -> Variable {
    let bags = bagRanges(offsets: offsets, count: ids.count, includeLastOffset: includeLastOffset)
    let (count, dimension) = (table.shape[0], table.shape[1])
    let flat = ids.scalars
    if let outside = flat.first(where: { !(0..<count).contains($0) }) {
        strandPreconditionFailure("embeddingBag: id \(outside) is outside 0..<\(count)")
    }
    strandPrecondition(perSampleWeights == nil || mode == .sum, "embeddingBag: perSampleWeights need mode .sum, as in PyTorch; got .\(mode)")
    strandPrecondition(perSampleWeights.map { $0.shape == [flat.count] } ?? true,
                       "embeddingBag: perSampleWeights \(perSampleWeights?.shape ?? []) must match the \(flat.count) ids")
    let rows = table.value.scalars, sampleWeights = perSampleWeights?.value.scalars
    // Per bag, the positions it reads (padding left out) and each one's factor.
    let members = bags.map { bag in bag.filter { flat[$0] != paddingIndex } }
    let factors = members.map { positions in
        positions.map { position -> Float in
            switch mode {
            case .sum: sampleWeights?[position] ?? 1
            case .mean: 1 / Float(positions.count)
            case .max: 1
            }
        }
    }
    var output = [Float](repeating: 0, count: bags.count * dimension)
    // Max mode: the position whose row holds each column's maximum, per bag.
    var winners = [Int](repeating: -1, count: bags.count * dimension)
    for (bag, positions) in members.enumerated() {
        for (position, factor) in zip(positions, factors[bag]) {
            let row = flat[position] * dimension
            for column in 0..<dimension {
                let value = rows[row + column], slot = bag * dimension + column
                if mode == .max {
                    if winners[slot] < 0 || value > output[slot] { (output[slot], winners[slot]) = (value, position) }
                } else {
                    output[slot] += factor * value
                }
            }
        }
    }
    let inputs = [table] + (perSampleWeights.map { [$0] } ?? [])
    return Variable.record("embedding_bag", inputs, Tensor(shape: [bags.count, dimension], scalars: output)) { g in
        let incoming = g.scalars
        var tableGradient = [Float](repeating: 0, count: count * dimension)
        var weightGradient = [Float](repeating: 0, count: flat.count)
        for (bag, positions) in members.enumerated() {
            for (position, factor) in zip(positions, factors[bag]) {
                let row = flat[position] * dimension
                for column in 0..<dimension {
                    let slot = bag * dimension + column
                    if mode == .max {
                        if winners[slot] == position { tableGradient[row + column] += incoming[slot] }
                    } else {
                        tableGradient[row + column] += factor * incoming[slot]
                        if sampleWeights != nil { weightGradient[position] += incoming[slot] * rows[row + column] }
                    }
                }
            }
        }
        let tableTensor = Tensor(shape: [count, dimension], scalars: tableGradient)
        return perSampleWeights == nil ? [tableTensor] : [tableTensor, Tensor(shape: [flat.count], scalars: weightGradient)]
    }
}

/// The positions of each bag: from each offset to the next (the last to `count`, or to the last
/// offset itself with `includeLastOffset`).
private func bagRanges(offsets: [Int], count: Int, includeLastOffset: Bool) -> [Range<Int>] {
    let ends = includeLastOffset ? Array(offsets.dropFirst()) : Array(offsets.dropFirst()) + [count]
    let starts = includeLastOffset ? Array(offsets.dropLast()) : offsets
    strandPrecondition(!starts.isEmpty && starts[0] == 0, "embeddingBag: offsets must start at 0, got \(offsets.prefix(5))")
    strandPrecondition(zip(starts, ends).allSatisfy { $0 <= $1 } && (ends.last ?? 0) <= count,
                       "embeddingBag: offsets \(offsets.prefix(8)) must increase and stay within the \(count) ids")
    return zip(starts, ends).map { $0..<$1 }
}
