/// Scales all gradients together so their global L2 norm is at most `maxNorm`, like
/// `torch.nn.utils.clip_grad_norm_`: when the norm `n` exceeds it, every gradient is multiplied by
/// `maxNorm / (n + 1e-6)`. Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    let gradients = parameters.compactMap(\.grad)
    let total = gradients.reduce(Float(0)) { $0 + ($1 * $1).sum().item }.squareRoot()
    let scale = maxNorm / (total + 1e-6)
    if scale < 1 {
        for parameter in parameters { parameter.grad = parameter.grad.map { $0 * scale } }
    }
    return total
}

/// Clamps every gradient element to `[−maxValue, maxValue]`, like `torch.nn.utils.clip_grad_value_`.
public func clipGradientValues(_ parameters: [Parameter], maxValue: Float) {
    for parameter in parameters { parameter.grad = parameter.grad.map { $0.clamped(min: -maxValue, max: maxValue) } }
}
