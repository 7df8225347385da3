/// Where each time step's rows live when a batch of sequences, sorted by decreasing length, is
/// stored step after step without padding (PyTorch's `PackedSequence` layout): step `t` holds the
/// `batchSizes[t]` sequences still running, at rows `offsets[t] ..< offsets[t] + batchSizes[t]`.
///
/// Recurrent kernels work on packed rows so padding costs neither time nor memory, and the active
/// batch shrinks as sequences end.
struct PackedLayout {
    /// Sequence lengths, sorted in decreasing order.
    let lengths: [Int]
    /// The number of time steps (the longest length).
    let steps: Int
    /// Sequences per time step.
    let batchSizes: [Int]
    /// First packed row of each time step.
    let offsets: [Int]
    /// Packed rows in all: the sum of the lengths.
    let rows: Int

    var batch: Int { lengths.count }

    /// The layout of sequences with `sortedLengths` in a padded tensor of `steps` time steps.
    init(sortedLengths: [Int], steps: Int) {
        lengths = sortedLengths
        self.steps = steps
        var sizes: [Int] = []
        var starts: [Int] = []
        var total = 0
        var running = sortedLengths.count
        for t in 0..<steps {
            while running > 0 && sortedLengths[running - 1] <= t { running -= 1 }
            starts.append(total)
            sizes.append(running)
            total += running
        }
        batchSizes = sizes
        offsets = starts
        rows = total
    }

    /// Copies the rows of valid time steps from a padded time-major `[steps, batch, width]` buffer
    /// (rows `stride` apart, starting at `column`) into packed `[rows, width]`.
    func pack(_ padded: UnsafePointer<Float>, stride: Int, column: Int = 0, width: Int, into packed: UnsafeMutablePointer<Float>) {
        for t in 0..<steps {
            for b in 0..<batchSizes[t] {
                (packed + (offsets[t] + b) * width).update(from: padded + (t * batch + b) * stride + column, count: width)
            }
        }
    }

    /// Writes packed `[rows, width]` rows into a padded time-major buffer (rows `stride` apart,
    /// starting at `column`), leaving padded positions as they are.
    func unpack(_ packed: UnsafePointer<Float>, width: Int, into padded: UnsafeMutablePointer<Float>, stride: Int, column: Int = 0) {
        for t in 0..<steps {
            for b in 0..<batchSizes[t] {
                (padded + (t * batch + b) * stride + column).update(from: packed + (offsets[t] + b) * width, count: width)
            }
        }
    }
}
