import Tensor

/// RMSprop, like `torch.optim.RMSprop` (Hinton's lecture 6e; PyTorch's ε outside the root):
/// ```
/// g ← g + wd·θ
/// v ← α·v + (1 − α)·g²
/// d ← √v + ε                       (centered: d ← √(v − ḡ²) + ε, with ḡ ← ḡ + (1 − α)·(g − ḡ))
/// b ← μ·b + g / d;  θ ← θ − lr·b   (without momentum: θ ← θ − lr·g / d)
/// ```
/// State-dict buffers as PyTorch names them: `square_avg`, `grad_avg`, `momentum_buffer`.
public final class RMSprop: Optimizer {
    public let alpha: Float
    public let epsilon: Float
    public let centered: Bool

    public convenience init(_ parameters: [Parameter], learningRate: Float = 0.01, alpha: Float = 0.99, epsilon: Float = 1e-8, weightDecay: Float = 0,
                            momentum: Float = 0, centered: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, alpha: alpha, epsilon: epsilon, weightDecay: weightDecay,
                  momentum: momentum, centered: centered)
    }

    /// RMSprop over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float = 0.01, alpha: Float = 0.99, epsilon: Float = 1e-8, weightDecay: Float = 0,
                momentum: Float = 0, centered: Bool = false) {
        strandPrecondition((0...1).contains(alpha) && epsilon >= 0 && momentum >= 0,
                           "RMSprop: alpha must lie in [0, 1], epsilon and momentum must not be negative, got \(alpha), \(epsilon), \(momentum)")
        self.alpha = alpha
        self.epsilon = epsilon
        self.centered = centered
        super.init(groups: groups, defaults: ParameterGroup([], learningRate: learningRate, weightDecay: weightDecay, momentum: momentum, beta2: 0))
    }

    public override func update(_ parameter: Parameter, gradient: Tensor, group: ParameterGroup, state: inout OptimizerState) {
        let (alpha, epsilon, rate, decay, momentum) = (alpha, epsilon, group.learningRate, group.weightDecay, group.momentum)
        var squareAverage = state.tensors.removeValue(forKey: "square_avg") ?? Tensor.zeros(gradient.shape)
        var gradientAverage = centered ? state.tensors.removeValue(forKey: "grad_avg") ?? Tensor.zeros(gradient.shape) : Tensor.zeros([0])
        var buffer = momentum > 0 ? state.tensors.removeValue(forKey: "momentum_buffer") ?? Tensor.zeros(gradient.shape) : Tensor.zeros([0])
        let centered = centered
        withMutableBuffers(&parameter.value, &squareAverage, &gradientAverage, &buffer) { p, v, average, b in
            gradient.withUnsafeBufferPointer { g in
                Parallel.forEachChunk(count: gradient.count, costPerElement: 8) { range in
                    for i in range {
                        let grad = decay == 0 ? g[i] : g[i] + decay * p[i]
                        v[i] = alpha * v[i] + (1 - alpha) * grad * grad
                        var variance = v[i]
                        if centered {
                            average[i] += (1 - alpha) * (grad - average[i])   // PyTorch's lerp_
                            variance -= average[i] * average[i]
                        }
                        let step = grad / (variance.squareRoot() + epsilon)
                        if momentum > 0 {
                            b[i] = momentum * b[i] + step
                            p[i] -= rate * b[i]
                        } else {
                            p[i] -= rate * step
                        }
                    }
                }
            }
        }
        state.tensors["square_avg"] = squareAverage
        if centered { state.tensors["grad_avg"] = gradientAverage }
        if momentum > 0 { state.tensors["momentum_buffer"] = buffer }
    }
}
