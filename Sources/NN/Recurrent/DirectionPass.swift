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
/// sequences) and one fused cell kernel call; the input projection of all steps is one product
/// before the loop. The backward pass mirrors it, and leaves the per-step gate gradients in two
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

    /// Runs the direction over `input` (`[rows, inputSize]`, packed) from the initial states
    /// (`[B, H]`), writing each step's hidden state into the padded output `[T + S, B, stride]` at
    /// `column`, and the final hidden (and cell) state of every sequence into rows `T` (and `T + 1`).
    func forward(input: UnsafePointer<Float>, inputSize: Int, initialHidden: UnsafePointer<Float>, initialCell: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>, stride: Int, column: Int, singleThreaded: Bool) {
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
                  beta: weights.inputBias == nil ? 0 : 1, singleThreaded: singleThreaded)
        }
        let hiddenWeight = packedHiddenWeight(transposed: true)
        for t in timeOrder {
            let (active, first) = (layout.batchSizes[t], layout.offsets[t])
            let previous = previousHidden.baseAddress! + first * H
            previous.update(from: state.baseAddress!, count: active * H)
            // Hidden projection of the running sequences: W_hh·h + b_hh.
            fillRows(hiddenProjection.baseAddress!, rows: active, with: weights.hiddenBias, width: G)
            hiddenWeight.multiply(previous, rows: active, into: hiddenProjection.baseAddress!,
                                  beta: weights.hiddenBias == nil ? 0 : 1, singleThreaded: singleThreaded)
            cell.forwardStep(rows: active, hidden: H, inputProjection: inputProjection.baseAddress! + first * G,
                             hiddenProjection: hiddenProjection.baseAddress!, previousHidden: previous,
                             cell: cellState.baseAddress, saved: saved.baseAddress! + first * cell.savedCount * H,
                             hiddenOut: state.baseAddress!)
            copyRows(state.baseAddress!, count: active, width: H, to: output + t * batch * stride + column, stride: stride)
        }
        copyRows(state.baseAddress!, count: batch, width: H, to: output + layout.steps * batch * stride + column, stride: stride)
        if cell.hasCellState {
            copyRows(cellState.baseAddress!, count: batch, width: H, to: output + (layout.steps + 1) * batch * stride + column, stride: stride)
        }
    }

    /// Back-propagates through time from the gradient of the padded output (same layout as
    /// `forward` wrote), filling the gate-gradient buffers and the initial-state gradients.
    func backward(gradOutput: UnsafePointer<Float>, stride: Int, column: Int, singleThreaded: Bool) {
        let (H, G, rows, batch) = (hiddenSize, gateWidth, layout.rows, layout.batch)
        gradInputProjection = .allocate(capacity: rows * G)
        gradHiddenProjection = cell.separateHiddenGradient ? .allocate(capacity: rows * G) : gradInputProjection
        // dL/dh and dL/dc of the state each sequence will carry into the step being processed;
        // a sequence's entries start as the gradient of its final state.
        var gradHidden = [Float](repeating: 0, count: batch * H)
        var gradCell = [Float](repeating: 0, count: cell.hasCellState ? batch * H : 0)
        let total = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * H)
        let direct = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * H)
        defer { total.deallocate(); direct.deallocate() }
        gradHidden.withUnsafeMutableBufferPointer { dh in
            gradCell.withUnsafeMutableBufferPointer { dc in
                gatherRows(gradOutput + layout.steps * batch * stride + column, count: batch, width: H, stride: stride, into: dh.baseAddress!)
                if cell.hasCellState {
                    gatherRows(gradOutput + (layout.steps + 1) * batch * stride + column, count: batch, width: H, stride: stride, into: dc.baseAddress!)
                }
                let hiddenWeight = packedHiddenWeight(transposed: false)
                for t in timeOrder.reversed() {
                    let (active, first) = (layout.batchSizes[t], layout.offsets[t])
                    let stepGradient = gradOutput + t * batch * stride + column
                    for b in 0..<active {
                        for k in 0..<H { total[b * H + k] = dh[b * H + k] + stepGradient[b * stride + k] }
                    }
                    let gradGates = gradHiddenProjection.baseAddress! + first * G
                    cell.backwardStep(rows: active, hidden: H, saved: saved.baseAddress! + first * cell.savedCount * H,
                                      previousHidden: previousHidden.baseAddress! + first * H, gradHidden: total.baseAddress!,
                                      gradCell: dc.baseAddress, gradInputProjection: gradInputProjection.baseAddress! + first * G,
                                      gradHiddenProjection: gradGates, gradPreviousDirect: direct.baseAddress!)
                    // dL/dh_prev = (direct part, GRU only) + W_hhᵀ·(hidden-projection gradient).
                    if cell.separateHiddenGradient { dh.baseAddress!.update(from: direct.baseAddress!, count: active * H) }
                    hiddenWeight.multiply(gradGates, rows: active, into: dh.baseAddress!,
                                          beta: cell.separateHiddenGradient ? 1 : 0, singleThreaded: singleThreaded)
                }
            }
        }
        gradInitialHidden = gradHidden
        gradInitialCell = gradCell
    }
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

/// Writes `bias` (or nothing) into each of `rows` rows of `width`.
func fillRows(_ destination: UnsafeMutablePointer<Float>, rows: Int, with bias: Tensor?, width: Int) {
    guard let bias else { return }
    bias.withUnsafeBufferPointer { values in
        for row in 0..<rows { (destination + row * width).update(from: values.baseAddress!, count: width) }
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
