
/// One recurrent layer — one or two directions — as a single autograd operation with a
/// hand-written backward through time.
///
/// - Parameters:
///   - input: `[T, B, inputSize]`, time-major, the batch sorted by decreasing length; positions past
///     a sequence's length are ignored.
///   - layout: the packed layout of the sorted lengths.
///   - initialHidden: `[D, B, H]`; `initialCell`: `[D, B, H]` for the LSTM.
///   - parameters: per direction `[weight_ih, weight_hh]`, followed by `[bias_ih, bias_hh]` when
///     the layer has biases.
/// - Returns: `[T + S, B, D·H]`: rows `0..<T` are the outputs (forward direction first, zero at
///   padded positions), row `T` each sequence's final hidden state (taken at its own last step),
///   and for the LSTM row `T + 1` its final cell state.
func recurrentLayer(cell: RecurrentCell, input: Variable, layout: PackedLayout, initialHidden: Variable,
                    initialCell: Variable?, parameters: [[Variable]]) -> Variable {
    let (steps, batch, inputSize) = (input.shape[0], input.shape[1], input.shape[2])
    let hiddenSize = parameters[0][1].shape[1]
    let directions = parameters.count
    let width = directions * hiddenSize
    let stateRows = cell.hasCellState ? 2 : 1

    var packedInput = [Float](repeating: 0, count: layout.rows * inputSize)
    input.value.withUnsafeBufferPointer { padded in
        packedInput.withUnsafeMutableBufferPointer { packed in
            layout.pack(padded.baseAddress!, stride: inputSize, width: inputSize, into: packed.baseAddress!)
        }
    }
    let passes = parameters.enumerated().map { direction, variables in
        DirectionPass(cell: cell, layout: layout, hiddenSize: hiddenSize, reverse: direction == 1,
                      weights: DirectionWeights(input: variables[0].value, hidden: variables[1].value,
                                                inputBias: variables.count > 2 ? variables[2].value : nil,
                                                hiddenBias: variables.count > 3 ? variables[3].value : nil))
    }
    let initialHiddenValue = initialHidden.value
    let initialCellValue = initialCell?.value
    let output = Tensor(shape: [steps + stateRows, batch, width]) { buffer in
        buffer.initialize(repeating: 0)
        nonisolated(unsafe) let out = buffer.baseAddress!
        packedInput.withUnsafeBufferPointer { packed in
            initialHiddenValue.withUnsafeBufferPointer { h0 in
                nonisolated(unsafe) let (x, h) = (packed.baseAddress!, h0.baseAddress!)
                let cells = initialCellValue?.scalars ?? []
                forEachDirection(passes) { direction, pass, threads in
                    cells.withUnsafeBufferPointer { c0 in
                        pass.forward(input: x, inputSize: inputSize, initialHidden: h + direction * batch * hiddenSize,
                                     initialCell: c0.isEmpty ? nil : c0.baseAddress! + direction * batch * hiddenSize,
                                     output: out, stride: width, column: direction * hiddenSize, threads: threads)
                    }
                }
            }
        }
    }

    let inputs = [input, initialHidden] + (initialCell.map { [$0] } ?? []) + parameters.flatMap { $0 }
    return Variable.record("\(cell)Layer", inputs, output) { gradient in
        gradient.withUnsafeBufferPointer { g in
            nonisolated(unsafe) let gradOutput = g.baseAddress!
            forEachDirection(passes) { direction, pass, threads in
                pass.backward(gradOutput: gradOutput, stride: width, column: direction * hiddenSize, threads: threads)
            }
        }
        let inputGradient = inputGradient(passes, layout: layout, shape: input.shape)
        let stateGradients = [Tensor(shape: [directions, batch, hiddenSize], scalars: passes.flatMap(\.gradInitialHidden))]
            + (initialCell == nil ? [] : [Tensor(shape: [directions, batch, hiddenSize], scalars: passes.flatMap(\.gradInitialCell))])
        let weightGradients = zip(passes, parameters).flatMap { pass, variables in
            parameterGradients(pass, packedInput: packedInput, inputSize: inputSize, withBiases: variables.count > 2)
        }
        return [inputGradient] + stateGradients + weightGradients
    }
}

/// Runs `body` for each direction with the number of threads it may use: a bidirectional layer's
/// directions at the same time, sharing the threads, when more than one is allowed; in turn, each
/// with all of them, otherwise.
private func forEachDirection(_ passes: [DirectionPass], _ body: @escaping @Sendable (Int, DirectionPass, Int) -> Void) {
    let threads = Threading.count
    guard passes.count == 2, threads > 1 else {
        for (direction, pass) in passes.enumerated() { body(direction, pass, threads) }
        return
    }
    Parallel.perform(iterations: 2) { direction in body(direction, passes[direction], threads / 2) }
}

/// dL/dinput `[T, B, inputSize]`: Σ over directions of (gate gradients)·W_ih, unpacked.
private func inputGradient(_ passes: [DirectionPass], layout: PackedLayout, shape: [Int]) -> Tensor {
    let inputSize = shape[2]
    var packed = [Float](repeating: 0, count: layout.rows * inputSize)
    packed.withUnsafeMutableBufferPointer { result in
        for (direction, pass) in passes.enumerated() {
            pass.weights.input.withUnsafeBufferPointer { w in
                sgemm(pass.gradInputProjection.baseAddress!, false, w.baseAddress!, false, result.baseAddress!,
                      m: layout.rows, n: inputSize, k: pass.weights.input.shape[0], beta: direction == 0 ? 0 : 1)
            }
        }
    }
    var padded = Tensor.zeros(shape)
    padded.withUnsafeMutableBufferPointer { out in
        packed.withUnsafeBufferPointer { layout.unpack($0.baseAddress!, width: inputSize, into: out.baseAddress!, stride: inputSize) }
    }
    return padded
}

/// dL/dW_ih = Gxᵀ·x, dL/dW_hh = Ghᵀ·h_prev and the bias gradients (column sums of Gx and Gh),
/// each one product over all packed rows of every time step.
private func parameterGradients(_ pass: DirectionPass, packedInput: [Float], inputSize: Int, withBiases: Bool) -> [Tensor] {
    let (rows, gates, hidden) = (pass.layout.rows, pass.weights.input.shape[0], pass.hiddenSize)
    let gradInput = pass.gradInputProjection.baseAddress!, gradHidden = pass.gradHiddenProjection.baseAddress!
    let inputWeight = Tensor(shape: [gates, inputSize]) { out in
        packedInput.withUnsafeBufferPointer { x in
            sgemm(gradInput, true, x.baseAddress!, false, out.baseAddress!, m: gates, n: inputSize, k: rows, beta: 0)
        }
    }
    let hiddenWeight = Tensor(shape: [gates, hidden]) { out in
        sgemm(gradHidden, true, pass.previousHidden.baseAddress!, false, out.baseAddress!, m: gates, n: hidden, k: rows, beta: 0)
    }
    guard withBiases else { return [inputWeight, hiddenWeight] }
    let inputBias = columnSums(gradInput, rows: rows, width: gates)
    // Only the GRU's hidden-projection gradient differs from the input projection's.
    let hiddenBias = pass.cell.separateHiddenGradient ? columnSums(gradHidden, rows: rows, width: gates) : inputBias
    return [inputWeight, hiddenWeight, inputBias, hiddenBias]
}

/// The sums of the columns of a `rows × width` matrix, row after row. (As a `1 × rows` product,
/// OpenBLAS repacks the whole matrix first: 0.7 ms for 2,048 × 512, several times this loop.)
private func columnSums(_ matrix: UnsafePointer<Float>, rows: Int, width: Int) -> Tensor {
    Tensor(shape: [width]) { sums in
        let total = sums.baseAddress!
        total.initialize(repeating: 0, count: width)
        for row in 0..<rows {
            let values = matrix + row * width
            for column in 0..<width { total[column] += values[column] }
        }
    }
}
