/// Where each time step's rows live when a batch of sequences is stored step after step, longest
/// sequences first, without padding (PyTorch's `PackedSequence` layout): step `t` holds the
/// `batchSizes[t]` sequences still running, at rows `offsets[t] ..< offsets[t] + batchSizes[t]`.
///
/// The layout also knows the padded tensor the caller holds — time-major `[T, B, width]` or
/// batch-first `[B, T, width]`, sequences in any order — so recurrent kernels read their input
/// from it and write their outputs and states into it directly: no transpose, sort or unsort copy.
/// Padding costs neither time nor memory, and the active batch shrinks as sequences end.
struct PackedLayout {
    /// The number of time steps (the longest length) and of sequences.
    let steps: Int
    let batch: Int
    /// Whether the padded tensor is `[B, T, width]` rather than `[T, B, width]`.
    let batchFirst: Bool
    /// `order[b]`: the batch index of the `b`-th longest sequence (ties keep their batch order).
    let order: [Int]
    /// Sequences per time step.
    let batchSizes: [Int]
    /// First packed row of each time step.
    let offsets: [Int]
    /// Packed rows in all: the sum of the lengths.
    let rows: Int

    /// The layout of sequences with `lengths` (each in `1...steps`, any order) in a padded tensor
    /// of `steps` time steps.
    init(lengths: [Int], steps: Int, batchFirst: Bool = false) {
        self.steps = steps
        batch = lengths.count
        self.batchFirst = batchFirst
        order = lengths.indices.sorted { lengths[$0] > lengths[$1] }
        var sizes: [Int] = [], starts: [Int] = []
        var total = 0
        var running = lengths.count
        for t in 0..<steps {
            while running > 0 && lengths[order[running - 1]] <= t { running -= 1 }
            starts.append(total)
            sizes.append(running)
            total += running
        }
        batchSizes = sizes
        offsets = starts
        rows = total
    }

    /// Whether some positions of the padded tensor lie past their sequence's end.
    var hasPadding: Bool { rows < steps * batch }

    /// The padded tensor's row (counting rows of `width`) holding step `t` of the `b`-th longest sequence.
    func paddedRow(step t: Int, sorted b: Int) -> Int {
        batchFirst ? order[b] * steps + t : t * batch + order[b]
    }

    /// Copies the valid rows of a padded tensor (rows of `width`) into packed `[rows, width]`.
    func pack(_ padded: UnsafePointer<Float>, width: Int, into packed: UnsafeMutablePointer<Float>) {
        for t in 0..<steps {
            for b in 0..<batchSizes[t] {
                (packed + (offsets[t] + b) * width).update(from: padded + paddedRow(step: t, sorted: b) * width, count: width)
            }
        }
    }

    /// Writes packed `[rows, width]` rows into a padded tensor of rows of `width`, leaving padded
    /// positions as they are.
    func unpack(_ packed: UnsafePointer<Float>, width: Int, into padded: UnsafeMutablePointer<Float>) {
        for t in 0..<steps {
            for b in 0..<batchSizes[t] {
                (padded + paddedRow(step: t, sorted: b) * width).update(from: packed + (offsets[t] + b) * width, count: width)
            }
        }
    }

    /// Copies per-sequence rows of `width` (a state `[B, width]` in batch order) into sorted order.
    func sortStates(_ states: UnsafePointer<Float>, width: Int, into sorted: UnsafeMutablePointer<Float>) {
        for b in 0..<batch { (sorted + b * width).update(from: states + order[b] * width, count: width) }
    }

    /// Copies sorted per-sequence rows of `width` back into batch order.
    func unsortStates(_ sorted: UnsafePointer<Float>, width: Int, into states: UnsafeMutablePointer<Float>) {
        for b in 0..<batch { (states + order[b] * width).update(from: sorted + b * width, count: width) }
    }
}
