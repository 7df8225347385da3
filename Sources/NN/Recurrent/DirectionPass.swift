import Autograd
import Tensor

/// The weights of one direction of one recurrent layer, as values (S: the state size, see
/// ``DirectionPass/stateSize``).
struct DirectionWeights {
    /// `[G·H, inputSize]`.
    let input: Tensor
    /// `[G·H, S]`.
    let hidden: Tensor
    /// `[G·H]` each, absent when the layer has no biases.
    let inputBias: Tensor?
    let hiddenBias: Tensor?
    /// `[S, H]`: the LSTM's output projection `weight_hr`, absent without `projSize`.
    let projection: Tensor?
}

/// Where a direction writes (forward) or reads (backward) its part of a layer's padded output:
/// rows of `stride` floats, of which its `S` columns start at `column` (forward direction first).
/// The two directions of a bidirectional layer touch disjoint column blocks of the same rows, which
/// is what lets them run on two threads over one buffer.
struct OutputColumns: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let stride: Int
    let column: Int

    /// The direction's `S` values in padded row `row`.
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
/// An LSTM with projections carries hidden states of S = `projSize` values: each step's cell output
/// `o⊙tanh(c)` (H values) is multiplied by `W_hrᵀ` in the cell phase, by the rows that computed it,
/// and backward takes dL/dh back through the same product before the cell's own backward.
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
    /// H: the width of the gates and of the cell state.
    let hiddenSize: Int
    /// S: the width of the hidden state `h` — the projection's size for an LSTM with `projSize`,
    /// H otherwise.
    let stateSize: Int
    let reverse: Bool
    let weights: DirectionWeights
    /// Whether every packed row's history is kept for backward.
    let keepsHistory: Bool

    /// `[rows, savedCount·H]` (or one step's rows): the cell's saved values per packed row.
    private let saved: UnsafeMutableBufferPointer<Float>
    /// `[rows, S]` (or one step's rows): the hidden state each packed row started from.
    private let previousHiddenBuffer: UnsafeMutableBufferPointer<Float>
    /// `[rows, H]` (or one step's rows), with a projection only: each row's `o⊙tanh(c)`.
    private let cellOutputBuffer: UnsafeMutableBufferPointer<Float>

    init(cell: RecurrentCell, layout: PackedLayout, hiddenSize: Int, reverse: Bool, weights: DirectionWeights, keepsHistory: Bool) {
        self.cell = cell
        self.layout = layout
        self.hiddenSize = hiddenSize
        self.stateSize = weights.hidden.shape[1]
        self.reverse = reverse
        self.weights = weights
        self.keepsHistory = keepsHistory
        let historyRows = keepsHistory ? layout.rows : layout.batch
        saved = .allocate(capacity: historyRows * cell.savedCount * hiddenSize)
        previousHiddenBuffer = .allocate(capacity: historyRows * stateSize)
        cellOutputBuffer = .allocate(capacity: weights.projection == nil ? 0 : historyRows * hiddenSize)
    }

    deinit {
        for buffer in [saved, previousHiddenBuffer, cellOutputBuffer] { buffer.deallocate() }
    }

    /// `[rows, S]`: the hidden state each packed row started from (read by the weight gradients).
    var previousHidden: UnsafePointer<Float> {
        strandPrecondition(keepsHistory, "recurrent layer: backward through a pass run without gradients")
        return UnsafePointer(previousHiddenBuffer.baseAddress!)
    }

    /// `[rows, H]`, with a projection: each packed row's `o⊙tanh(c)` (read by dL/dW_hr).
    var cellOutput: UnsafePointer<Float> {
        strandPrecondition(keepsHistory, "recurrent layer: backward through a pass run without gradients")
        return UnsafePointer(cellOutputBuffer.baseAddress!)
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
        threads > 1 && layout.batch * gateWidth * stateSize >= Self.minimumSplitStepWork ? threads : 1
    }

    /// Runs the direction over `input` (`[rows, inputSize]`, packed) from the initial states
    /// (`[B, S]` and `[B, H]` in batch order; zeros when nil), writing each step's hidden state into
    /// `output` and every sequence's final hidden (and cell) state into `finalHidden` (`finalCell`),
    /// `[B, S]` (`[B, H]`) in batch order.
    ///
    /// Up to `threads` threads share the work: the input projection's product, and each step in two
    /// phases — the hidden projection split by columns, then the cell update split by rows.
    func forward(input: UnsafePointer<Float>, inputSize: Int, initialHidden: UnsafePointer<Float>?, initialCell: UnsafePointer<Float>?,
                 output: OutputColumns, finalHidden: UnsafeMutablePointer<Float>, finalCell: UnsafeMutablePointer<Float>?, threads: Int) {
        let (H, S, G, rows, batch) = (hiddenSize, stateSize, gateWidth, layout.rows, layout.batch)
        let inputProjection = UnsafeMutableBufferPointer<Float>.allocate(capacity: rows * G)
        let hiddenProjection = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * G)
        let state = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * S)
        let cellState = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.hasCellState ? batch * H : 0)
        defer { for buffer in [inputProjection, hiddenProjection, state, cellState] { buffer.deallocate() } }
        startingStates(initialHidden, width: S, into: state.baseAddress!)
        if cell.hasCellState { startingStates(initialCell, width: H, into: cellState.baseAddress!) }

        // Input projections of every step at once: W_ih·x + b_ih.
        weights.input.withUnsafeBufferPointer { w in
            fillRows(inputProjection.baseAddress!, rows: rows, with: weights.inputBias, width: G)
            sgemm(input, false, w.baseAddress!, true, inputProjection.baseAddress!, m: rows, n: G, k: inputSize,
                  beta: weights.inputBias == nil ? 0 : 1, singleThreaded: threads == 1)
        }
        let order = timeOrder
        let buffers = ForwardBuffers(inputProjection: inputProjection.baseAddress!, hiddenProjection: hiddenProjection.baseAddress!,
                                     state: state.baseAddress!, cellState: cell.hasCellState ? cellState.baseAddress : nil, output: output,
                                     hiddenWeight: packedHiddenWeight(transposed: true))
        // The first step starts from the initial states; `updateCells` hands each later one its own.
        (previousHiddenBuffer.baseAddress! + historyRow(order[0]) * S).update(from: state.baseAddress!, count: layout.batchSizes[order[0]] * S)
        let parts = stepParts(threads: threads)
        Lockstep.run(phases: 2 * order.count, parts: parts) { phase, part in
            let step = phase / 2
            if phase.isMultiple(of: 2) {
                self.projectHidden(at: order[step], buffers, part: part, of: parts)
            } else {
                self.updateCells(at: order[step], next: step + 1 < order.count ? order[step + 1] : nil, buffers, part: part, of: parts)
            }
        }
        layout.unsortStates(state.baseAddress!, width: S, into: finalHidden)
        if let finalCell { layout.unsortStates(cellState.baseAddress!, width: H, into: finalCell) }
    }

    /// The sorted `[B, width]` states a pass starts from: `initial` (batch order) sorted, or zeros.
    private func startingStates(_ initial: UnsafePointer<Float>?, width: Int, into sorted: UnsafeMutablePointer<Float>) {
        if let initial {
            layout.sortStates(initial, width: width, into: sorted)
        } else {
            sorted.initialize(repeating: 0, count: layout.batch * width)
        }
    }

    /// Forward, first phase of step `t`: `part`'s columns of the hidden projection of the running
    /// sequences, W_hh·h + b_hh.
    private func projectHidden(at t: Int, _ buffers: ForwardBuffers, part: Int, of parts: Int) {
        let columns = buffers.hiddenWeight.columns(part: part, of: parts)
        fillRows(buffers.hiddenProjection, rows: layout.batchSizes[t], with: weights.hiddenBias, width: gateWidth, columns: columns)
        buffers.hiddenWeight.multiply(previousHiddenBuffer.baseAddress! + historyRow(t) * stateSize, rows: layout.batchSizes[t],
                                      into: buffers.hiddenProjection, beta: weights.hiddenBias == nil ? 0 : 1, part: part, of: parts)
    }

    /// Forward, second phase of step `t`: the cell update of `part`'s rows, their hidden states
    /// written to the output, and handed on as the state the `next` step starts from.
    ///
    /// Without history every step reuses the same rows; a part reads and then overwrites only its
    /// own rows, so that is safe.
    private func updateCells(at t: Int, next: Int?, _ buffers: ForwardBuffers, part: Int, of parts: Int) {
        let (H, S, G, active, first) = (hiddenSize, stateSize, gateWidth, layout.batchSizes[t], historyRow(t))
        // In the reverse direction the next step may run more sequences; the new ones still hold
        // their initial state, which this part hands on too.
        let nextActive = next.map { layout.batchSizes[$0] } ?? 0
        let share = Parallel.share(of: max(active, nextActive), part: part, of: parts)
        let updated = share.clamped(to: 0..<active)
        if let row = updated.first {
            let cellOutput = weights.projection == nil ? buffers.state + row * S : cellOutputBuffer.baseAddress! + (first + row) * H
            cell.forwardStep(rows: updated.count, hidden: H, inputProjection: buffers.inputProjection + (layout.offsets[t] + row) * G,
                             hiddenProjection: buffers.hiddenProjection + row * G, previousHidden: previousHiddenBuffer.baseAddress! + (first + row) * S,
                             cell: buffers.cellState.map { $0 + row * H }, saved: saved.baseAddress! + (first + row) * cell.savedCount * H,
                             hiddenOut: cellOutput)
            weights.projection?.withUnsafeBufferPointer { w in
                sgemm(cellOutput, false, w.baseAddress!, true, buffers.state + row * S, m: updated.count, n: S, k: H, beta: 0, singleThreaded: true)
            }
            for b in updated {
                buffers.output.at(row: layout.paddedRow(step: t, sorted: b)).update(from: buffers.state + b * S, count: S)
            }
        }
        if let next, case let handedOn = share.clamped(to: 0..<nextActive), let row = handedOn.first {
            (previousHiddenBuffer.baseAddress! + (historyRow(next) + row) * S).update(from: buffers.state + row * S, count: handedOn.count * S)
        }
    }

    /// Back-propagates through time from the gradients of the output (nil: the output got none)
    /// and of the final states (`[B, S]` and `[B, H]` in batch order; nil: none), filling `gradients`, on up to
    /// `threads` threads like `forward`.
    func backward(gradOutput: OutputColumns?, gradFinalHidden: UnsafePointer<Float>?, gradFinalCell: UnsafePointer<Float>?,
                  into gradients: DirectionGradients, threads: Int) {
        strandPrecondition(keepsHistory, "recurrent layer: backward through a pass run without gradients")
        let (H, S, batch) = (hiddenSize, stateSize, layout.batch)
        let projected = weights.projection != nil
        // dL/dh and dL/dc of the state each sequence will carry into the step being processed;
        // a sequence's entries start as the gradient of its final state.
        let total = UnsafeMutableBufferPointer<Float>.allocate(capacity: gradOutput == nil || projected ? 0 : batch * S)
        let direct = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.separateHiddenGradient ? batch * H : 0)
        let gradCellOutput = UnsafeMutableBufferPointer<Float>.allocate(capacity: projected ? batch * H : 0)
        defer { for buffer in [total, direct, gradCellOutput] { buffer.deallocate() } }
        startingStates(gradFinalHidden, width: S, into: gradients.initialHidden.baseAddress!)
        if cell.hasCellState { startingStates(gradFinalCell, width: H, into: gradients.initialCell.baseAddress!) }
        let order = Array(timeOrder.reversed())
        let buffers = BackwardBuffers(gradOutput: gradOutput, gradHidden: gradients.initialHidden.baseAddress!,
                                      gradCell: cell.hasCellState ? gradients.initialCell.baseAddress! : nil,
                                      total: projected ? gradients.hiddenState.baseAddress : gradOutput == nil ? nil : total.baseAddress,
                                      // An empty allocation still has an address: only the buffers in use are passed.
                                      direct: cell.separateHiddenGradient ? direct.baseAddress : nil,
                                      gradCellOutput: projected ? gradCellOutput.baseAddress : nil,
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
    /// carried part plus the step's output gradient, if any; through `W_hr` with a projection) and
    /// dL/dc.
    private func backPropagateCells(at t: Int, _ buffers: BackwardBuffers, part: Int, of parts: Int) {
        let (H, S, G, first) = (hiddenSize, stateSize, gateWidth, layout.offsets[t])
        let share = Parallel.share(of: layout.batchSizes[t], part: part, of: parts)
        guard let row = share.first else { return }
        var gradHidden = buffers.gradHidden
        // With a projection every packed row's total dL/dh is kept (dL/dW_hr needs it).
        if let total = buffers.total.map({ weights.projection == nil ? $0 : $0 + first * S }) {
            for b in share {
                guard let stepGradient = buffers.gradOutput?.at(row: layout.paddedRow(step: t, sorted: b)) else {
                    (total + b * S).update(from: buffers.gradHidden + b * S, count: S)
                    continue
                }
                for k in 0..<S { total[b * S + k] = buffers.gradHidden[b * S + k] + stepGradient[k] }
            }
            gradHidden = total
        }
        if let gradCellOutput = buffers.gradCellOutput, let projection = weights.projection {
            projection.withUnsafeBufferPointer { w in
                sgemm(gradHidden + row * S, false, w.baseAddress!, false, gradCellOutput + row * H, m: share.count, n: H, k: S, beta: 0, singleThreaded: true)
            }
            gradHidden = gradCellOutput
        }
        cell.backwardStep(rows: share.count, hidden: H, saved: saved.baseAddress! + (first + row) * cell.savedCount * H,
                          previousHidden: previousHiddenBuffer.baseAddress! + (first + row) * S, gradHidden: gradHidden + row * H,
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
    /// `[B, S]` and `[B, H]`, sorted order: the carried dL/dh and dL/dc, which end as the gradients
    /// of the initial states.
    let initialHidden: UnsafeMutableBufferPointer<Float>
    let initialCell: UnsafeMutableBufferPointer<Float>
    /// `[rows, S]`, with a projection only: every packed row's total dL/dh.
    let hiddenState: UnsafeMutableBufferPointer<Float>
    /// dL/db_ih: the column sums of the input-projection gradient (and dL/db_hh unless the cell
    /// is a GRU, so computed once for both).
    lazy var inputBias = columnSums(inputProjection.baseAddress!, rows: rows, width: gates)
    private let separate: Bool
    private let rows: Int
    private let gates: Int

    init(for pass: DirectionPass) {
        (rows, gates) = (pass.layout.rows, pass.cell.gateCount * pass.hiddenSize)
        separate = pass.cell.separateHiddenGradient
        inputProjection = .allocate(capacity: rows * gates)
        hiddenProjection = separate ? .allocate(capacity: rows * gates) : inputProjection
        initialHidden = .allocate(capacity: pass.layout.batch * pass.stateSize)
        initialCell = .allocate(capacity: pass.cell.hasCellState ? pass.layout.batch * pass.hiddenSize : 0)
        hiddenState = .allocate(capacity: pass.weights.projection == nil ? 0 : rows * pass.stateSize)
    }

    deinit {
        for buffer in [inputProjection, initialHidden, initialCell, hiddenState] { buffer.deallocate() }
        if separate { hiddenProjection.deallocate() }
    }
}

/// The buffers of one forward pass that the threads of a step share (each writes only its part).
private struct ForwardBuffers: @unchecked Sendable {
    /// `[rows, G·H]`, packed.
    let inputProjection: UnsafeMutablePointer<Float>
    /// `[B, G·H]`: the current step's.
    let hiddenProjection: UnsafeMutablePointer<Float>
    /// `[B, S]` and `[B, H]`, sorted: the running hidden (and cell) states.
    let state: UnsafeMutablePointer<Float>
    let cellState: UnsafeMutablePointer<Float>?
    let output: OutputColumns
    let hiddenWeight: PackedMatrix
}

/// The buffers of one backward pass that the threads of a step share (each writes only its part).
private struct BackwardBuffers: @unchecked Sendable {
    let gradOutput: OutputColumns?
    /// `[B, S]` and `[B, H]`, sorted: dL/dh and dL/dc carried into the step being processed.
    let gradHidden: UnsafeMutablePointer<Float>
    let gradCell: UnsafeMutablePointer<Float>?
    /// The total dL/dh of a step: `[B, S]` scratch when the output has a gradient, or with a
    /// projection every packed row's (`[rows, S]`, kept for dL/dW_hr); nil otherwise.
    let total: UnsafeMutablePointer<Float>?
    /// `[B, H]`: the GRU's direct part of dL/dh_prev.
    let direct: UnsafeMutablePointer<Float>?
    /// `[B, H]`, with a projection only: dL/d(o⊙tanh(c)) of a step.
    let gradCellOutput: UnsafeMutablePointer<Float>?
    /// `[rows, G·H]` each.
    let gradInputProjection: UnsafeMutablePointer<Float>
    let gradHiddenProjection: UnsafeMutablePointer<Float>
    let hiddenWeight: PackedMatrix
}

extension DirectionPass {
    /// `W_hh` (`[G·H, S]`) packed for the per-step products: transposed for the forward
    /// projection `h·W_hhᵀ`, as it is for the backward `(gate gradients)·W_hh`. Packed once per
    /// pass instead of once per step, as a BLAS call would.
    fileprivate func packedHiddenWeight(transposed: Bool) -> PackedMatrix {
        let (G, S) = (gateWidth, stateSize)
        return weights.hidden.withUnsafeBufferPointer { w in
            PackedMatrix(w.baseAddress!, k: transposed ? S : G, n: transposed ? G : S, leadingDimension: S, transposed: transposed)
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
