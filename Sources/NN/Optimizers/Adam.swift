import Foundation

/// Adam, like `torch.optim.Adam` (and, with `decoupledWeightDecay`, `torch.optim.AdamW`):
/// ```
/// g ← g + wd·θ                       (Adam: L2 penalty in the gradient)
/// θ ← θ·(1 − lr·wd)                  (AdamW: decoupled decay instead)
/// m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
/// θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
/// ```
public class Adam: Optimizer {
    public let epsilon: Float
    public let decoupledWeightDecay: Bool

    public convenience init(_ parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay)
    }

    /// Adam over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
        super.init(groups: groups, defaults: ParameterGroup([], learningRate: learningRate, weightDecay: weightDecay, momentum: betas.0, beta2: betas.1))
    }

    public override func update(_ parameter: Parameter, gradient: Tensor, group: ParameterGroup, state: inout OptimizerState) {
        let count = gradient.count
        var m = state.tensors.removeValue(forKey: "exp_avg") ?? Tensor.zeros(gradient.shape)
        var v = state.tensors.removeValue(forKey: "exp_avg_sq") ?? Tensor.zeros(gradient.shape)
        let (beta1, beta2, rate) = (group.momentum, group.beta2, group.learningRate)
        let step = Float(state.step)
        let stepSize = rate / (1 - Foundation.pow(beta1, step))
        let secondCorrection = (1 - Foundation.pow(beta2, step)).squareRoot()
        let (decay, decoupled, epsilon) = (group.weightDecay, decoupledWeightDecay, self.epsilon)
        // One pass over parameter, gradient and both moments, in place (PyTorch's formula and
        // rounding order, without a temporary tensor per term).
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                gradient.withUnsafeBufferPointer { g in
                    parameter.value.withUnsafeMutableBufferPointer { p in
                        let (m, v, g, p) = (m.baseAddress!, v.baseAddress!, g.baseAddress!, p.baseAddress!)
                        nonisolated(unsafe) let buffers = (m, v, g, p)
                        Parallel.forEachChunk(count: count, costPerElement: 8) { range in
                            let (m, v, g, p) = buffers
                            for i in range {
                                var value = p[i]
                                var grad = g[i]
                                if decay != 0 {
                                    if decoupled { value = value * (1 - rate * decay) } else { grad = grad + value * decay }
                                }
                                m[i] = m[i] * beta1 + grad * (1 - beta1)
                                v[i] = v[i] * beta2 + grad * grad * (1 - beta2)
                                p[i] = value - m[i] / (v[i].squareRoot() / secondCorrection + epsilon) * stepSize
                            }
                        }
                    }
                }
            }
        }
        state.tensors["exp_avg"] = m
        state.tensors["exp_avg_sq"] = v
    }
}

/// Adam with decoupled weight decay (`torch.optim.AdamW`, default decay 0.01).
public final class AdamW: Adam {
    public convenience init(_ parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay)
    }

    /// AdamW over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        super.init(groups: groups, learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay, decoupledWeightDecay: true)
    }
}
