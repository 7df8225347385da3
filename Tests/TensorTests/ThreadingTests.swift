import Testing
@testable import Tensor

@Suite(.serialized) struct ThreadingTests {
    @Test func resultsDoNotDependOnTheThreadCount() {
        let a = randomTensor([512, 700], seed: 1)
        let b = randomTensor([700, 300], seed: 2)
        let original = Threading.count
        defer { Threading.setCount(original) }
        Threading.setCount(1)
        let single = (matmul(a, b), exp(a), a.sum(axis: 1), a.softmax())
        Threading.setCount(2)
        #expect(Threading.count == 2)
        let parallel = (matmul(a, b), exp(a), a.sum(axis: 1), a.softmax())
        expectClose(parallel.0, single.0, tolerance: 1e-4)  // BLAS blocks differently per thread count
        #expect(parallel.1 == single.1)
        #expect(parallel.2 == single.2)
        #expect(parallel.3 == single.3)
    }
}
