import Dispatch
import StrandTestSupport
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
        expectMatches(parallel.0, single.0, tolerance: 1e-4, absoluteTolerance: 1e-4, scale: .element)  // BLAS blocks differently per thread count
        #expect(parallel.1 == single.1)
        #expect(parallel.2 == single.2)
        #expect(parallel.3 == single.3)
    }
}

@Suite struct ConcurrentProductTests {
    @Test func productsOnTwoThreadsAtOnceMatchSerialOnes() {
        // The bidirectional recurrent layers call BLAS from two threads at once.
        let pairs = (0..<8).map { seed in (randomTensor([48, 64], seed: UInt64(seed)), randomTensor([64, 40], seed: UInt64(seed + 100))) }
        let serial = pairs.map { matmul($0.0, $0.1) }
        nonisolated(unsafe) var concurrent = [Tensor](repeating: Tensor(0), count: pairs.count)
        for _ in 0..<20 {
            DispatchQueue.concurrentPerform(iterations: pairs.count) { index in
                let (a, b) = pairs[index]
                let result = Tensor(shape: [48, 40]) { out in
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            sgemm(pa.baseAddress!, false, pb.baseAddress!, false, out.baseAddress!, m: 48, n: 40, k: 64, beta: 0, singleThreaded: true)
                        }
                    }
                }
                concurrent[index] = result
            }
            #expect(concurrent == serial)
        }
    }
}
