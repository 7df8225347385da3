import Testing
@testable import Tensor

@Suite struct PrintingTests {
    @Test func matricesPrintLikePyTorchWithTheirShape() {
        #expect(Tensor([[1, 2], [3, 4]]).description == "tensor([[1., 2.],\n        [3., 4.]], shape=[2, 2])")
        #expect(Tensor([0.5, -1.25]).description == "tensor([ 0.5000, -1.2500], shape=[2])")
        #expect(Tensor(3.5).description == "tensor(3.5000)")
        #expect(Tensor([1e-5, 1]).description == "tensor([1.0000e-05, 1.0000e+00], shape=[2])")
        #expect(Tensor([.nan, 1]).description == "tensor([nan,  1.], shape=[2])")
        #expect(Tensor.zeros([0, 3]).description == "tensor([], shape=[0, 3])")
        #expect(IntTensor([[1, 20]]).description == "tensor([[ 1, 20]], shape=[1, 2])")
    }

    @Test func threeDimensionalBlocksAreSeparatedByABlankLine() {
        let cube = Tensor.arange(8).reshaped([2, 2, 2])
        #expect(cube.description == """
            tensor([[[0., 1.],
                     [2., 3.]],

                    [[4., 5.],
                     [6., 7.]]], shape=[2, 2, 2])
            """)
    }

    @Test func largeTensorsAreAbbreviated() {
        let text = Tensor.arange(1000, 3000).reshaped([2, 1000]).description
        #expect(text == "tensor([[1000., 1001., 1002.,  ..., 1997., 1998., 1999.],\n        [2000., 2001., 2002.,  ..., 2997., 2998., 2999.]], shape=[2, 1000])")
        // Magnitudes spanning more than three decades switch to scientific notation, as in PyTorch.
        #expect(Tensor.arange(2000).description == "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03, 1.9990e+03], shape=[2000])")
    }
}
