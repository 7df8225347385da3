import CVectorMath

/// A `k × n` matrix packed once into column panels, for many products with left operands of few
/// rows: the per-time-step products of recurrent layers, `h·W_hhᵀ` forward and
/// `(gate gradients)·W_hh` backward.
///
/// BLAS packs its right operand again at every call; for a 16 × 1152 times 1152 × 4608 step of an
/// AWD-LSTM that packing costs more than the multiplication. Packing once per pass and streaming
/// the panels each step (C kernels for AVX-512, AVX2 and baseline x86-64) made the AWD stack's and
/// the LSTM-128's training steps faster than OpenBLAS's products (see `Benchmarks/README.md`).
/// Threads split a product by column panels (``multiply(_:rows:into:beta:part:of:)``).
package final class PackedMatrix: @unchecked Sendable {
    /// The contracted size (rows of the packed operand).
    package let k: Int
    /// The output width (columns of the packed operand).
    package let n: Int
    private let panels: UnsafeMutableBufferPointer<Float>
    private var panelCount: Int { (n + Self.panelWidth - 1) / Self.panelWidth }

    /// Columns per panel on this CPU: 64 (AVX-512), 24 (AVX2 with FMA) or 8.
    package static var panelWidth: Int { strand_panel_width() }

    /// Packs the `k × n` matrix at `source` (rows `leadingDimension` apart), or with `transposed`
    /// the transpose of the row-major `n × k` matrix there (a weight stored `[out, in]`).
    package init(_ source: UnsafePointer<Float>, k: Int, n: Int, leadingDimension: Int, transposed: Bool) {
        strandPrecondition(k > 0 && n > 0, "PackedMatrix: sizes must be positive, got k \(k), n \(n)")
        (self.k, self.n) = (k, n)
        panels = .allocate(capacity: strand_packed_size(k, n))
        strand_pack_panels(k, n, source, leadingDimension, transposed ? 1 : 0, panels.baseAddress!)
    }

    deinit { panels.deallocate() }

    /// The output columns computed by `part` of `parts` (see ``multiply(_:rows:into:beta:part:of:)``):
    /// whole panels, split as evenly as they go.
    package func columns(part: Int, of parts: Int) -> Range<Int> {
        let panels = panelRange(part: part, of: parts), width = Self.panelWidth
        return Swift.min(n, panels.lowerBound * width)..<Swift.min(n, panels.upperBound * width)
    }

    /// `c ← a·self + beta·c` for `rows` rows (`a` is `rows × k`, `c` is `rows × n`, both
    /// contiguous), or with `parts` > 1 only the columns ``columns(part:of:)`` of `c`, so that
    /// threads can split a product between them.
    package func multiply(_ a: UnsafePointer<Float>, rows: Int, into c: UnsafeMutablePointer<Float>, beta: Float,
                         part: Int = 0, of parts: Int = 1) {
        let panels = panelRange(part: part, of: parts)
        guard rows > 0, !panels.isEmpty else { return }
        strand_packed_product(rows, k, n, a, k, self.panels.baseAddress!, beta, c, n, panels.lowerBound, panels.upperBound)
    }

    private func panelRange(part: Int, of parts: Int) -> Range<Int> {
        strandPrecondition(parts >= 1 && (0..<parts).contains(part), "PackedMatrix: part \(part) of \(parts) does not exist")
        return Parallel.share(of: panelCount, part: part, of: parts)
    }
}
