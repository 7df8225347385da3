import Autograd
import Tensor

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

/// Where a direction writes (forward) or reads (backward) its part of a layer's padded output:
/// rows of `stride` floats, of which its `H` columns start at `column` (forward direction first).
/// The two directions of a bidirectional layer touch disjoint column blocks of the same rows, which
/// is what lets them run on two threads over one buffer.
struct OutputColumns: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let stride: Int
    let column: Int

    /// The direction's `H` values in padded row `row`.
    func at(row: Int) -> UnsafeMutablePointer<Float> { base + row * stride + column }
}

/// One direction of one recurrent layer run through time on packed rows: the forward pass, which
/// keeps what backward needs, and the backward pass through time.
///
/// Per time step the forward pass makes one product (the hidden projection of the still-running
/// sequences) and one fused cell kernel call, both split over threads when the step is large; the
/// input projection of all steps is one product before the loop. The backward pass mirrors it and
/// leaves the per-step gate gradients in ``DirectionGradients``, from which the layer computes
/// each weight gradient with one product.
///
/// Memory: the history backward needs (each packed row's saved cell values and the hidden state it
/// started from) is allocated once, with the pass, and freed with it — when the graph node that
/// owns the pass is released after backward, or dropped. A pass that will never be
/// back-propagated (``keepsHistory`` false: evaluation, `withoutGradients`) keeps one step's worth.
/// Backward allocates nothing in the pass; its results live in a ``DirectionGradients`` the caller owns.
///
/// A class so the two directions of a bidirectional layer can run on two threads, each touching
/// only its own buffers.
final class DirectionPass: @unchecked Sendable {
    let cell: RecurrentCell
    let layout: PackedLayout
    let hiddenSize: Int
    let reverse: Bool
    let weights: DirectionWeights
    /// Whether every packed row's history is kept for backward.
    let keepsHistory: Bool

    /// `[rows, savedCount·H]` (or one step's rows): the cell's saved values per packed row.
    private let saved: UnsafeMutableBufferPointer<Float>
    /// `[rows, H]` (or one step's rows): the hidden state each packed row started from.
    private let previousHiddenBuffer: UnsafeMutableBufferPointer<Float>

    init(cell: RecurrentCell, layout: PackedLayout, hiddenSize: Int, reverse: Bool, weights: DirectionWeights, keepsHistory: Bool) {
        self.cell = cell
        self.layout = layout
        self.hiddenSize = hiddenSize
        self.reverse = reverse
        self.weights = weights
        self.keepsHistory = keepsHistory
        let historyRows = keepsHistory ? layout.rows : layout.batch
        saved = .allocate(capacity: historyRows * cell.savedCount * hiddenSize)
        previousHiddenBuffer = .allocate(capacity: historyRows * hiddenSize)
    }

    deinit {
        saved.deallocate()
        previousHiddenBuffer.deallocate()
    }

    /// `[rows, H]`: the hidden state each packed row started from (read by the weight gradients).
    var previousHidden: UnsafePointer<Float> {
        strandPrecondition(keepsHistory, "recurrent layer: backward through a pass run without gradients")
        return UnsafePointer(previousHiddenBuffer.baseAddress!)
    }

    /// The first row of step `t` in the history buffers: its packed row when the history is kept;
    /// otherwise every step reuses the first rows.
    private func historyRow(_ t: Int) -> Int { keepsHistory ? layout.offsets[t] : 0 }

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
    /// (`[B, H]` in batch order; zeros when nil), writing each step's hidden state into `output`
    /// and every sequence's final hidden (and cell) state into `finalHidden` (`finalCell`), `[B, H]`
    /// in batch order.
    ///
    /// Up to `threads` threads share the work: the input projection's product, and each step in two
    /// phases — the hidden projection split by columns, then the cell update split by rows.
    func forward(input: UnsafePointer<Float>, inputSize: Int, initialHidden: UnsafePointer<Float>?, initialCell: UnsafePointer<Float>?,
                 output: OutputColumns, finalHidden: UnsafeMutablePointer<Float>, finalCell: UnsafeMutablePointer<Float>?, threads: Int) {
        let (H, G, rows, batch) = (hiddenSize, gateWidth, layout.rows, layout.batch)
        let inputProjection = UnsafeMutableBufferPointer<Float>.allocate(capacity: rows * G)
        let hiddenProjection = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * G)
        let state = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * H)
        let cellState = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.hasCellState ? batch * H : 0)
        defer { for buffer in [inputProjection, hiddenProjection, state, cellState] { buffer.deallocate() } }
        startingStates(initialHidden, into: state.baseAddress!)
        if cell.hasCellState { startingStates(initialCell, into: cellState.baseAddress!) }

        // Input projections of every step at once: W_ih·x + b_ih.
        weights.input.withUnsafeBufferPointer { w in
            fillRows(inputProjection.baseAddress!, rows: rows, with: weights.inputBias, width: G)
            sgemm(input, false, w.baseAddress!, true, inputProjection.baseAddress!, m: rows, n: G, k: inputSize,
                  beta: weights.inputBias == nil ? 0 : 1, singleThreaded: threads == 1)
        }
        let order = timeOrder
        let buffers = ForwardBuffers(inputProjection: inputProjection.baseAddress!, hiddenProjection: hiddenProjection.baseAddress!,
                                     state: state.baseAddress!, cellState: cellState.baseAddress, output: output,
                                     hiddenWeight: packedHiddenWeight(transposed: true))
        // The first step starts from the initial states; `updateCells` hands each later one its own.
        (previousHiddenBuffer.baseAddress! + historyRow(order[0]) * H).update(from: state.baseAddress!, count: layout.batchSizes[order[0]] * H)
        let parts = stepParts(threads: threads)
        Lockstep.run(phases: 2 * order.count, parts: parts) { phase, part in
            let step = phase / 2
            if phase.isMultiple(of: 2) {
                self.projectHidden(at: order[step], buffers, part: part, of: parts)
            } else {
                self.updateCells(at: order[step], next: step + 1 < order.count ? order[step + 1] : nil, buffers, part: part, of: parts)
            }
        }
        layout.unsortStates(state.baseAddress!, width: H, into: finalHidden)
        if let finalCell { layout.unsortStates(cellState.baseAddress!, width: H, into: finalCell) }
    }

    /// The sorted `[B, H]` states a pass starts from: `initial` (batch order) sorted, or zeros.
    private func startingStates(_ initial: UnsafePointer<Float>?, into sorted: UnsafeMutablePointer<Float>) {
        if let initial {
            layout.sortStates(initial, width: hiddenSize, into: sorted)
        } else {
            sorted.initialize(repeating: 0, count: layout.batch * hiddenSize)
        }
    }

    /// Forward, first phase of step `t`: `part`'s columns of the hidden projection of the running
    /// sequences, W_hh·h + b_hh.
    private func projectHidden(at t: Int, _ buffers: ForwardBuffers, part: Int, of parts: Int) {
        let columns = buffers.hiddenWeight.columns(part: part, of: parts)
        fillRows(buffers.hiddenProjection, rows: layout.batchSizes[t], with: weights.hiddenBias, width: gateWidth, columns: columns)
        buffers.hiddenWeight.multiply(previousHiddenBuffer.baseAddress! + historyRow(t) * hiddenSize, rows: layout.batchSizes[t],
                                      into: buffers.hiddenProjection, beta: weights.hiddenBias == nil ? 0 : 1, part: part, of: parts)
    }

    /// Forward, second phase of step `t`: the cell update of `part`'s rows, their hidden states
    /// written to the output, and handed on as the state the `next` step starts from.
    ///
    /// Without history every step reuses the same rows; a part reads and then overwrites only its
    /// own rows, so that is safe.
    private func updateCells(at t: Int, next: Int?, _ buffers: ForwardBuffers, part: Int, of parts: Int) {
        let (H, G, active, first) = (hiddenSize, gateWidth, layout.batchSizes[t], historyRow(t))
        // In the reverse direction the next step may run more sequences; the new ones still hold
        // their initial state, which this part hands on too.
        let nextActive = next.map { layout.batchSizes[$0] } ?? 0
        let share = Parallel.share(of: max(active, nextActive), part: part, of: parts)
        let updated = share.clamped(to: 0..<active)
        if let row = updated.first {
            cell.forwardStep(rows: updated.count, hidden: H, inputProjection: buffers.inputProjection + (layout.offsets[t] + row) * G,
                             hiddenProjection: buffers.hiddenProjection + row * G, previousHidden: previousHiddenBuffer.baseAddress! + (first + row) * H,
                             cell: buffers.cellState.map { $0 + row * H }, saved: saved.baseAddress! + (first + row) * cell.savedCount * H,
                             hiddenOut: buffers.state + row * H)
            for b in updated {
                buffers.output.at(row: layout.paddedRow(step: t, sorted: b)).update(from: buffers.state + b * H, count: H)
            }
        }
        if let next, case let handedOn = share.clamped(to: 0..<nextActive), let row = handedOn.first {
            (previousHiddenBuffer.baseAddress! + (historyRow(next) + row) * H).update(from: buffers.state + row * H, count: handedOn.count * H)
        }
    }

    /// Back-propagates through time from the gradients of the output (nil: the output got none)
    /// and of the final states (`[B, H]` in batch order; nil: none), filling `gradients`, on up to
    /// `threads` threads like `forward`.
    func backward(gradOutput: OutputColumns?, gradFinalHidden: UnsafePointer<Float>?, gradFinalCell: UnsafePointer<Float>?,
                  into gradients: DirectionGradients, threads: Int) {
        strandPrecondition(keepsHistory, "recurrent layer: backward through a pass run without gradients")
        let (H, batch) = (hiddenSize, layout.batch)
        // dL/dh and dL/dc of the state each sequence will carry into the step being processed;
        // a sequence's entries start as the gradient of its final state.
        let total = UnsafeMutableBufferPointer<Float>.allocate(capacity: gradOutput == nil ? 0 : batch * H)
        let direct = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.separateHiddenGradient ? batch * H : 0)
        defer { for buffer in [total, direct] { buffer.deallocate() } }
        startingStates(gradFinalHidden, into: gradients.initialHidden.baseAddress!)
        if cell.hasCellState { startingStates(gradFinalCell, into: gradients.initialCell.baseAddress!) }
        let order = Array(timeOrder.reversed())
        let buffers = BackwardBuffers(gradOutput: gradOutput, gradHidden: gradients.initialHidden.baseAddress!,
                                      gradCell: cell.hasCellState ? gradients.initialCell.baseAddress! : nil,
                                      total: total.baseAddress, direct: direct.baseAddress,
                                      gradInputProjection: gradients.inputProjection.baseAddress!,
                                      gradHiddenProjection: gradients.hiddenProjection.baseAddress!,
                                      hiddenWeight: packedHiddenWeight(transposed: false))
        let parts = stepParts(threads: threads)
        Lockstep.run(phases: 2 * order.count, parts: parts) { phase, part in
            if phase.isMultiple(of: 2) {
                self.backPropagateCells(at: order[phase / 2], buffers, part: part, of: parts)
            } else {
                self.backPropagateHidden(at: order[phase / 2], buffers, part: part, of: parts)
            }
        }
    }

    /// Backward, first phase of step `t`: for `part`'s rows, the gate gradients from dL/dh (the
    /// carried part plus the step's output gradient, if any) and dL/dc.
    private func backPropagateCells(at t: Int, _ buffers: BackwardBuffers, part: Int, of parts: Int) {
        let (H, G, first) = (hiddenSize, gateWidth, layout.offsets[t])
        let share = Parallel.share(of: layout.batchSizes[t], part: part, of: parts)
        guard let row = share.first else { return }
        var gradHidden = buffers.gradHidden
        if let gradOutput = buffers.gradOutput, let total = buffers.total {
            for b in share {
                let stepGradient = gradOutput.at(row: layout.paddedRow(step: t, sorted: b))
                for k in 0..<H { total[b * H + k] = buffers.gradHidden[b * H + k] + stepGradient[k] }
            }
            gradHidden = total
        }
        cell.backwardStep(rows: share.count, hidden: H, saved: saved.baseAddress! + (first + row) * cell.savedCount * H,
                          previousHidden: previousHiddenBuffer.baseAddress! + (first + row) * H, gradHidden: gradHidden + row * H,
                          gradCell: buffers.gradCell.map { $0 + row * H }, gradInputProjection: buffers.gradInputProjection + (first + row) * G,
                          gradHiddenProjection: buffers.gradHiddenProjection + (first + row) * G,
                          // Only the GRU writes a direct part; the other cells ignore this pointer.
                          gradPreviousDirect: (buffers.direct ?? buffers.gradHidden) + row * H)
        if let direct = buffers.direct { (buffers.gradHidden + row * H).update(from: direct + row * H, count: share.count * H) }
    }

    /// Backward, second phase of step `t`: `part`'s columns of dL/dh_prev = (direct part, GRU
    /// only) + W_hhᵀ·(hidden-projection gradient).
    private func backPropagateHidden(at t: Int, _ buffers: BackwardBuffers, part: Int, of parts: Int) {
        buffers.hiddenWeight.multiply(buffers.gradHiddenProjection + layout.offsets[t] * gateWidth, rows: layout.batchSizes[t],
                                      into: buffers.gradHidden, beta: cell.separateHiddenGradient ? 1 : 0, part: part, of: parts)
    }
}

/// What one backward pass of a direction produces, owned by the layer's backward for the length of
/// that call: the gate gradients of every packed row and the gradients of the initial states.
final class DirectionGradients: @unchecked Sendable {
    /// `[rows, G·H]`: gradient of the input projection.
    let inputProjection: UnsafeMutableBufferPointer<Float>
    /// `[rows, G·H]`: gradient of the hidden projection — the same buffer unless the cell is a GRU.
    let hiddenProjection: UnsafeMutableBufferPointer<Float>
    /// `[B, H]` each, sorted order: the carried dL/dh and dL/dc, which end as the gradients of the
    /// initial states.
    let initialHidden: UnsafeMutableBufferPointer<Float>
    let initialCell: UnsafeMutableBufferPointer<Float>
    /// dL/db_ih: the column sums of the input-projection gradient (and dL/db_hh unless the cell
    /// is a GRU, so computed once for both).
    lazy var inputBias = columnSums(inputProjection.baseAddress!, rows: rows, width: gates)
    private let separate: Bool
    private let rows: Int
    private let gates: Int

    init(for pass: DirectionPass) {
        (rows, gates) = (pass.layout.rows, pass.cell.gateCount * pass.hiddenSize)
        let states = pass.layout.batch * pass.hiddenSize
        separate = pass.cell.separateHiddenGradient
        inputProjection = .allocate(capacity: rows * gates)
        hiddenProjection = separate ? .allocate(capacity: rows * gates) : inputProjection
        initialHidden = .allocate(capacity: states)
        initialCell = .allocate(capacity: pass.cell.hasCellState ? states : 0)
    }

    deinit {
        for buffer in [inputProjection, initialHidden, initialCell] { buffer.deallocate() }
        if separate { hiddenProjection.deallocate() }
    }
}

/// The buffers of one forward pass that the threads of a step share (each writes only its part).
private struct ForwardBuffers: @unchecked Sendable {
    /// `[rows, G·H]`, packed.
    let inputProjection: UnsafeMutablePointer<Float>
    /// `[B, G·H]`: the current step's.
    let hiddenProjection: UnsafeMutablePointer<Float>
    /// `[B, H]` each, sorted: the running hidden (and cell) states.
    let state: UnsafeMutablePointer<Float>
    let cellState: UnsafeMutablePointer<Float>?
    let output: OutputColumns
    let hiddenWeight: PackedMatrix
}

/// The buffers of one backward pass that the threads of a step share (each writes only its part).
private struct BackwardBuffers: @unchecked Sendable {
    let gradOutput: OutputColumns?
    /// `[B, H]` each, sorted: dL/dh and dL/dc carried into the step being processed.
    let gradHidden: UnsafeMutablePointer<Float>
    let gradCell: UnsafeMutablePointer<Float>?
    /// `[B, H]` each: scratch for the total dL/dh of a step (when the output has a gradient) and
    /// the GRU's direct part of dL/dh_prev.
    let total: UnsafeMutablePointer<Float>?
    let direct: UnsafeMutablePointer<Float>?
    /// `[rows, G·H]` each.
    let gradInputProjection: UnsafeMutablePointer<Float>
    let gradHiddenProjection: UnsafeMutablePointer<Float>
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

/// The sums of the columns of a `rows × width` matrix, row after row. (As a `1 × rows` product,
/// OpenBLAS repacks the whole matrix first: 0.7 ms for 2,048 × 512, several times this loop.)
func columnSums(_ matrix: UnsafePointer<Float>, rows: Int, width: Int) -> Tensor {
    Tensor(shape: [width]) { sums in
        let total = sums.baseAddress!
        total.initialize(repeating: 0, count: width)
        for row in 0..<rows {
            let values = matrix + row * width
            for column in 0..<width { total[column] += values[column] }
        }
    }
}
