import Autograd
import Tensor

/// The sizes of a 2-D convolution (1-D is the case of height 1), and the im2col transform that
/// turns it into one matrix product.
///
/// Letters: B batch, C input channels, O output channels, H×W input size, kH×kW kernel,
/// Ho×Wo output size. `im2col` lays every output position's receptive field out as a row of
/// `C·kH·kW` values (zero where it overlaps the padding), so the convolution is
/// `[B·Ho·Wo, C·kH·kW] · weightᵀ`.
struct Convolution2DGeometry: Equatable {
    let batch, channels, height, width: Int
    let kernelHeight, kernelWidth: Int
    let strideHeight, strideWidth: Int
    /// Zeros added before and after each spatial axis.
    let padTop, padBottom, padLeft, padRight: Int
    let dilationHeight, dilationWidth: Int

    var outputHeight: Int { (height + padTop + padBottom - dilationHeight * (kernelHeight - 1) - 1) / strideHeight + 1 }
    var outputWidth: Int { (width + padLeft + padRight - dilationWidth * (kernelWidth - 1) - 1) / strideWidth + 1 }
    var positions: Int { batch * outputHeight * outputWidth }
    var patchSize: Int { channels * kernelHeight * kernelWidth }

    /// Calls `body(row, column, source, count)` for every run of patch elements that read
    /// consecutive input elements of one input row (padding elements are skipped): `row` is the
    /// output position `(b, oy, ox)`, `column` the first patch element `(c, ky, kx)`, `source` the
    /// first input element's row-major position in `[B, C, H, W]`. Batches `batches` only, so
    /// disjoint batch ranges can run on different threads.
    @inline(__always)
    func forEachPatchRun(batches: Range<Int>, _ body: (Int, Int, Int, Int) -> Void) {
        for b in batches {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    let row = (b * outputHeight + oy) * outputWidth + ox
                    let left = ox * strideWidth - padLeft
                    for c in 0..<channels {
                        for ky in 0..<kernelHeight {
                            let y = oy * strideHeight - padTop + ky * dilationHeight
                            guard y >= 0 && y < height else { continue }
                            let sourceRow = ((b * channels + c) * height + y) * width
                            let columnBase = (c * kernelHeight + ky) * kernelWidth
                            if dilationWidth == 1 {
                                // The kernel row reads input[left ..< left + kW]: one run, clipped to the row.
                                let first = Swift.max(0, -left), last = Swift.min(kernelWidth, width - left)
                                if first < last { body(row, columnBase + first, sourceRow + left + first, last - first) }
                            } else {
                                for kx in 0..<kernelWidth {
                                    let x = left + kx * dilationWidth
                                    if x >= 0 && x < width { body(row, columnBase + kx, sourceRow + x, 1) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether `forEachPositionRun` gives the longer runs: with stride 1, when an output row is at
    /// least as long as a kernel row (not, say, a 3-wide output under a 100-wide kernel).
    var runsAlongPositions: Bool { strideWidth == 1 && outputWidth >= kernelWidth }

    /// With stride 1 along the width: calls `body(row, column, source, count)` for every run of
    /// `count` consecutive output positions `(b, oy, ox…)` — rows `row ..< row + count` — whose
    /// patch element `column` `(c, ky, kx)` reads consecutive input elements from `source` on
    /// (padding skipped). Batches `batches` only.
    ///
    /// The other traversal, `forEachPatchRun`, makes runs along a kernel row: a 1-D text
    /// convolution (kernels of 1–5 over 100 channels) then gets one call per 1–5 elements, and the
    /// call overhead took 43 % of the n-gram CNN's training step. These runs span a whole output row.
    @inline(__always)
    func forEachPositionRun(batches: Range<Int>, _ body: (Int, Int, Int, Int) -> Void) {
        precondition(strideWidth == 1, "forEachPositionRun needs stride 1 along the width")
        for b in batches {
            for c in 0..<channels {
                for ky in 0..<kernelHeight {
                    for kx in 0..<kernelWidth {
                        let column = (c * kernelHeight + ky) * kernelWidth + kx
                        // Output x reads input x + shift; keep the outputs whose input is inside the row.
                        let shift = kx * dilationWidth - padLeft
                        let first = Swift.max(0, -shift), end = Swift.min(outputWidth, width - shift)
                        guard first < end else { continue }
                        for oy in 0..<outputHeight {
                            let y = oy * strideHeight - padTop + ky * dilationHeight
                            guard y >= 0 && y < height else { continue }
                            let row = (b * outputHeight + oy) * outputWidth + first
                            body(row, column, ((b * channels + c) * height + y) * width + first + shift, end - first)
                        }
                    }
                }
            }
        }
    }

    /// `[B·Ho·Wo, C·kH·kW]` patches of `input` (`[B, C, H, W]`).
    func im2col(_ input: Tensor) -> Tensor {
        let patch = patchSize
        var columns = Tensor.zeros([positions, patch])
        columns.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { x in
                let (destination, source) = (out.baseAddress!, x.baseAddress!)
                Parallel.forEachChunk(count: batch, costPerElement: positions / Swift.max(batch, 1) * patch) { batches in
                    if runsAlongPositions {
                        forEachPositionRun(batches: batches) { row, column, start, count in
                            for i in 0..<count { destination[(row + i) * patch + column] = source[start + i] }
                        }
                    } else {
                        forEachPatchRun(batches: batches) { row, column, start, count in
                            (destination + row * patch + column).update(from: source + start, count: count)
                        }
                    }
                }
            }
        }
        return columns
    }

    /// The adjoint of `im2col`: patch gradients summed back into an input-shaped gradient.
    func col2im(_ columns: Tensor) -> Tensor {
        let patch = patchSize
        var input = Tensor.zeros([batch, channels, height, width])
        input.withUnsafeMutableBufferPointer { x in
            columns.withUnsafeBufferPointer { cols in
                let (destination, source) = (x.baseAddress!, cols.baseAddress!)
                Parallel.forEachChunk(count: batch, costPerElement: positions / Swift.max(batch, 1) * patch) { batches in
                    if runsAlongPositions {
                        forEachPositionRun(batches: batches) { row, column, start, count in
                            for i in 0..<count { destination[start + i] += source[(row + i) * patch + column] }
                        }
                    } else {
                        forEachPatchRun(batches: batches) { row, column, start, count in
                            let from = source + row * patch + column, to = destination + start
                            for i in 0..<count { to[i] += from[i] }
                        }
                    }
                }
            }
        }
        return input
    }
}

/// `[B, C, H, W]` input convolved with `[O, C, kH, kW]` weights (plus `[O]` bias): one im2col and
/// one product forward; backward one product for the weights, one for the patches, then col2im.
func convolution2D(_ input: Variable, weight: Variable, bias: Variable?, geometry: Convolution2DGeometry) -> Variable {
    let outputs = weight.shape[0]
    let columns = geometry.im2col(input.value)
    let kernel = weight.value.reshaped([outputs, geometry.patchSize])
    // [B·Ho·Wo, O] → [B, O, Ho, Wo].
    var rows = matmul(columns, kernel, transposeB: true)
    if let bias { rows = rows + bias.value }
    let output = rows.reshaped([geometry.batch, geometry.outputHeight * geometry.outputWidth, outputs]).transposed(1, 2)
        .reshaped([geometry.batch, outputs, geometry.outputHeight, geometry.outputWidth])
    let weightShape = weight.shape
    return Variable.record("convolution", [input, weight] + (bias.map { [$0] } ?? []), output) { g, needs in
        let gradRows = g.reshaped([geometry.batch, outputs, geometry.outputHeight * geometry.outputWidth]).transposed(1, 2).reshaped([-1, outputs])
        let gradInput = needs[0] ? geometry.col2im(matmul(gradRows, kernel)) : nil
        let gradWeight = needs[1] ? matmul(gradRows, columns, transposeA: true).reshaped(weightShape) : nil
        return [gradInput, gradWeight] + (bias == nil ? [] : [needs[2] ? gradRows.sum(axis: 0) : nil])
    }
}
