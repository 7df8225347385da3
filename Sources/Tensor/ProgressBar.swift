import Foundation

/// A one-line terminal progress bar with elapsed time and an estimate of the time left, redrawn
/// in place: `tokenizing  [#########           ]  45% 15,000/33,530  3.1s < 3.8s`.
///
/// Thread-safe: ``update(_:detail:)`` may be called from worker threads (as tokenisation's progress
/// callback is). Redraws at most ten times a second; ``finish()`` prints the final line. When
/// standard error is not a terminal (a log file, CI), only the final line is written.
public final class ProgressBar: @unchecked Sendable {
    public let label: String
    public let total: Int
    private let width: Int
    private let start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var done = 0
    private var detail = ""
    private let output: (String) -> Void
    private let redraws: Bool

    /// A bar for `total` units of work drawn on standard error.
    public convenience init(_ label: String, total: Int, width: Int = 30) {
        self.init(label, total: total, width: width, redraws: isatty(STDERR_FILENO) != 0) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// A bar whose lines go to `output`; with `redraws` false only the final line is written.
    public init(_ label: String, total: Int, width: Int = 30, redraws: Bool = true, output: @escaping (String) -> Void) {
        self.label = label
        self.total = max(total, 1)
        self.width = width
        self.redraws = redraws
        self.output = output
    }

    /// Records that `done` units are finished (a running total, not an increment), with an
    /// optional `detail` shown after the times (a rate, a learning rate).
    public func update(_ done: Int, detail: String? = nil) {
        lock.lock()
        defer { lock.unlock() }
        self.done = max(self.done, min(done, total))
        if let detail { self.detail = detail }
        guard redraws, Date().timeIntervalSince(lastDraw) >= 0.1 || self.done == total else { return }
        lastDraw = Date()
        output("\r" + line())
    }

    /// Draws the completed bar and ends the line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        output((redraws ? "\r" : "") + line() + "\n")
    }

    /// The bar's text for the current state.
    func line() -> String {
        let fraction = Double(done) / Double(total)
        let filled = Int(fraction * Double(width))
        let elapsed = Date().timeIntervalSince(start)
        let remaining = done > 0 ? elapsed / fraction - elapsed : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        return "\(label)  [\(bar)] \(String(format: "%3d", Int(fraction * 100)))% \(done)/\(total)  \(String(format: "%.1f", elapsed))s < \(String(format: "%.1f", remaining))s"
            + (detail.isEmpty ? "" : "  " + detail)
    }
}
