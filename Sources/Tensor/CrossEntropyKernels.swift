import Foundation

// The two passes of softmax cross-entropy over rows of logits — a language model's `[B·T, V]`
// scores over a 60,000-word vocabulary — without materialising log-probabilities or a one-hot
// gradient: the forward needs each row's log Σ eˣ, the backward writes (softmax − one-hot) scaled.
extension Tensor {
    /// Each last-axis row's `log Σ eˣ` (computed shifted by the row's maximum), one fused pass per row.
    package func rowLogSumExp() -> [Float] {
        let size = shape.last ?? 1
        var result = [Float](repeating: 0, count: size == 0 ? 0 : count / size)
        result.withUnsafeMutableBufferPointer { result in
            forEachRow { row, x, shifted in
                let peak = MaxReduction.reduceRow(x, count: size)
                let shift = peak.isInfinite ? 0 : peak
                for i in 0..<size { shifted[i] = x[i] - shift }
                Exp.apply(shifted, shifted, count: size)
                result[row] = Foundation.log(SumReduction.reduceRow(shifted, count: size)) + shift
            }
        }
        return result
    }

    /// `coefficients[r] · (e^(x − logSumExp[r]) − onehot(targets[r]))` for every row `r` of these
    /// logits: the gradient of softmax cross-entropy, one pass per row. A row with coefficient 0
    /// (an ignored target) is all zeros; its target is not read.
    package func softmaxCrossEntropyGradient(logSumExp: [Float], targets: [Int], coefficients: [Float]) -> Tensor {
        let size = shape.last ?? 1
        let rows = size == 0 ? 0 : count / size
        strandPrecondition(logSumExp.count == rows && targets.count == rows && coefficients.count == rows,
                           "softmaxCrossEntropyGradient: \(rows) rows need as many sums, targets and coefficients")
        return Tensor(shape: shape) { output in
            forEachRow { row, x, _ in
                let y = output.baseAddress! + row * size
                let coefficient = coefficients[row]
                guard coefficient != 0 else {
                    y.initialize(repeating: 0, count: size)
                    return
                }
                for i in 0..<size { y[i] = x[i] - logSumExp[row] }
                Exp.apply(y, y, count: size)
                for i in 0..<size { y[i] *= coefficient }
                y[targets[row]] -= coefficient
            }
        }
    }
}
