import Testing
@testable import Tensor

/// A tenth of the smallest normal float (2⁻¹²⁶).
private let denormal = Float.leastNormalMagnitude / 10

@Suite struct DenormalsTests {
    @Test func theScopeFlushesOnlyInsideAndRestoresTheThreadsMode() {
        guard Denormals.flushToZero else { print("skipped: STRAND_KEEP_DENORMALS is set"); return }
        #expect(!Denormals.areFlushedOnThisThread)
        let x = Tensor([denormal, 1])
        let inside = Denormals.withFlushToZero { () -> (Bool, Bool, Tensor) in
            let nested = Denormals.withFlushToZero { Denormals.areFlushedOnThisThread }
            return (Denormals.areFlushedOnThisThread, nested, x * 1)
        }
        #expect(inside.0 && inside.1)
        #expect(inside.2.scalars == [0, 1])               // the denormal input read as zero
        #expect(!Denormals.areFlushedOnThisThread)        // restored after the scope
        #expect((x * 1).scalars == [denormal, 1])         // outside it, IEEE arithmetic
    }

    @Test func parallelWorkersRunInTheModeOfTheCallingThread() {
        guard Denormals.flushToZero else { print("skipped: STRAND_KEEP_DENORMALS is set"); return }
        func workerModes() -> [Bool] {
            nonisolated(unsafe) var modes = [Bool](repeating: false, count: 8)
            Parallel.perform(iterations: 8) { index in modes[index] = Denormals.areFlushedOnThisThread }
            return modes
        }
        #expect(Denormals.withFlushToZero(workerModes) == Array(repeating: true, count: 8))
        #expect(workerModes() == Array(repeating: false, count: 8))  // workers give their mode back
    }
}

extension ThreadingTests {
    @Test func openBLASWorkersFollowTheCallersDenormalMode() {
        guard Denormals.flushToZero else { print("skipped: STRAND_KEEP_DENORMALS is set"); return }
        let original = Threading.count
        defer { Threading.setCount(original) }
        Threading.setCount(2)
        // 256×256×256 multiply-adds: large enough for OpenBLAS to split the rows over both threads.
        let n = 256
        let a = Tensor.full([n, n], value: denormal), b = Tensor.ones([n, n])
        let flushed = Denormals.withFlushToZero { matmul(a, b) }
        #expect(flushed.scalars.allSatisfy { $0 == 0 }, "\(flushed.scalars.filter { $0 != 0 }.count) outputs computed without flushing")
        let kept = matmul(a, b)
        #expect(kept.scalars.allSatisfy { $0 != 0 }, "\(kept.scalars.filter { $0 == 0 }.count) outputs flushed outside the scope")
    }
}
