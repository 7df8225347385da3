import Testing
@testable import Tensor

@Suite struct ProgressBarTests {
    @Test func drawsFractionCountsAndTimes() {
        final class Lines: @unchecked Sendable { var all: [String] = [] }
        let lines = Lines()
        let bar = ProgressBar("tokenizing", total: 200, width: 10) { lines.all.append($0) }
        bar.update(50)
        bar.update(200, detail: "812,000 words/s")
        bar.finish()
        #expect(lines.all.first?.hasPrefix("\rtokenizing  [##        ]  25% 50/200  ") == true)
        #expect(lines.all.last?.hasPrefix("\rtokenizing  [##########] 100% 200/200  ") == true)
        #expect(lines.all.last?.hasSuffix("  812,000 words/s\n") == true)
    }
}
