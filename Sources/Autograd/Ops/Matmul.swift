import Tensor

/// The matrix product of variables, batched like `matmul(_:_:transposeA:transposeB:)` on tensors
/// (ranks 1 to 3; transposes are BLAS flags, never copies).
///
/// With `C = op(A)·op(B)` and output gradient `G`: `∂op(A) = G·op(B)ᵀ` and `∂op(B) = op(A)ᵀ·G`,
/// each expressed as one more product with flags. An operand shared by every batch receives the
/// sum over batches; when the batched operand is untransposed that sum is a single product over the
/// flattened batch.
public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
    // Vectors take part as one-row / one-column matrices, whose extra axis is then removed.
    if a.rank == 1 { return matmul(a.unsqueezed(axis: 0), b, transposeB: transposeB).squeezed(axis: -2) }
    if b.rank == 1 { return matmul(a, b.unsqueezed(axis: 1), transposeA: transposeA).squeezed(axis: -1) }
    let (x, y) = (a.value, b.value)
    return Variable.record("matmul", [a, b], matmul(x, y, transposeA: transposeA, transposeB: transposeB)) { g, needs in
        [needs[0] ? matmulGradientLeft(g, y, transposeA: transposeA, transposeB: transposeB, shape: x.shape) : nil,
         needs[1] ? matmulGradientRight(g, x, transposeA: transposeA, transposeB: transposeB, shape: y.shape) : nil]
    }
}

/// ∂A for `C = op(A)·op(B)`.
private func matmulGradientLeft(_ g: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, shape: [Int]) -> Tensor {
    let full = transposeA
        ? matmul(b, g, transposeA: transposeB, transposeB: true)
        : matmul(g, b, transposeB: !transposeB)
    return full.rank > shape.count ? full.sum(axis: 0) : full
}

/// ∂B for `C = op(A)·op(B)`.
private func matmulGradientRight(_ g: Tensor, _ a: Tensor, transposeA: Bool, transposeB: Bool, shape: [Int]) -> Tensor {
    if shape.count == 2 && a.rank == 3 && !transposeA {
        // B is shared by every batch and A is untransposed: fold the batch into the rows.
        let rows = a.reshaped([-1, a.shape[2]])
        let gradients = g.reshaped([-1, g.shape[2]])
        return transposeB ? matmul(gradients, rows, transposeA: true) : matmul(rows, gradients, transposeA: true)
    }
    let full = transposeB
        ? matmul(g, a, transposeA: true, transposeB: transposeA)
        : matmul(a, g, transposeA: !transposeA)
    return full.rank > shape.count ? full.sum(axis: 0) : full
}
