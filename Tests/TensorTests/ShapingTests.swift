import Testing
@testable import Tensor

@Suite struct ShapingTests {
    @Test func reshapeInfersOneSize() {
        let x = Tensor.arange(24).reshaped([2, 3, 4])
        #expect(x.reshaped([-1, 4]).shape == [6, 4])
        #expect(x.reshaped([4, -1]).shape == [4, 6])
        #expect(x.reshaped([-1]).scalars == x.scalars)
        #expect(Tensor.zeros([0, 3]).reshaped([3, -1]).shape == [3, 0])
        #expect(Tensor(5).reshaped([1, 1]).shape == [1, 1])
    }

    @Test func badReshapesAreNamed() {
        let wrongCount = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedReshape(count: 6, from: [2, 3], to: [4, 2], op: "reshaped") }
        #expect(wrongCount == "reshaped: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)")
        let twoUnknown = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedReshape(count: 6, from: [6], to: [-1, -1], op: "reshaped") }
        #expect(twoUnknown?.contains("at most one -1") == true)
        let indivisible = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedReshape(count: 6, from: [6], to: [4, -1], op: "reshaped") }
        #expect(indivisible == "reshaped: cannot reshape [6] (6 elements) to [4, -1]")
    }

    @Test func flattenSqueezeUnsqueeze() {
        let x = Tensor.zeros([2, 1, 3, 1])
        #expect(x.flattened().shape == [6])
        #expect(x.flattened(startAxis: 1).shape == [2, 3])
        #expect(x.flattened(startAxis: 1, endAxis: 2).shape == [2, 3, 1])
        #expect(x.squeezed().shape == [2, 3])
        #expect(x.squeezed(axis: -1).shape == [2, 1, 3])
        #expect(x.unsqueezed(axis: 0).shape == [1, 2, 1, 3, 1])
        #expect(x.unsqueezed(axis: -1).shape == [2, 1, 3, 1, 1])
        #expect(Tensor(2).flattened().shape == [1])
    }

    @Test(arguments: [[2, 0, 1], [1, 2, 0], [0, 2, 1], [2, 1, 0], [-1, 0, 1]])
    func permuteMovesEveryElement(order: [Int]) {
        let shape = [2, 3, 4]
        let x = Tensor.arange(24).reshaped(shape)
        let resolved = order.map { $0 < 0 ? $0 + 3 : $0 }
        let y = x.permuted(order)
        #expect(y.shape == resolved.map { shape[$0] })
        for flat in 0..<24 {
            let index = multiIndex(flat, in: y.shape)
            var source = [0, 0, 0]
            for (outputAxis, sourceAxis) in resolved.enumerated() { source[sourceAxis] = index[outputAxis] }
            #expect(y.scalars[flat] == x.scalars[flatPosition(source, in: shape)])
        }
    }

    @Test func transposes() {
        let m = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(m.transposed().scalars == [1, 4, 2, 5, 3, 6])
        #expect(m.transposed(0, 1) == m.transposed())
        #expect(Tensor.arange(24).reshaped([2, 3, 4]).transposed().shape == [2, 4, 3])
        let ids = IntTensor([[1, 2, 3], [4, 5, 6]])
        #expect(ids.transposed(0, 1).scalars == [1, 4, 2, 5, 3, 6])
        #expect(ids.reshaped([3, -1]).shape == [3, 2])
        let notPermutation = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedPermutation([0, 0], rank: 2, op: "permuted") }
        #expect(notPermutation == "permuted: [0, 0] is not a permutation of the 2 axes")
        let badAxis = shapeErrorMessage { () throws(ShapeError) in try Shape.checkedAxis(3, rank: 2, op: "sum") }
        #expect(badAxis == "sum: axis 3 is out of range for a tensor of rank 2 (valid: -2..<2)")
    }
}
