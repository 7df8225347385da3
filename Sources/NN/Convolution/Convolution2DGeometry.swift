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

    /// Calls `body(row, column, source)` for every patch element that reads the input (padding
    /// elements are skipped): `row` is the output position, `column` the patch element and
    /// `source` the input element's row-major position in `[B, C, H, W]`.
    @inline(__always)
    func forEachPatchElement(_ body: (Int, Int, Int) -> Void) {
        for b in 0..<batch {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    let row = (b * outputHeight + oy) * outputWidth + ox
                    for c in 0..<channels {
                        for ky in 0..<kernelHeight {
                            let y = oy * strideHeight - padTop + ky * dilationHeight
                            guard y >= 0 && y < height else { continue }
                            let sourceRow = ((b * channels + c) * height + y) * width
                            let columnBase = (c * kernelHeight + ky) * kernelWidth
                            for kx in 0..<kernelWidth {
                                let x = ox * strideWidth - padLeft + kx * dilationWidth
                                if x >= 0 && x < width { body(row, columnBase + kx, sourceRow + x) }
                            }
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
                forEachPatchElement { row, column, source in out[row * patch + column] = x[source] }
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
                forEachPatchElement { row, column, source in x[source] += cols[row * patch + column] }
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
    let (needInput, weightShape) = (input.requiresGrad, weight.shape)
    return Variable.record("convolution", [input, weight] + (bias.map { [$0] } ?? []), output) { g in
        let gradRows = g.reshaped([geometry.batch, outputs, geometry.outputHeight * geometry.outputWidth]).transposed(1, 2).reshaped([-1, outputs])
        let gradWeight = matmul(gradRows, columns, transposeA: true).reshaped(weightShape)
        let gradInput = needInput ? geometry.col2im(matmul(gradRows, kernel)) : nil
        return [gradInput, gradWeight] + (bias == nil ? [] : [gradRows.sum(axis: 0)])
    }
}
