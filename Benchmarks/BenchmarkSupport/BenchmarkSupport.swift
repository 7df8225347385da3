// What every benchmark shares: its command-line options, the runtime report it prints first, and
// the timing of a repeated body.
import Foundation
import Tensor

/// The value after `name` on the command line (`--steps 20`), or nil.
public func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let flag = arguments.firstIndex(of: name), flag + 1 < arguments.count else { return nil }
    return arguments[flag + 1]
}

/// Applies `--threads N` when given and prints the runtime report, so no figure is recorded
/// without the kernels and threads that produced it.
public func startBenchmark() {
    if let threads = option("--threads").flatMap(Int.init) { Threading.setCount(threads) }
    print(RuntimeReport.current)
}

/// The median wall time of `body` in milliseconds over `repetitions` runs, after `warmUps` calls
/// that are not timed.
public func medianMilliseconds(repetitions: Int, warmUps: Int = 3, _ body: () -> Void) -> Double {
    for _ in 0..<warmUps { body() }
    let clock = ContinuousClock()
    let times = (0..<repetitions).map { _ -> Double in
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
    }
    return times.sorted()[times.count / 2]
}

/// The most memory the process has held at once so far (its peak resident set), in megabytes.
public func peakResidentMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
