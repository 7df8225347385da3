import Testing
@testable import Tensor

@Suite struct IndexingTests {
    let table = Tensor.arange(12).reshaped([4, 3])

    @Test func indexSelectIsAnEmbeddingLookup() {
        let ids = IntTensor([[3, 0], [1, 1]])
        let rows = table.indexSelect(ids)
        #expect(rows.shape == [2, 2, 3])
        #expect(rows.scalars == [9, 10, 11, 0, 1, 2, 3, 4, 5, 3, 4, 5])
        let columns = table.indexSelect(IntTensor([2, 0]), axis: 1)
        #expect(columns.shape == [4, 2])
        #expect(columns.scalars == [2, 0, 5, 3, 8, 6, 11, 9])
    }

    @Test func indexAddIsTheAdjointOfIndexSelect() {
        // ⟨indexSelect(t, i), g⟩ = ⟨t, indexAdd(0, i, g)⟩ for every t and g.
        let ids = IntTensor([[3, 0, 3], [1, 1, 2]])
        let t = randomTensor([4, 3], seed: 1)
        let g = randomTensor([2, 3, 3], seed: 2)
        let left = (t.indexSelect(ids) * g).sum().item
        let right = (t * Tensor.zeros([4, 3]).indexAdd(ids, g)).sum().item
        #expect(Swift.abs(left - right) < 1e-4)
        // Repeated indices accumulate.
        let counts = Tensor.zeros([3, 1]).indexAdd(IntTensor([0, 2, 0]), Tensor.ones([3, 1]))
        #expect(counts.scalars == [2, 0, 1])
    }

    @Test func gatherPicksOnePerRowAndScatterAddReturnsIt() {
        let logits = Tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
        let targets = IntTensor([[1], [0]])
        #expect(logits.gather(axis: 1, targets).scalars == [0.7, 0.5])
        let back = Tensor([[1], [2]]).scatterAdd(into: [2, 3], axis: 1, targets)
        #expect(back.scalars == [0, 1, 0, 2, 0, 0])
        let columns = logits.gather(axis: 0, IntTensor([[1, 0, 1]]))
        #expect(columns.scalars == [0.5, 0.7, 0.2])
    }

    @Test func outOfRangeIndicesNameIndexAxisAndBound() {
        let message = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedIndices([0, 7, 2], axis: 0, size: 4, op: "indexSelect") }
        #expect(message == "indexSelect: index 7 is out of range for axis 0 of size 4")
        #expect(shapeErrorMessage { () throws(ShapeError) in try Shape.checkedIndices([-1], axis: 1, size: 4, op: "gather") } != nil)
    }

    @Test func largeLookupsTakeTheParallelPath() {
        let big = randomTensor([1000, 64], seed: 3)
        let ids = IntTensor((0..<5000).map { ($0 * 7919) % 1000 })
        let rows = big.indexSelect(ids)
        for (i, id) in ids.scalars.enumerated() where i % 499 == 0 {
            #expect(rows[i] == big[id])
        }
    }
}
