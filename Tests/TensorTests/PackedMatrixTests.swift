import Testing
@testable import Tensor

@Suite struct PackedMatrixTests {
    /// `a·b + beta·c` through a packed `b` (stored as `b` or as its transpose) against `matmul`.
    func packedProduct(_ a: Tensor, _ b: Tensor, storedTransposed: Bool, beta: Float, c: Tensor, singleThreaded: Bool = true) -> Tensor {
        let (rows, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let stored = storedTransposed ? b.transposed(0, 1) : b
        let packed = stored.withUnsafeBufferPointer {
            PackedMatrix($0.baseAddress!, k: k, n: n, leadingDimension: storedTransposed ? k : n, transposed: storedTransposed)
        }
        var result = c
        a.withUnsafeBufferPointer { a in
            result.withUnsafeMutableBufferPointer { packed.multiply(a.baseAddress!, rows: rows, into: $0.baseAddress!, beta: beta, singleThreaded: singleThreaded) }
        }
        return result
    }

    @Test func matchesMatmulForEveryBlockAndPanelEdge() {
        // Rows around the 4-row block, widths around the 8-, 24- and 64-column panels.
        for (rows, k, n) in [(1, 1, 1), (3, 5, 7), (4, 16, 64), (5, 33, 65), (9, 70, 150), (13, 128, 24), (32, 17, 200)] {
            let a = randomTensor([rows, k], seed: UInt64(rows)), b = randomTensor([k, n], seed: UInt64(n))
            let c = randomTensor([rows, n], seed: 99)
            for storedTransposed in [false, true] {
                expectClose(packedProduct(a, b, storedTransposed: storedTransposed, beta: 0, c: c), matmul(a, b), tolerance: 1e-5)
                expectClose(packedProduct(a, b, storedTransposed: storedTransposed, beta: 1, c: c), matmul(a, b) + c, tolerance: 1e-5)
            }
        }
    }

    @Test func splittingPanelsOverThreadsGivesTheSameResult() {
        // 16 × 1024 · 1024 × 1100: above the threading threshold, with a partial last panel.
        let a = randomTensor([16, 1024], seed: 1), b = randomTensor([1024, 1100], seed: 2), c = Tensor.zeros([16, 1100])
        let single = packedProduct(a, b, storedTransposed: true, beta: 0, c: c)
        #expect(packedProduct(a, b, storedTransposed: true, beta: 0, c: c, singleThreaded: false) == single)
        expectClose(single, matmul(a, b), tolerance: 1e-4)
    }
}
