import StrandTestSupport
import Testing
@testable import Tensor

@Suite struct CreationTests {
    @Test func nestedArraysBecomeRowMajorTensors() {
        let matrix = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(matrix.shape == [2, 3])
        #expect(matrix.scalars == [1, 2, 3, 4, 5, 6])
        #expect(matrix[element: 1, 0] == 4)
        #expect(matrix[element: -1, -1] == 6)
        let cube = Tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
        #expect(cube.shape == [2, 2, 2])
        #expect(cube[element: 1, 0, 1] == 6)
        #expect(Tensor(3).shape == [])
        #expect(Tensor(3).item == 3)
    }

    @Test func filledTensors() {
        #expect(Tensor.zeros([2, 3]).scalars == [Float](repeating: 0, count: 6))
        #expect(Tensor.ones([4]).scalars == [1, 1, 1, 1])
        #expect(Tensor.full([2, 2], value: 7).scalars == [7, 7, 7, 7])
        #expect(Tensor.zeros([0, 5]).count == 0)
        #expect(Tensor.zeros([]).shape == [])
        #expect(Tensor.ones(like: Tensor([[1, 2]])).shape == [1, 2])
    }

    @Test func arangeMatchesPyTorch() {
        #expect(Tensor.arange(5).scalars == [0, 1, 2, 3, 4])
        #expect(Tensor.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(Tensor.arange(5, 0, step: -2).scalars == [5, 3, 1])
        #expect(Tensor.arange(3, 3).count == 0)
    }

    @Test func linspaceHitsBothEnds() {
        let values = Tensor.linspace(-1, 1, count: 5)
        #expect(values.scalars == [-1, -0.5, 0, 0.5, 1])
        #expect(Tensor.linspace(0, 0.3, count: 7).scalars.last == 0.3)
        #expect(Tensor.linspace(2, 3, count: 1).scalars == [2])
        #expect(Tensor.linspace(2, 3, count: 0).count == 0)
    }

    @Test func eyeIsIdentity() {
        #expect(Tensor.eye(3).scalars == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(Tensor.eye(2, 3).scalars == [1, 0, 0, 0, 1, 0])
        let x = randomTensor([3, 4])
        expectMatches(matmul(Tensor.eye(3), x), x, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    @Test func integerTensors() {
        let ids = IntTensor([[1, 2, 3], [4, 5, 6]])
        #expect(ids.shape == [2, 3])
        #expect(ids[element: 1, 2] == 6)
        #expect(ids.asFloat().scalars == [1, 2, 3, 4, 5, 6])
        #expect(Tensor([1.9, -1.9]).asInt().scalars == [1, -1])
        #expect(IntTensor.arange(0, 6, step: 2).scalars == [0, 2, 4])
        #expect((ids .== 2).scalars == [0, 1, 0, 0, 0, 0])
        #expect((ids .!= 2).scalars == [1, 0, 1, 1, 1, 1])
    }

    @Test func copiesAreIndependent() {
        var a = Tensor([1, 2, 3])
        let b = a
        a[element: 0] = 10
        #expect(a.scalars == [10, 2, 3])
        #expect(b.scalars == [1, 2, 3])
    }
}
