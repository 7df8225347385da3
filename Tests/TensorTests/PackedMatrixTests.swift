import StrandTestSupport
import Testing
@testable import Tensor

@Suite struct PackedMatrixTests {
    /// `a·b + beta·c` through a packed `b` (stored as `b` or as its transpose) against `matmul`.
    /// With `parts` > 1 the product is made part after part, each writing only its own columns.
    func packedProduct(_ a: Tensor, _ b: Tensor, storedTransposed: Bool, beta: Float, c: Tensor, parts: Int = 1) -> Tensor {
        let (rows, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let stored = storedTransposed ? b.transposed(0, 1) : b
        let packed = stored.withUnsafeBufferPointer {
            PackedMatrix($0.baseAddress!, k: k, n: n, leadingDimension: storedTransposed ? k : n, transposed: storedTransposed)
        }
        var result = c
        a.withUnsafeBufferPointer { a in
            result.withUnsafeMutableBufferPointer { c in
                for part in 0..<parts { packed.multiply(a.baseAddress!, rows: rows, into: c.baseAddress!, beta: beta, part: part, of: parts) }
            }
        }
        return result
    }

    @Test func matchesMatmulForEveryBlockAndPanelEdge() {
        // Rows around the 4-row block, widths around the 8-, 24- and 64-column panels.
        for (rows, k, n) in [(1, 1, 1), (3, 5, 7), (4, 16, 64), (5, 33, 65), (9, 70, 150), (13, 128, 24), (32, 17, 200)] {
            let a = randomTensor([rows, k], seed: UInt64(rows)), b = randomTensor([k, n], seed: UInt64(n))
            let c = randomTensor([rows, n], seed: 99)
            for storedTransposed in [false, true] {
                expectMatches(packedProduct(a, b, storedTransposed: storedTransposed, beta: 0, c: c), matmul(a, b), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
                expectMatches(packedProduct(a, b, storedTransposed: storedTransposed, beta: 1, c: c), matmul(a, b) + c, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
            }
        }
    }

    @Test func partsSplitTheColumnsIntoWholePanelsAndGiveTheSameResult() {
        // 16 × 1024 · 1024 × 1100: a partial last panel, and more parts than some widths have panels.
        let a = randomTensor([16, 1024], seed: 1), b = randomTensor([1024, 1100], seed: 2), c = randomTensor([16, 1100], seed: 3)
        let whole = packedProduct(a, b, storedTransposed: true, beta: 1, c: c)
        expectMatches(whole, matmul(a, b) + c, tolerance: 1e-3, absoluteTolerance: 1e-3, scale: .element)
        let packed = b.withUnsafeBufferPointer { PackedMatrix($0.baseAddress!, k: 1024, n: 1100, leadingDimension: 1100, transposed: false) }
        for parts in [2, 3, 7, 40] {
            #expect(packedProduct(a, b, storedTransposed: true, beta: 1, c: c, parts: parts) == whole, "\(parts) parts")
            let columns = (0..<parts).map { packed.columns(part: $0, of: parts) }
            #expect(columns.first?.lowerBound == 0 && columns.last?.upperBound == 1100)
            #expect(zip(columns, columns.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(columns.dropLast().allSatisfy { $0.upperBound % PackedMatrix.panelWidth == 0 })
        }
    }
}
