/// The weights of one direction of one recurrent layer, as values.
struct DirectionWeights {
    /// `[G·H, inputSize]`.
    let input: Tensor
    /// `[G·H, H]`.
    let hidden: Tensor
    /// `[G·H]` each, absent when the layer has no biases.
    let inputBias: Tensor?
    let hiddenBias: Tensor?
}

/// One direction of one recurrent layer run through time on packed rows: the forward pass, which
/// keeps what backward needs, and the backward pass through time.
///
/// Per time step the forward pass makes one product (the hidden projection of the still-running
/// sequences) and one fused cell kernel call, both split over threads when the step is large; the
/// input projection of all steps is one product before the loop. The backward pass mirrors it, and leaves the per-step gate gradients in two
/// packed buffers from which the layer computes every weight gradient with one product each.
///
/// A class so the two directions of a bidirectional layer can run on two threads, each touching
/// only its own buffers.
final class DirectionPass: @unchecked Sendable {
    let cell: RecurrentCell
    let layout: PackedLayout
    let hiddenSize: Int
    let reverse: Bool
    let weights: DirectionWeights

    /// `[rows, savedCount·H]`: the cell's saved values per packed row.
    private(set) var saved: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
    /// `[rows, H]`: the hidden state each packed row started from.
    private(set) var previousHidden: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
    /// `[rows, G·H]`: gradient of the input projection, after backward.
    private(set) var gradInputProjection: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
    /// `[rows, G·H]`: gradient of the hidden projection (the same buffer unless the cell is a GRU).
    private(set) var gradHiddenProjection: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
    /// `[B, H]` each: gradients of the initial states, after backward.
    private(set) var gradInitialHidden: [Float] = []
    private(set) var gradInitialCell: [Float] = []

    init(cell: RecurrentCell, layout: PackedLayout, hiddenSize: Int, reverse: Bool, weights: DirectionWeights) {
        self.cell = cell
        self.layout = layout
        self.hiddenSize = hiddenSize
        self.reverse = reverse
        self.weights = weights
    }

    deinit {
        for buffer in [saved, previousHidden, gradInputProjection] { buffer.deallocate() }
        if cell.separateHiddenGradient { gradHiddenProjection.deallocate() }
    }

    /// Time steps in processing order: the reverse direction starts at the end, and each sequence
    /// joins at its own last step, from its initial state.
    private var timeOrder: [Int] { reverse ? Array((0..<layout.steps).reversed()) : Array(0..<layout.steps) }

    private var gateWidth: Int { cell.gateCount * hiddenSize }

    /// Below this many multiply-adds per step's hidden projection (at the full batch) a time step
    /// stays on one thread. A phase boundary of ``Lockstep`` costs under a microsecond, so even
    /// a 32×128·128×512 step (2 M multiply-adds, about 25 µs) gains from a second thread.
    static let minimumSplitStepWork = 1 << 17

    /// Threads each time step is split over: all `threads` the pass may use when a step is large
    /// enough to gain from it, one otherwise.
    private func stepParts(threads: Int) -> Int {
        threads > 1 && layout.batch * gateWidth * hiddenSize >= Self.minimumSplitStepWork ? threads : 1
    }

    /// Runs the direction over `input` (`[rows, inputSize]`, packed) from the initial states
    /// (`[B, H]`), writing each step's hidden state into the padded output `[T + S, B, stride]` at
    /// `column`, and the final hidden (and cell) state of every sequence into rows `T` (and `T + 1`).
    ///
    /// Up to `threads` threads share the work: the input projection's product, and each step in two
    /// phases — the hidden projection split by columns, then the cell update split by rows.
    func forward(input: UnsafePointer<Float>, inputSize: Int, initialHidden: UnsafePointer<Float>, initialCell: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>, stride: Int, column: Int, threads: Int) {
        let (H, G, rows, batch) = (hiddenSize, gateWidth, layout.rows, layout.batch)
        saved = .allocate(capacity: rows * cell.savedCount * H)
        previousHidden = .allocate(capacity: rows * H)
        let inputProjection = UnsafeMutableBufferPointer<Float>.allocate(capacity: rows * G)
        let hiddenProjection = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * G)
        let state = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * H)
        let cellState = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.hasCellState ? batch * H : 0)
        defer { for buffer in [inputProjection, hiddenProjection, state, cellState] { buffer.deallocate() } }
        _ = state.initialize(from: UnsafeBufferPointer(start: initialHidden, count: batch * H))
        if let initialCell { _ = cellState.initialize(from: UnsafeBufferPointer(start: initialCell, count: batch * H)) }

        // Input projections of every step at once: W_ih·x + b_ih.
        weights.input.withUnsafeBufferPointer { w in
            fillRows(inputProjection.baseAddress!, rows: rows, with: weights.inputBias, width: G)
            sgemm(input, false, w.baseAddress!, true, inputProjection.baseAddress!, m: rows, n: G, k: inputSize,
                  beta: weights.inputBias == nil ? 0 : 1, singleThreaded: threads == 1)
        }
        let order = timeOrder
        let buffers = ForwardBuffers(inputProjection: inputProjection.baseAddress!, hiddenProjection: hiddenProjection.baseAddress!,
                                     state: state.baseAddress!, cellState: cellState.baseAddress, output: output, stride: stride,
                                     column: column, hiddenWeight: packedHiddenWeight(transposed: true))
        // The first step starts from the initial states; `updateCells` hands each later one its own.
        (previousHidden.baseAddress! + layout.offsets[order[0]] * H).update(from: state.baseAddress!, count: layout.batchSizes[order[0]] * H)
        let parts = stepParts(threads: threads)
        Lockstep.run(phases: 2 * order.count, parts: parts) { phase, part in
            let step = phase / 2
            if phase.isMultiple(of: 2) {
                self.projectHidden(at: order[step], buffers, part: part, of: parts)
            } else {
                self.updateCells(at: order[step], next: step + 1 < order.count ? order[step + 1] : nil, buffers, part: part, of: parts)
            }
        }
        copyRows(state.baseAddress!, count: batch, width: H, to: output + layout.steps * batch * stride + column, stride: stride)
        if cell.hasCellState {
            copyRows(cellState.baseAddress!, count: batch, width: H, to: output + (layout.steps + 1) * batch * stride + column, stride: stride)
        }
    }

    /// Forward, first phase of step `t`: `part`'s columns of the hidden projection of the running
    /// sequences, W_hh·h + b_hh.
    private func projectHidden(at t: Int, _ buffers: ForwardBuffers, part: Int, of parts: Int) {
        let (active, first) = (layout.batchSizes[t], layout.offsets[t])
        let columns = buffers.hiddenWeight.columns(part: part, of: parts)
        fillRows(buffers.hiddenProjection, rows: active, with: weights.hiddenBias, width: gateWidth, columns: columns)
        buffers.hiddenWeight.multiply(previousHidden.baseAddress! + first * hiddenSize, rows: active, into: buffers.hiddenProjection,
                                      beta: weights.hiddenBias == nil ? 0 : 1, part: part, of: parts)
    }

    /// Forward, second phase of step `t`: the cell update of `part`'s rows, their hidden states
    /// written to the output, and handed on as the state the `next` step starts from.
    private func updateCells(at t: Int, next: Int?, _ buffers: ForwardBuffers, part: Int, of parts: Int) {
        let (H, G, active, first) = (hiddenSize, gateWidth, layout.batchSizes[t], layout.offsets[t])
        // In the reverse direction the next step may run more sequences; the new ones still hold
        // their initial state, which this part hands on too.
        let nextActive = next.map { layout.batchSizes[$0] } ?? 0
        let share = Parallel.share(of: max(active, nextActive), part: part, of: parts)
        let updated = share.clamped(to: 0..<active)
        if let row = updated.first {
            cell.forwardStep(rows: updated.count, hidden: H, inputProjection: buffers.inputProjection + (first + row) * G,
                             hiddenProjection: buffers.hiddenProjection + row * G, previousHidden: previousHidden.baseAddress! + (first + row) * H,
                             cell: buffers.cellState.map { $0 + row * H }, saved: saved.baseAddress! + (first + row) * cell.savedCount * H,
                             hiddenOut: buffers.state + row * H)
            copyRows(buffers.state + row * H, count: updated.count, width: H,
                     to: buffers.output + (t * layout.batch + row) * buffers.stride + buffers.column, stride: buffers.stride)
        }
        if let next, case let handedOn = share.clamped(to: 0..<nextActive), let row = handedOn.first {
            (previousHidden.baseAddress! + (layout.offsets[next] + row) * H).update(from: buffers.state + row * H, count: handedOn.count * H)
        }
    }

    /// Back-propagates through time from the gradient of the padded output (same layout as
    /// `forward` wrote), filling the gate-gradient buffers and the initial-state gradients, on up to
    /// `threads` threads like `forward`.
    func backward(gradOutput: UnsafePointer<Float>, stride: Int, column: Int, threads: Int) {
        let (H, G, rows, batch) = (hiddenSize, gateWidth, layout.rows, layout.batch)
        gradInputProjection = .allocate(capacity: rows * G)
        gradHiddenProjection = cell.separateHiddenGradient ? .allocate(capacity: rows * G) : gradInputProjection
        // dL/dh and dL/dc of the state each sequence will carry into the step being processed;
        // a sequence's entries start as the gradient of its final state.
        let gradHidden = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * H)
        let gradCell = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.hasCellState ? batch * H : 0)
        let total = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * H)
        let direct = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * H)
        defer { for buffer in [gradHidden, gradCell, total, direct] { buffer.deallocate() } }
        gatherRows(gradOutput + layout.steps * batch * stride + column, count: batch, width: H, stride: stride, into: gradHidden.baseAddress!)
        if cell.hasCellState {
            gatherRows(gradOutput + (layout.steps + 1) * batch * stride + column, count: batch, width: H, stride: stride, into: gradCell.baseAddress!)
        }
        let order = Array(timeOrder.reversed())
        let buffers = BackwardBuffers(gradOutput: gradOutput, stride: stride, column: column, gradHidden: gradHidden.baseAddress!,
                                      gradCell: gradCell.baseAddress, total: total.baseAddress!, direct: direct.baseAddress!,
                                      hiddenWeight: packedHiddenWeight(transposed: false))
        let parts = stepParts(threads: threads)
        Lockstep.run(phases: 2 * order.count, parts: parts) { phase, part in
            if phase.isMultiple(of: 2) {
                self.backPropagateCells(at: order[phase / 2], buffers, part: part, of: parts)
            } else {
                self.backPropagateHidden(at: order[phase / 2], buffers, part: part, of: parts)
            }
        }
        gradInitialHidden = Array(gradHidden)
        gradInitialCell = Array(gradCell)
    }

    /// Backward, first phase of step `t`: for `part`'s rows, the gate gradients from dL/dh (the
    /// carried part plus the step's output gradient) and dL/dc.
    private func backPropagateCells(at t: Int, _ buffers: BackwardBuffers, part: Int, of parts: Int) {
        let (H, G, first) = (hiddenSize, gateWidth, layout.offsets[t])
        let share = Parallel.share(of: layout.batchSizes[t], part: part, of: parts)
        guard let row = share.first else { return }
        let stepGradient = buffers.gradOutput + t * layout.batch * buffers.stride + buffers.column
        for b in share {
            for k in 0..<H { buffers.total[b * H + k] = buffers.gradHidden[b * H + k] + stepGradient[b * buffers.stride + k] }
        }
        cell.backwardStep(rows: share.count, hidden: H, saved: saved.baseAddress! + (first + row) * cell.savedCount * H,
                          previousHidden: previousHidden.baseAddress! + (first + row) * H, gradHidden: buffers.total + row * H,
                          gradCell: buffers.gradCell.map { $0 + row * H }, gradInputProjection: gradInputProjection.baseAddress! + (first + row) * G,
                          gradHiddenProjection: gradHiddenProjection.baseAddress! + (first + row) * G,
                          gradPreviousDirect: buffers.direct + row * H)
        if cell.separateHiddenGradient { (buffers.gradHidden + row * H).update(from: buffers.direct + row * H, count: share.count * H) }
    }

    /// Backward, second phase of step `t`: `part`'s columns of dL/dh_prev = (direct part, GRU
    /// only) + W_hhᵀ·(hidden-projection gradient).
    private func backPropagateHidden(at t: Int, _ buffers: BackwardBuffers, part: Int, of parts: Int) {
        let (active, first) = (layout.batchSizes[t], layout.offsets[t])
        buffers.hiddenWeight.multiply(gradHiddenProjection.baseAddress! + first * gateWidth, rows: active, into: buffers.gradHidden,
                                      beta: cell.separateHiddenGradient ? 1 : 0, part: part, of: parts)
    }
}

/// The buffers of one forward pass that the threads of a step share (each writes only its part).
private struct ForwardBuffers: @unchecked Sendable {
    /// `[rows, G·H]`, packed.
    let inputProjection: UnsafeMutablePointer<Float>
    /// `[B, G·H]`: the current step's.
    let hiddenProjection: UnsafeMutablePointer<Float>
    /// `[B, H]` each: the running hidden (and cell) states.
    let state: UnsafeMutablePointer<Float>
    let cellState: UnsafeMutablePointer<Float>?
    let output: UnsafeMutablePointer<Float>
    let stride: Int
    let column: Int
    let hiddenWeight: PackedMatrix
}

/// The buffers of one backward pass that the threads of a step share (each writes only its part).
private struct BackwardBuffers: @unchecked Sendable {
    let gradOutput: UnsafePointer<Float>
    let stride: Int
    let column: Int
    /// `[B, H]` each: dL/dh and dL/dc carried into the step being processed.
    let gradHidden: UnsafeMutablePointer<Float>
    let gradCell: UnsafeMutablePointer<Float>?
    /// `[B, H]` each: scratch for the total dL/dh of a step and the GRU's direct part of dL/dh_prev.
    let total: UnsafeMutablePointer<Float>
    let direct: UnsafeMutablePointer<Float>
    let hiddenWeight: PackedMatrix
}

extension DirectionPass {
    /// `W_hh` (`[G·H, H]`) packed for the per-step products: transposed for the forward
    /// projection `h·W_hhᵀ`, as it is for the backward `(gate gradients)·W_hh`. Packed once per
    /// pass instead of once per step, as a BLAS call would.
    fileprivate func packedHiddenWeight(transposed: Bool) -> PackedMatrix {
        let (G, H) = (gateWidth, hiddenSize)
        return weights.hidden.withUnsafeBufferPointer { w in
            PackedMatrix(w.baseAddress!, k: transposed ? H : G, n: transposed ? G : H, leadingDimension: H, transposed: transposed)
        }
    }
}

/// Writes `bias` (or nothing) into `columns` (all by default) of each of `rows` rows of `width`.
func fillRows(_ destination: UnsafeMutablePointer<Float>, rows: Int, with bias: Tensor?, width: Int, columns: Range<Int>? = nil) {
    guard let bias else { return }
    let columns = columns ?? 0..<width
    bias.withUnsafeBufferPointer { values in
        for row in 0..<rows {
            (destination + row * width + columns.lowerBound).update(from: values.baseAddress! + columns.lowerBound, count: columns.count)
        }
    }
}

/// Copies `count` contiguous rows of `width` to rows `stride` apart.
func copyRows(_ source: UnsafePointer<Float>, count: Int, width: Int, to destination: UnsafeMutablePointer<Float>, stride: Int) {
    for row in 0..<count { (destination + row * stride).update(from: source + row * width, count: width) }
}

/// Copies `count` rows of `width`, `stride` apart, into contiguous rows.
func gatherRows(_ source: UnsafePointer<Float>, count: Int, width: Int, stride: Int, into destination: UnsafeMutablePointer<Float>) {
    for row in 0..<count { (destination + row * width).update(from: source + row * stride, count: width) }
}
