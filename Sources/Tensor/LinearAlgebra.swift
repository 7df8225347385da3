import COpenBLAS

/// A failure of a numerical routine on the values it was given (thrown, since correct code can
/// meet such data).
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// LAPACK's SVD did not converge; `info` is LAPACK's count of superdiagonals that did not.
    case svdDidNotConverge(info: Int)
    /// The input held NaN or infinity, which LAPACK cannot decompose.
    case nonFiniteInput(op: String)

    public var description: String {
        switch self {
        case .svdDidNotConverge(let info): return "svd: LAPACK's sgesdd did not converge (\(info) superdiagonals)"
        case .nonFiniteInput(let op): return "\(op): the matrix contains NaN or infinity"
        }
    }
}

/// The matrix product of `a` and `b`, with optional transposes passed to BLAS as flags (no copy).
///
/// Shapes follow `torch.matmul` for ranks 1 to 3, with `K` the contracted size:
/// - `[M, K] · [K, N] → [M, N]`;
/// - `[B, M, K] · [B, K, N] → [B, M, N]` (batched), or with either side 2-D and shared by every batch;
/// - a rank-1 operand is a row (left) or column (right) vector whose axis is removed from the result.
///
/// `transposeA`/`transposeB` swap the last two axes of an operand before the product.
/// Runs on `cblas_sgemm`; the BLAS thread count follows ``Threading`` and the product's size.
///
/// - Precondition: the contracted sizes agree and batch sizes are equal.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let plan = requireShapes { () throws(ShapeError) in
        try MatmulPlan(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB)
    }
    guard plan.m > 0, plan.n > 0, plan.k > 0 else { return Tensor.zeros(plan.outputShape) }
    // With beta = 0 BLAS writes every output element without reading it: no zero-fill needed.
    return Tensor(shape: plan.outputShape) { output in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                if plan.canFoldBatches {
                    // A batch of row blocks times one shared matrix is a single taller product.
                    sgemm(pa.baseAddress!, false, pb.baseAddress!, transposeB, output.baseAddress!,
                          m: plan.batches * plan.m, n: plan.n, k: plan.k, beta: 0)
                    return
                }
                for batch in 0..<plan.batches {
                    sgemm(pa.baseAddress! + batch * plan.strideA, transposeA, pb.baseAddress! + batch * plan.strideB, transposeB,
                          output.baseAddress! + batch * plan.m * plan.n, m: plan.m, n: plan.n, k: plan.k, beta: 0)
                }
            }
        }
    }
}

/// `c ← a·b + beta·c` for row-major matrices, with optional transposes: the one place Strand calls
/// `cblas_sgemm`. Exposed so higher layers (recurrent kernels, gradient accumulation) reuse it on
/// their own buffers.
///
/// Products of at least `2²⁴` multiply-adds, with both output sides at least 16 long, use
/// ``Threading/count`` OpenBLAS threads; others run on the calling thread, where they are faster
/// (see `BLASThreads`).
///
/// - Parameters:
///   - a: `m×k` (or `k×m` when `transposeA`), rows contiguous.
///   - b: `k×n` (or `n×k` when `transposeB`), rows contiguous.
///   - c: `m×n`, rows contiguous.
///   - singleThreaded: stay on the calling thread, for callers that already run several
///     products in parallel (the two directions of a bidirectional layer).
package func sgemm(
    _ a: UnsafePointer<Float>, _ transposeA: Bool,
    _ b: UnsafePointer<Float>, _ transposeB: Bool,
    _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float, singleThreaded: Bool = false
) {
    guard m > 0, n > 0 else { return }
    let threads = singleThreaded || !BLASThreads.isWorthThreading(m: m, n: n, k: k) ? 1 : Threading.count
    BLASThreads.run(threads: threads) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }
}

/// The sizes of a (possibly batched) product, checked.
struct MatmulPlan {
    var m = 0, n = 0, k = 0
    var batches = 1
    /// Elements between consecutive batches of each operand (0 when it is shared).
    var strideA = 0, strideB = 0
    var outputShape: [Int] = []
    /// True when `a` is a batch of untransposed matrices and `b` is shared by all of them.
    var transposeA = false
    var canFoldBatches: Bool { batches > 1 && strideB == 0 && !transposeA }

    init(_ a: [Int], _ b: [Int], transposeA: Bool, transposeB: Bool) throws(ShapeError) {
        self.transposeA = transposeA
        // Built only when a check fails: formatting shapes costs more than a small product.
        func describe() -> String { "matmul: shapes \(Shape.describe(a)) and \(Shape.describe(b))" }
        guard (1...3).contains(a.count), (1...3).contains(b.count) else {
            throw ShapeError("\(describe()): operands must have rank 1, 2 or 3")
        }
        guard !(a.count == 1 && transposeA), !(b.count == 1 && transposeB) else {
            throw ShapeError("\(describe()): a rank-1 operand cannot be transposed")
        }
        // Rank-1 operands become a row (left) or a column (right) vector.
        let matrixA = a.count == 1 ? [1, a[0]] : a
        let matrixB = b.count == 1 ? [b[0], 1] : b
        let rowsA = matrixA[matrixA.count - 2], columnsA = matrixA[matrixA.count - 1]
        let rowsB = matrixB[matrixB.count - 2], columnsB = matrixB[matrixB.count - 1]
        (m, k) = transposeA ? (columnsA, rowsA) : (rowsA, columnsA)
        let contracted = transposeB ? columnsB : rowsB
        n = transposeB ? rowsB : columnsB
        guard k == contracted else {
            throw ShapeError("\(describe())\(transposeA ? " (a transposed)" : "")\(transposeB ? " (b transposed)" : ""): contracted sizes differ (\(k) vs \(contracted))")
        }
        let batchA = matrixA.count == 3 ? matrixA[0] : nil
        let batchB = matrixB.count == 3 ? matrixB[0] : nil
        if let batchA, let batchB, batchA != batchB {
            throw ShapeError("\(describe()): batch sizes differ (\(batchA) vs \(batchB))")
        }
        batches = batchA ?? batchB ?? 1
        strideA = batchA == nil ? 0 : rowsA * columnsA
        strideB = batchB == nil ? 0 : rowsB * columnsB
        outputShape = (batchA ?? batchB).map { [$0] } ?? []
        if a.count != 1 { outputShape.append(m) }
        if b.count != 1 { outputShape.append(n) }
    }
}

extension Tensor {
    /// The thin singular value decomposition `self = u · diag(s) · vt` of a matrix `[M, N]`
    /// (LAPACK `sgesdd`), with `s` descending. With `fullMatrices`, `u` is `[M, M]` and `vt` `[N, N]`;
    /// otherwise `[M, K]` and `[K, N]` with `K = min(M, N)`.
    ///
    /// - Throws: ``LinearAlgebraError`` when the matrix holds NaN/infinity or LAPACK does not converge.
    public func svd(fullMatrices: Bool = false) throws(LinearAlgebraError) -> (u: Tensor, s: Tensor, vt: Tensor) {
        strandPrecondition(rank == 2, "svd: needs a matrix, got shape \(Shape.describe(shape))")
        guard scalars.allSatisfy(\.isFinite) else { throw .nonFiniteInput(op: "svd") }
        let (m, n) = (shape[0], shape[1])
        let kept = Swift.min(m, n)
        let uColumns = fullMatrices ? m : kept
        let vtRows = fullMatrices ? n : kept
        var matrix = scalars
        var s = [Float](repeating: 0, count: kept)
        var u = [Float](repeating: 0, count: m * uColumns)
        var vt = [Float](repeating: 0, count: vtRows * n)
        if kept > 0 {
            var info: Int32 = 0
            BLASThreads.run(threads: Threading.count) {
                info = LAPACKE_sgesdd(
                    LAPACK_ROW_MAJOR, Int8(UInt8(ascii: fullMatrices ? "A" : "S")), Int32(m), Int32(n),
                    &matrix, Int32(n), &s, &u, Int32(uColumns), &vt, Int32(n))
            }
            guard info == 0 else { throw .svdDidNotConverge(info: Int(info)) }
        }
        return (Tensor(shape: [m, uColumns], scalars: u), Tensor(s), Tensor(shape: [vtRows, n], scalars: vt))
    }
}
