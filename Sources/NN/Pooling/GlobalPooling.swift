// Pooling over the whole time axis of padded batches. Masks follow Strand's convention: 1 at
// valid positions, 0 at padding, broadcast against the input (`[B, T]` against `[B, T, C]` after
// unsqueezing, say).

import Autograd
import Tensor

/// The maximum over `axis` of the positions where `mask` is 1 (all positions when nil); padded
/// positions never win. Each slice needs at least one valid position.
public func globalMaxPool(_ x: Variable, axis: Int, mask: Tensor? = nil) -> Variable {
    guard let mask else { return x.max(axis: axis).values }
    let valid = mask.expanded(to: x.shape).sum(axis: axis)
    strandPrecondition(valid.count == 0 || valid.min().item > 0, "globalMaxPool: a slice along axis \(axis) has no valid position")
    return x.maskedFill(mask .== 0, value: -.infinity).max(axis: axis).values
}

/// The mean over `axis` of the positions where `mask` is 1 (all positions when nil).
public func globalMeanPool(_ x: Variable, axis: Int, mask: Tensor? = nil) -> Variable {
    guard let mask else { return x.mean(axis: axis) }
    let weights = mask.expanded(to: x.shape)
    return (x * Variable(weights)).sum(axis: axis) / Variable(weights.sum(axis: axis).clamped(min: 1))
}

/// fastai's masked concat pooling for a classifier head: for outputs `[B, T, C]` of sequences
/// with `lengths`, the concatenation `[B, 3C]` of the last valid output, the maximum and the mean
/// over valid positions. `padFirst` says the padding comes before the tokens (fastai's default for
/// classification), so the last valid output is at `T − 1`.
public func concatPool(_ outputs: Variable, lengths: [Int], padFirst: Bool = false) -> Variable {
    let (batch, steps) = (outputs.shape[0], outputs.shape[1])
    strandPrecondition(outputs.rank == 3 && lengths.count == batch && lengths.allSatisfy { (1...steps).contains($0) },
                       "concatPool: outputs must be [B, T, C] with B lengths in 1...T; got \(outputs.shape) and \(lengths)")
    return concatPool(outputs, mask: paddingMask(lengths: lengths, steps: steps, padFirst: padFirst))
}

/// The same for any layout of padding: `mask` `[B, T]` is 1 at tokens (at least one per row),
/// and the last output is taken at `lastPositions` (each row's last token by default).
public func concatPool(_ outputs: Variable, mask: Tensor, lastPositions: [Int]? = nil) -> Variable {
    let (batch, steps, channels) = (outputs.shape[0], outputs.shape[1], outputs.shape[2])
    strandPrecondition(outputs.rank == 3 && mask.shape == [batch, steps], "concatPool: outputs [B, T, C] need a [B, T] mask; got \(outputs.shape) and \(mask.shape)")
    let positions = lastPositions ?? (0..<batch).map { row in (0..<steps).last { mask[element: row, $0] != 0 } ?? -1 }
    strandPrecondition(positions.count == batch && positions.allSatisfy { (0..<steps).contains($0) },
                       "concatPool: each row needs a last position in 0..<\(steps) (a token in its mask); got \(positions)")
    let last = outputs.gather(axis: 1, IntTensor(shape: [batch, 1, channels], scalars: positions.flatMap { Array(repeating: $0, count: channels) }))
    let tokens = mask.unsqueezed(axis: 2)
    return Variable.concatenate([last.squeezed(axis: 1), globalMaxPool(outputs, axis: 1, mask: tokens), globalMeanPool(outputs, axis: 1, mask: tokens)], axis: 1)
}
