#if canImport(Glibc)
import Glibc
import Testing
import Tensor

/// Minor page faults taken so far by the calling thread (other tests run on other threads).
private func threadPageFaults() -> Int {
    let rusageThread: __rusage_who_t = 1                          // RUSAGE_THREAD; Swift's Glibc hides it (_GNU_SOURCE)
    var usage = rusage()
    getrusage(rusageThread, &usage)
    return usage.ru_minflt
}

@Suite(.enabled(if: getenv("STRAND_MALLOC_DEFAULTS") == nil, "the run opted out of the tuning"))
struct AllocatorTuningTests {
    @Test func isAppliedWhenTheProcessLoads() {
        #expect(AllocatorTuning.keepsFreedMemory)
    }

    @Test func aFreedBufferIsReusedWithoutFreshPageFaults() {
        // 32 MiB, 8,192 pages of 4 KiB: below the 64 MiB that glibc's per-thread heaps can hold
        // (tests run off the main thread; larger buffers there are always mapped afresh).
        let count = 8 << 20
        do { let first = Tensor.zeros([count]); #expect(first.scalars.count == count) }
        let before = threadPageFaults()
        do { let second = Tensor.zeros([count]); #expect(second.scalars.count == count) }
        // glibc's defaults return the freed 32 MiB to the kernel, so the second buffer would fault
        // every page in again; kept in the heap, it faults none (a few for unrelated bookkeeping).
        #expect(threadPageFaults() - before < 1_000, "faults: \(threadPageFaults() - before)")
    }
}
#endif
