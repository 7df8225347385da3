import Testing
@testable import Tensor

@Suite struct LockstepTests {
    /// Each part of a phase sums what every part wrote in the phase before: any part that ran
    /// early, late or twice changes the totals.
    func lockstepTotals(phases: Int, parts: Int) -> [Int] {
        let buffers = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * parts)
        defer { buffers.deallocate() }
        buffers.initialize(repeating: 1)
        nonisolated(unsafe) let values = buffers.baseAddress!
        Lockstep.run(phases: phases, parts: parts) { phase, part in
            let previous = values + (phase % 2) * parts, next = values + (1 - phase % 2) * parts
            next[part] = (0..<parts).reduce(0) { $0 + previous[$1] } % 1_000_003 + part
        }
        return Array(UnsafeBufferPointer(start: values + (phases % 2) * parts, count: parts))
    }

    func serialTotals(phases: Int, parts: Int) -> [Int] {
        var values = [Int](repeating: 1, count: parts)
        for _ in 0..<phases {
            let sum = values.reduce(0, +) % 1_000_003
            values = (0..<parts).map { sum + $0 }
        }
        return values
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyPhaseSeesAllOfThePreviousOne(parts: Int) {
        for phases in [0, 1, 2, 500] {
            #expect(lockstepTotals(phases: phases, parts: parts) == serialTotals(phases: phases, parts: parts), "\(phases) phases")
        }
    }

    @Test func partsRunInTheCallersDenormalMode() {
        Denormals.withFlushToZero {
            let flushed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 4)
            defer { flushed.deallocate() }
            nonisolated(unsafe) let results = flushed.baseAddress!
            Lockstep.run(phases: 50, parts: 4) { _, part in results[part] = Denormals.areFlushedOnThisThread }
            #expect(flushed.allSatisfy { $0 })
        }
    }
}
