import CVectorMath

/// A `k × n` matrix packed once into column panels, for many products with left operands of few
/// rows: the per-time-step products of recurrent layers, `h·W_hhᵀ` forward and
/// `(gate gradients)·W_hh` backward.
///
/// BLAS packs its right operand again at every call; for a 16 × 1152 times 1152 × 4608 step of an
/// AWD-LSTM that packing costs more than the multiplication. Packing once per pass and streaming
/// the panels each step (C kernels for AVX-512, AVX2 and baseline x86-64) made the AWD stack's and
/// the LSTM-128's training steps faster than OpenBLAS's products (see `Benchmarks/README.md`).
public final class PackedMatrix: @unchecked Sendable {
    /// The contracted size (rows of the packed operand).
    public let k: Int
    /// The output width (columns of the packed operand).
    public let n: Int
    private let panels: UnsafeMutableBufferPointer<Float>
    private var panelCount: Int { (n + strand_panel_width() - 1) / strand_panel_width() }

    /// Packs the `k × n` matrix at `source` (rows `leadingDimension` apart), or with `transposed`
    /// the transpose of the row-major `n × k` matrix there (a weight stored `[out, in]`).
    public init(_ source: UnsafePointer<Float>, k: Int, n: Int, leadingDimension: Int, transposed: Bool) {
        strandPrecondition(k > 0 && n > 0, "PackedMatrix: sizes must be positive, got k \(k), n \(n)")
        (self.k, self.n) = (k, n)
        panels = .allocate(capacity: strand_packed_size(k, n))
        strand_pack_panels(k, n, source, leadingDimension, transposed ? 1 : 0, panels.baseAddress!)
    }

    deinit { panels.deallocate() }

    /// `c ← a·self + beta·c` for `rows` rows (`a` is `rows × k`, `c` is `rows × n`, both
    /// contiguous). Large products split the panels over ``Threading/count`` threads unless
    /// `singleThreaded`.
    public func multiply(_ a: UnsafePointer<Float>, rows: Int, into c: UnsafeMutablePointer<Float>, beta: Float,
                         singleThreaded: Bool = false) {
        guard rows > 0 else { return }
        let panelCount = self.panelCount
        let threads = singleThreaded || !BLASThreads.isWorthThreading(m: rows, n: n, k: k) ? 1 : min(Threading.count, panelCount)
        guard threads > 1 else {
            strand_packed_product(rows, k, n, a, k, panels.baseAddress!, beta, c, n, 0, panelCount)
            return
        }
        let (k, n, packed) = (k, n, UnsafePointer(panels.baseAddress!))
        nonisolated(unsafe) let (left, output) = (a, c)
        Parallel.perform(iterations: threads) { part in
            let first = part * panelCount / threads, end = (part + 1) * panelCount / threads
            strand_packed_product(rows, k, n, left, k, packed, beta, output, n, first, end)
        }
    }
}
