import StrandTestSupport
import Testing
@testable import Tensor

/// `a · b` for matrices by the textbook triple loop, in Double.
func referenceMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    var values = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var total = 0.0
            for p in 0..<k { total += Double(a.scalars[i * k + p]) * Double(b.scalars[p * n + j]) }
            values[i * n + j] = Float(total)
        }
    }
    return Tensor(shape: [m, n], scalars: values)
}

@Suite struct LinearAlgebraTests {
    @Test(arguments: [(1, 1, 1), (2, 3, 4), (5, 1, 7), (17, 33, 9), (64, 128, 32), (3, 0, 2)])
    func matmulWithEveryTransposeMatchesTheTripleLoop(m: Int, k: Int, n: Int) {
        let a = randomTensor([m, k], seed: 1)
        let b = randomTensor([k, n], seed: 2)
        let expected = referenceMatmul(a, b)
        expectMatches(matmul(a, b), expected, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(matmul(a.transposed(), b, transposeA: true), expected, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(matmul(a, b.transposed(), transposeB: true), expected, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(matmul(a.transposed(), b.transposed(), transposeA: true, transposeB: true), expected, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    @Test func batchedMatmulMatchesPerBatchProducts() {
        let a = randomTensor([3, 4, 5], seed: 3)
        let b = randomTensor([3, 5, 2], seed: 4)
        let shared = randomTensor([5, 6], seed: 5)
        let batched = matmul(a, b)
        #expect(batched.shape == [3, 4, 2])
        let sharedRight = matmul(a, shared)
        let sharedLeft = matmul(shared.transposed(), a.transposed(), transposeA: false, transposeB: false)
        #expect(sharedLeft.shape == [3, 6, 4])
        let transposedBoth = matmul(b, a, transposeA: true, transposeB: true)
        for batch in 0..<3 {
            expectMatches(batched[batch], referenceMatmul(a[batch], b[batch]), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
            expectMatches(sharedRight[batch], referenceMatmul(a[batch], shared), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
            expectMatches(sharedLeft[batch], referenceMatmul(shared.transposed(), a[batch].transposed()), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
            expectMatches(transposedBoth[batch], referenceMatmul(b[batch].transposed(), a[batch].transposed()), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        }
        // The shared right operand with the left transposed cannot fold batches: still per batch.
        let transposedLeft = matmul(a.transposed(), randomTensor([5, 3], seed: 6), transposeA: true)
        expectMatches(transposedLeft[1], referenceMatmul(a[1], randomTensor([5, 3], seed: 6)), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    @Test func vectorOperandsDropTheirAxis() {
        let m = Tensor([[1, 2], [3, 4], [5, 6]])
        #expect(matmul(m, Tensor([1, 1])).scalars == [3, 7, 11])
        #expect(matmul(m, Tensor([1, 1])).shape == [3])
        #expect(matmul(Tensor([1, 0, 1]), m).scalars == [6, 8])
        #expect(matmul(Tensor([1, 2]), Tensor([3, 4])).shape == [])
        #expect(matmul(Tensor([1, 2]), Tensor([3, 4])).item == 11)
    }

    @Test func misalignedShapesAreNamed() {
        let message = shapeErrorMessage { () throws(ShapeError) in try MatmulPlan([2, 3], [4, 5], transposeA: false, transposeB: false) }
        #expect(message == "matmul: shapes [2, 3] and [4, 5]: contracted sizes differ (3 vs 4)")
        let batch = shapeErrorMessage { () throws(ShapeError) in try MatmulPlan([2, 3, 4], [3, 4, 5], transposeA: false, transposeB: false) }
        #expect(batch == "matmul: shapes [2, 3, 4] and [3, 4, 5]: batch sizes differ (2 vs 3)")
        let rank = shapeErrorMessage { () throws(ShapeError) in try MatmulPlan([1, 2, 3, 4], [4, 5], transposeA: false, transposeB: false) }
        #expect(rank?.contains("rank 1, 2 or 3") == true)
    }

    @Test(arguments: [(4, 3), (3, 5), (6, 6)])
    func svdReconstructsWithOrthonormalFactors(m: Int, n: Int) throws {
        let x = randomTensor([m, n], seed: 8)
        let (u, s, vt) = try x.svd()
        let k = min(m, n)
        #expect(u.shape == [m, k] && s.shape == [k] && vt.shape == [k, n])
        expectMatches(matmul(u * s, vt), x, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(matmul(u, u, transposeA: true), Tensor.eye(k), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(matmul(vt, vt, transposeB: true), Tensor.eye(k), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        #expect(zip(s.scalars, s.scalars.dropFirst()).allSatisfy { $0 >= $1 })
        let full = try x.svd(fullMatrices: true)
        #expect(full.u.shape == [m, m] && full.vt.shape == [n, n])
        expectMatches(matmul(full.u, full.u, transposeA: true), Tensor.eye(m), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    @Test func svdThrowsOnNonFiniteInput() {
        #expect(throws: LinearAlgebraError.nonFiniteInput(op: "svd")) { try Tensor([[1, .nan], [0, 1]]).svd() }
        // Known singular values: a diagonal matrix's are its absolute entries, sorted.
        let s = try? Tensor([[0, 0, -2], [0, 5, 0]]).svd().s
        #expect(s?.scalars == [5, 2])
    }
}
