import CVectorMath
import Synchronization
import Tensor

/// Scales all gradients together so their global L2 norm is at most `maxNorm`, like
/// `torch.nn.utils.clip_grad_norm_`: when the norm `n` exceeds it, every gradient is multiplied by
/// `maxNorm / (n + 1e-6)`. Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    // Read and scaled in place: no squared temporary the size of each gradient.
    let total = Float(parameters.reduce(0.0) { $0 + ($1.grad.map(sumOfSquares) ?? 0) }.squareRoot())
    let scale = maxNorm / (total + 1e-6)
    if scale < 1 {
        for parameter in parameters where parameter.grad != nil { scaleInPlace(&parameter.grad!, by: scale) }
    }
    return total
}

/// Σ x² over `tensor`, one partial sum per parallel chunk, added in chunk order (so the result does
/// not depend on which thread finishes first).
private func sumOfSquares(_ tensor: Tensor) -> Double {
    tensor.withUnsafeBufferPointer { x in
        guard let base = x.baseAddress else { return 0 }
        let partials = Mutex<[(start: Int, sum: Double)]>([])
        Parallel.forEachChunk(count: x.count) { range in
            let partial = strand_sum_of_squares(base + range.lowerBound, range.count)
            partials.withLock { $0.append((range.lowerBound, partial)) }
        }
        return partials.withLock { $0.sorted { $0.start < $1.start }.reduce(0) { $0 + $1.sum } }
    }
}

private func scaleInPlace(_ tensor: inout Tensor, by factor: Float) {
    tensor.withUnsafeMutableBufferPointer { x in
        guard let base = x.baseAddress else { return }
        Parallel.forEachChunk(count: x.count) { range in strand_scale(base + range.lowerBound, range.count, factor) }
    }
}

/// Clamps every gradient element to `[−maxValue, maxValue]`, like `torch.nn.utils.clip_grad_value_`.
public func clipGradientValues(_ parameters: [Parameter], maxValue: Float) {
    for parameter in parameters { parameter.grad = parameter.grad.map { $0.clamped(min: -maxValue, max: maxValue) } }
}
