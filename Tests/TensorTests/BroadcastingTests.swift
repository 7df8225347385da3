import StrandTestSupport
import Testing
@testable import Tensor

@Suite struct BroadcastingTests {
    static let shapePairs: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], [1]), ([2, 3], []), ([], [4]),
        ([4, 1], [1, 5]), ([3, 1, 2], [4, 1]), ([2, 1, 3, 1], [5, 1, 4]), ([1], [1]),
        ([0, 3], [3]), ([0], [1]), ([2, 0], [2, 1]), ([1, 1, 1], [7]),
    ]

    @Test(arguments: shapePairs)
    func binaryOperatorsMatchReferenceLoops(shapeA: [Int], shapeB: [Int]) {
        let a = randomTensor(shapeA, seed: 1)
        let b = randomTensor(shapeB, seed: 2) + 3  // keep division away from zero
        expectMatches(a + b, referenceBroadcast(a, b, +), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(a - b, referenceBroadcast(a, b, -), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(a * b, referenceBroadcast(a, b, *), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(a / b, referenceBroadcast(a, b, /), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(b - a, referenceBroadcast(b, a, -), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(maximum(a, b), referenceBroadcast(a, b, { max($0, $1) }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(a .< b, referenceBroadcast(a, b, { $0 < $1 ? 1 : 0 }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    @Test func broadcastShapeRules() throws {
        #expect(try broadcastShape([8, 1, 6, 1], [7, 1, 5]) == [8, 7, 6, 5])
        #expect(try broadcastShape([], []) == [])
        #expect(try broadcastShape([0], [1]) == [0])
        #expect(try broadcastShape([3], [1, 0, 1]) == [1, 0, 3])
    }

    @Test func incompatibleShapesNameTheOpAndBothShapes() {
        let message = shapeErrorMessage { () throws(ShapeError) in try broadcastShape([2, 3], [4], op: "+") }
        #expect(message == "+: shapes [2, 3] and [4] cannot be broadcast (axis 1: 3 vs 4)")
        #expect(shapeErrorMessage { () throws(ShapeError) in try broadcastShape([0], [2]) } != nil)
    }

    @Test func scalarOperands() {
        let x = Tensor([[1, 2], [3, 4]])
        #expect((x + 1).scalars == [2, 3, 4, 5])
        #expect((10 - x).scalars == [9, 8, 7, 6])
        #expect((x * 2).scalars == [2, 4, 6, 8])
        #expect((1 / Tensor([2, 4])).scalars == [0.5, 0.25])
        #expect((-x).scalars == [-1, -2, -3, -4])
        var y = x
        y += 1
        y *= Tensor([1, -1])
        #expect(y.scalars == [2, -3, 4, -5])
    }

    @Test func expandAndItsAdjoint() {
        let column = Tensor([[1], [2]])
        let expanded = column.expanded(to: [3, 2, 4])
        #expect(expanded.shape == [3, 2, 4])
        #expect(expanded.scalars == referenceBroadcast(column, Tensor.zeros([3, 2, 4]), { a, _ in a }).scalars)
        // Summing back over broadcast axes counts each element 3 × 4 times.
        #expect(expanded.summed(toShape: [2, 1]).scalars == [12, 24])
        #expect(expanded.summed(toShape: [4]).scalars == [9, 9, 9, 9])
        let g = randomTensor([2, 3, 4])
        expectMatches(g.summed(toShape: [3, 1]), g.sum(axis: 0).sum(axis: 1, keepDims: true), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(g.summed(toShape: []), g.sum(), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    @Test func largeTensorsTakeTheParallelPathWithTheSameResult() {
        let a = randomTensor([300, 1000], seed: 3)
        let b = randomTensor([1000], seed: 4)
        expectMatches(a + b, referenceBroadcast(a, b, +), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(a * a, referenceBroadcast(a, a, *), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }
}
