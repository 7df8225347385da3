import Autograd
import Tensor

/// What one recurrent layer returns: its outputs and its final states, each an output of one
/// graph node, so a gradient reaching any subset of them starts one fused backward through time.
/// S is the state size: the LSTM's `projSize` with projections, H otherwise.
struct RecurrentLayerResult {
    /// The padded output in the input's layout (`[T, B, D·S]` or batch-first `[B, T, D·S]`),
    /// forward direction first, zero past each sequence's end.
    let output: Variable
    /// `[D, B, S]`: each sequence's final hidden state, taken at its own last step, batch order.
    let hidden: Variable
    /// `[D, B, H]`: the LSTM's final cell state; nil for other cells.
    let cell: Variable?
}

/// One recurrent layer — one or two directions — as a single autograd operation with a
/// hand-written backward through time.
///
/// - Parameters:
///   - input: the padded sequences in `layout`'s arrangement (`[T, B, inputSize]` or batch-first),
///     in any batch order; positions past a sequence's length are ignored.
///   - initialHidden, initialCell: `[D, B, S]` and `[D, B, H]` in batch order; zeros when nil.
///     `initialCell` only for the LSTM.
///   - parameters: per direction, its weights by kind (biases and the projection when the layer
///     has them).
///
/// Backward computes only what is asked for: no input gradient for token embeddings that are
/// frozen, no weight gradients during attribution, no output term when only `h_n` was used.
func recurrentLayer(cell: RecurrentCell, input: Variable, layout: PackedLayout, initialHidden: Variable?,
                    initialCell: Variable?, parameters: [[RecurrentWeight: Variable]]) -> RecurrentLayerResult {
    let inputSize = input.shape[2]
    let stateSize = parameters[0][.hiddenWeight]!.shape[1]
    let hiddenSize = parameters[0][.projection]?.shape[1] ?? stateSize
    let directions = parameters.count
    let width = directions * stateSize
    let (hiddenStates, cellStates) = (directions * layout.batch * stateSize, directions * layout.batch * hiddenSize)
    let inputs = RecurrentLayerInputs(input: input, initialHidden: initialHidden, initialCell: initialCell, parameters: parameters)
    let recording = Variable.recordsGradients(for: inputs.all)

    let packedInput = input.value.withUnsafeBufferPointer { padded in
        Tensor(shape: [layout.rows, inputSize]) { packed in layout.pack(padded.baseAddress!, width: inputSize, into: packed.baseAddress!) }
    }
    let passes = parameters.enumerated().map { direction, variables in
        DirectionPass(cell: cell, layout: layout, hiddenSize: hiddenSize, reverse: direction == 1,
                      weights: DirectionWeights(input: variables[.inputWeight]!.value, hidden: variables[.hiddenWeight]!.value,
                                                inputBias: variables[.inputBias]?.value, hiddenBias: variables[.hiddenBias]?.value,
                                                projection: variables[.projection]?.value),
                      keepsHistory: recording)
    }
    // h_n, then c_n for the LSTM; each direction writes its own [B, S] (h) and [B, H] (c) block.
    var finalStates = [Float](repeating: 0, count: hiddenStates + (cell.hasCellState ? cellStates : 0))
    let output = Tensor(shape: Array(input.shape.prefix(2)) + [width]) { buffer in
        if layout.hasPadding { buffer.initialize(repeating: 0) }
        finalStates.withUnsafeMutableBufferPointer { states in
            withAddresses(of: [packedInput, initialHidden?.value, initialCell?.value]) { pointers in
                forEachDirection(passes) { direction, pass, threads in
                    let (hiddenOffset, cellOffset) = (direction * layout.batch * stateSize, direction * layout.batch * hiddenSize)
                    pass.forward(input: pointers[0]!, inputSize: inputSize, initialHidden: pointers[1].map { $0 + hiddenOffset },
                                 initialCell: pointers[2].map { $0 + cellOffset },
                                 output: OutputColumns(base: buffer.baseAddress!, stride: width, column: direction * stateSize),
                                 finalHidden: states.baseAddress! + hiddenOffset,
                                 finalCell: cell.hasCellState ? states.baseAddress! + hiddenStates + cellOffset : nil, threads: threads)
                }
            }
        }
    }
    let (hiddenShape, cellShape) = ([directions, layout.batch, stateSize], [directions, layout.batch, hiddenSize])
    let values = [output, Tensor(shape: hiddenShape, scalars: Array(finalStates.prefix(hiddenStates)))]
        + (cell.hasCellState ? [Tensor(shape: cellShape, scalars: Array(finalStates.suffix(cellStates)))] : [])
    let results = Variable.record("\(cell)Layer", inputs.all, outputs: values) { gradients, needs in
        let stateGradients = stateGradientsThroughTime(passes, gradients: gradients, width: width)
        return inputs.gradients(needs) { part in
            switch part {
            case .input: return inputGradient(passes, stateGradients, layout: layout, shape: input.shape)
            case .initialHidden: return initialStateGradient(stateGradients.map(\.initialHidden), layout: layout, shape: hiddenShape)
            case .initialCell: return initialStateGradient(stateGradients.map(\.initialCell), layout: layout, shape: cellShape)
            case let .parameter(direction, kind):
                return parameterGradient(kind, of: passes[direction], stateGradients[direction], packedInput: packedInput, inputSize: inputSize)
            }
        }
    }
    return RecurrentLayerResult(output: results[0], hidden: results[1], cell: cell.hasCellState ? results[2] : nil)
}

/// Runs the backward pass of every direction from the gradients of (output, h_n, c_n), any of
/// which may be missing.
private func stateGradientsThroughTime(_ passes: [DirectionPass], gradients: [Tensor?], width: Int) -> [DirectionGradients] {
    let results = passes.map(DirectionGradients.init)
    let (hiddenSize, stateSize, batch) = (passes[0].hiddenSize, passes[0].stateSize, passes[0].layout.batch)
    let (gradOutput, gradHidden, gradCell) = (gradients[0], gradients[1], gradients.count > 2 ? gradients[2] : nil)
    withAddresses(of: [gradOutput, gradHidden, gradCell]) { pointers in
        forEachDirection(passes) { direction, pass, threads in
            pass.backward(gradOutput: pointers[0].map { OutputColumns(base: UnsafeMutablePointer(mutating: $0), stride: width, column: direction * stateSize) },
                          gradFinalHidden: pointers[1].map { $0 + direction * batch * stateSize },
                          gradFinalCell: pointers[2].map { $0 + direction * batch * hiddenSize },
                          into: results[direction], threads: threads)
        }
    }
    return results
}

/// The storage addresses of `tensors` (nil for a nil tensor) for the length of `body`.
private func withAddresses<R>(of tensors: [Tensor?], _ body: ([UnsafePointer<Float>?]) -> R) -> R {
    guard let first = tensors.first else { return body([]) }
    let rest = Array(tensors.dropFirst())
    guard let tensor = first else { return withAddresses(of: rest) { body([nil] + $0) } }
    return tensor.withUnsafeBufferPointer { storage in withAddresses(of: rest) { body([storage.baseAddress] + $0) } }
}

/// The inputs of a recurrent layer node in order — input, initial states if given, parameters —
/// and which part of the layer each is.
private struct RecurrentLayerInputs {
    enum Part { case input, initialHidden, initialCell, parameter(direction: Int, kind: RecurrentWeight) }

    let all: [Variable]
    let parts: [Part]

    init(input: Variable, initialHidden: Variable?, initialCell: Variable?, parameters: [[RecurrentWeight: Variable]]) {
        var all = [input], parts = [Part.input]
        if let initialHidden { all.append(initialHidden); parts.append(.initialHidden) }
        if let initialCell { all.append(initialCell); parts.append(.initialCell) }
        for (direction, variables) in parameters.enumerated() {
            for kind in RecurrentWeight.allCases {
                guard let variable = variables[kind] else { continue }
                all.append(variable)
                parts.append(.parameter(direction: direction, kind: kind))
            }
        }
        (self.all, self.parts) = (all, parts)
    }

    /// `gradient(part)` for each needed input, nil for the others.
    func gradients(_ needs: [Bool], _ gradient: (Part) -> Tensor) -> [Tensor?] {
        zip(parts, needs).map { part, needed in needed ? gradient(part) : nil }
    }
}

/// Runs `body` for each direction with the number of threads it may use: a bidirectional layer's
/// directions at the same time, sharing the threads, when more than one is allowed; in turn, each
/// with all of them, otherwise.
private func forEachDirection(_ passes: [DirectionPass], _ body: (Int, DirectionPass, Int) -> Void) {
    let threads = Threading.count
    guard passes.count == 2, threads > 1 else {
        for (direction, pass) in passes.enumerated() { body(direction, pass, threads) }
        return
    }
    Parallel.perform(iterations: 2) { direction in body(direction, passes[direction], threads / 2) }
}

/// dL/dinput in the input's padded layout: Σ over directions of (gate gradients)·W_ih, unpacked.
private func inputGradient(_ passes: [DirectionPass], _ gradients: [DirectionGradients], layout: PackedLayout, shape: [Int]) -> Tensor {
    let inputSize = shape[2]
    var packed = [Float](repeating: 0, count: layout.rows * inputSize)
    packed.withUnsafeMutableBufferPointer { result in
        for (direction, (pass, gradient)) in zip(passes, gradients).enumerated() {
            pass.weights.input.withUnsafeBufferPointer { w in
                sgemm(gradient.inputProjection.baseAddress!, false, w.baseAddress!, false, result.baseAddress!,
                      m: layout.rows, n: inputSize, k: pass.weights.input.shape[0], beta: direction == 0 ? 0 : 1)
            }
        }
    }
    return Tensor(shape: shape) { padded in
        if layout.hasPadding { padded.initialize(repeating: 0) }
        packed.withUnsafeBufferPointer { layout.unpack($0.baseAddress!, width: inputSize, into: padded.baseAddress!) }
    }
}

/// `[D, B, W]` in batch order from each direction's sorted `[B, W]` initial-state gradient.
private func initialStateGradient(_ sorted: [UnsafeMutableBufferPointer<Float>], layout: PackedLayout, shape: [Int]) -> Tensor {
    let width = shape[2]
    return Tensor(shape: shape) { result in
        for (direction, gradient) in sorted.enumerated() {
            layout.unsortStates(gradient.baseAddress!, width: width, into: result.baseAddress! + direction * layout.batch * width)
        }
    }
}

/// The gradient of weight `kind` of a direction, each one product or column sum over all packed
/// rows of every time step: dL/dW_ih = Gxᵀ·x, dL/dW_hh = Ghᵀ·h_prev, the biases the column sums of
/// Gx and Gh, and dL/dW_hr = (dL/dh)ᵀ·(o⊙tanh(c)).
private func parameterGradient(_ kind: RecurrentWeight, of pass: DirectionPass, _ gradients: DirectionGradients, packedInput: Tensor, inputSize: Int) -> Tensor {
    let (rows, gates, hidden, state) = (pass.layout.rows, pass.weights.input.shape[0], pass.hiddenSize, pass.stateSize)
    switch kind {
    case .inputWeight:
        return Tensor(shape: [gates, inputSize]) { out in
            packedInput.withUnsafeBufferPointer { x in
                sgemm(gradients.inputProjection.baseAddress!, true, x.baseAddress!, false, out.baseAddress!, m: gates, n: inputSize, k: rows, beta: 0)
            }
        }
    case .hiddenWeight:
        return Tensor(shape: [gates, state]) { out in
            sgemm(gradients.hiddenProjection.baseAddress!, true, pass.previousHidden, false, out.baseAddress!, m: gates, n: state, k: rows, beta: 0)
        }
    case .inputBias: return gradients.inputBias
    case .hiddenBias:
        return pass.cell.separateHiddenGradient ? columnSums(gradients.hiddenProjection.baseAddress!, rows: rows, width: gates) : gradients.inputBias
    case .projection:
        return Tensor(shape: [state, hidden]) { out in
            sgemm(gradients.hiddenState.baseAddress!, true, pass.cellOutput, false, out.baseAddress!, m: state, n: hidden, k: rows, beta: 0)
        }
    }
}
