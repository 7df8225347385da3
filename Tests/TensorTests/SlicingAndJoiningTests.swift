import Testing
@testable import Tensor

@Suite struct SlicingAndJoiningTests {
    let x = Tensor.arange(24).reshaped([2, 3, 4])

    @Test func sliceAlongEachAxis() {
        #expect(x.slice(axis: 0, 1..<2).scalars == Array(12..<24).map(Float.init))
        #expect(x.slice(axis: 1, 1..<3).shape == [2, 2, 4])
        #expect(x.slice(axis: 1, 1..<3).scalars == (Array(4..<12) + Array(16..<24)).map(Float.init))
        #expect(x.slice(axis: -1, 0..<1).scalars == [0, 4, 8, 12, 16, 20])
        #expect(x.slice(axis: 2, 2..<2).shape == [2, 3, 0])
        #expect(x[1].shape == [3, 4])
        #expect(x[-1] == x[1])
        #expect(x[0..<1].shape == [1, 3, 4])
        #expect(x.select(axis: 2, index: 3).scalars == [3, 7, 11, 15, 19, 23])
        #expect(IntTensor([[1, 2], [3, 4], [5, 6]])[1..<3].scalars == [3, 4, 5, 6])
    }

    @Test func outOfRangeSlicesAndIndicesAreNamed() {
        let range = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedSlice([2, 3, 4], axis: 1, range: 2..<5, op: "slice") }
        #expect(range == "slice: range 2..<5 is out of bounds for axis 1 of size 3 (shape [2, 3, 4])")
        let index = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedIndex(5, axis: 0, size: 2, op: "select") }
        #expect(index == "select: index 5 is out of range for axis 0 of size 2")
    }

    @Test func concatenateAndStackMatchPyTorch() {
        let a = Tensor([[1, 2], [3, 4]])
        let b = Tensor([[5, 6]])
        #expect(Tensor.concatenate([a, b]).scalars == [1, 2, 3, 4, 5, 6])
        #expect(Tensor.concatenate([a, Tensor([[7], [8]])], axis: 1).scalars == [1, 2, 7, 3, 4, 8])
        #expect(Tensor.concatenate([a, Tensor.zeros([0, 2])]).shape == [2, 2])
        let stacked = Tensor.stack([a, a * 10], axis: 1)
        #expect(stacked.shape == [2, 2, 2])
        #expect(stacked.scalars == [1, 2, 10, 20, 3, 4, 30, 40])
        #expect(Tensor.stack([Tensor(1), Tensor(2)]).scalars == [1, 2])
        let ids = IntTensor.stack([IntTensor([1, 2]), IntTensor([3, 4])])
        #expect(ids.shape == [2, 2] && ids.scalars == [1, 2, 3, 4])
        #expect(IntTensor.concatenate([IntTensor([[1], [2]]), IntTensor([[3], [4]])], axis: 1).scalars == [1, 3, 2, 4])
        let mismatch = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedConcatenation([[2, 2], [1, 3]], axis: 0, op: "concatenate") }
        #expect(mismatch == "concatenate: tensor 1 has shape [1, 3] but tensor 0 has [2, 2]; only axis 0 may differ")
    }

    @Test func splitAndChunkInvertConcatenate() {
        let parts = x.split(sizes: [1, 2], axis: 1)
        #expect(parts.map(\.shape) == [[2, 1, 4], [2, 2, 4]])
        #expect(Tensor.concatenate(parts, axis: 1) == x)
        #expect(x.split(size: 3, axis: 2).map { $0.shape[2] } == [3, 1])
        // torch.chunk(arange(5), 3) → sizes 2, 2, 1; torch.chunk(arange(6), 4) → 2, 2, 2 (only three).
        #expect(Tensor.arange(5).chunked(3).map(\.count) == [2, 2, 1])
        #expect(Tensor.arange(6).chunked(4).map(\.count) == [2, 2, 2])
        #expect(Tensor.concatenate(x.chunked(2, axis: 2), axis: 2) == x)
    }

    @Test func padAddsValuesAroundOneAxis() {
        let m = Tensor([[1, 2], [3, 4]])
        #expect(m.padded(axis: 1, before: 1, after: 2, value: -1).scalars == [-1, 1, 2, -1, -1, -1, 3, 4, -1, -1])
        #expect(m.padded(axis: 0, before: 0, after: 1).scalars == [1, 2, 3, 4, 0, 0])
        #expect(Tensor.zeros([2, 0]).padded(axis: 1, before: 1, after: 0, value: 5).scalars == [5, 5])
        let ids = IntTensor([[7, 8, 9]]).padded(axis: 1, before: 2, after: 0, value: 1)
        #expect(ids.scalars == [1, 1, 7, 8, 9])
    }
}
