import Autograd
import Tensor

extension Convolution2DGeometry {
    /// Whether the kernel spans the whole input width over one input channel — Kim's sentence
    /// CNN, `(k, embeddingDim)` kernels over `[B, 1, T, D]` — so ``fullWidthConvolution`` applies.
    var spansFullWidth: Bool {
        channels == 1 && kernelWidth == width && padLeft == 0 && padRight == 0 && dilationHeight == 1 && dilationWidth == 1
    }

    /// Whether ``fullWidthConvolution`` beats im2col for `outputs` kernels: its intermediate holds
    /// `k·O` scores per token where im2col's holds `k·D` inputs, so it wins when `D > O`. Measured
    /// on the full-data Kim CNN (64 kernels, 2 threads, seconds per epoch im2col → this path):
    /// D = 300, 77 → 65; D = 50, 19 → 24, so the GloVe-50d CNN keeps im2col.
    func prefersFullWidth(outputs: Int) -> Bool { spansFullWidth && width > outputs }

    /// For every output position `(b, y)` and kernel row `ky` whose input row `t` exists, adds the
    /// `O` scores `Z[b·T + t, ky·O ..< (ky+1)·O]` into the outputs `[b·Ho + y, 0 ..< O]` (forward),
    /// or with `outputToScore` the outputs' gradients into the scores' (backward). Batches run in
    /// parallel: each touches only its own rows.
    fileprivate func accumulateWindows(outputs: inout Tensor, scores: inout Tensor, count: Int, outputToScore: Bool) {
        let (scoreColumns, kernel) = (count * kernelHeight, kernelHeight)
        outputs.withUnsafeMutableBufferPointer { outputs in
            scores.withUnsafeMutableBufferPointer { scores in
                let (outputs, scores) = (outputs.baseAddress!, scores.baseAddress!)
                Parallel.forEachChunk(count: batch, costPerElement: outputHeight * kernel * count) { batches in
                    for b in batches {
                        for y in 0..<outputHeight {
                            let top = y * strideHeight - padTop
                            let output = outputs + (b * outputHeight + y) * count
                            for ky in Swift.max(0, -top)..<Swift.min(kernel, height - top) {
                                let score = scores + (b * height + top + ky) * scoreColumns + ky * count
                                // Two loops rather than a branch inside one, so each vectorises.
                                if outputToScore { for o in 0..<count { score[o] += output[o] } } else { for o in 0..<count { output[o] += score[o] } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A full-width convolution (see ``Convolution2DGeometry/spansFullWidth``) without im2col:
/// `[B, 1, T, D]` input, `[O, 1, k, D]` weight, `[O]` bias → `[B, O, Ho, 1]`.
///
/// im2col copies every window of `k` rows, `k·D` floats per output position: 150 MB for a batch of
/// 64 reviews of 400 tokens at D = 300 and k = 5, written and read back every step.
/// Here one product scores every input row against every kernel row, `Z = X · W′ᵀ` with `X` the
/// input as `[B·T, D]` and `W′` the weight as `[k·O, D]` (kernel row major), and each output sums
/// `k` contiguous runs of `Z`: `out[b, y, :] = bias + Σ_ky Z[b·T + y·s − p + ky, ky·O ..< (ky+1)·O]`,
/// rows outside the input counting zero (`s` the stride, `p` the padding along T). Backward adds
/// the output gradient onto the same runs (`gZ`) and takes two products, `gW′ = gZᵀ · X` and
/// `gX = gZ · W′`. The multiply-adds are im2col's; the memory a fifth.
func fullWidthConvolution(_ input: Variable, weight: Variable, bias: Variable?, geometry: Convolution2DGeometry) -> Variable {
    let (count, kernelRows, width) = (weight.shape[0], geometry.kernelHeight, geometry.width)
    let rows = input.value.reshaped([geometry.batch * geometry.height, width])
    let kernel = weight.value.reshaped([count, kernelRows, width]).transposed(0, 1).reshaped([kernelRows * count, width])
    var scores = matmul(rows, kernel, transposeB: true)
    var positions = Tensor.zeros([geometry.batch, geometry.outputHeight, count])     // [B, Ho, O]
    geometry.accumulateWindows(outputs: &positions, scores: &scores, count: count, outputToScore: false)
    if let bias { positions = positions + bias.value }
    let output = positions.transposed(1, 2).reshaped([geometry.batch, count, geometry.outputHeight, 1])
    let scoreShape = scores.shape
    return Variable.record("convolution", [input, weight] + (bias.map { [$0] } ?? []), output) { g, needs in
        var gradPositions = g.reshaped([geometry.batch, count, geometry.outputHeight]).transposed(1, 2)
        var gradScores = Tensor.zeros(scoreShape)
        geometry.accumulateWindows(outputs: &gradPositions, scores: &gradScores, count: count, outputToScore: true)
        let gradInput = needs[0] ? matmul(gradScores, kernel).reshaped(input.shape) : nil
        let gradWeight = needs[1] ? matmul(gradScores, rows, transposeA: true).reshaped([kernelRows, count, width]).transposed(0, 1).reshaped(weight.shape) : nil
        return [gradInput, gradWeight] + (bias == nil ? [] : [needs[2] ? gradPositions.sum(axis: 1).sum(axis: 0) : nil])
    }
}
