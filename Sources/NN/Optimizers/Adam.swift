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
        var g = gradient
        var value = parameter.value
        if group.weightDecay != 0 {
            if decoupledWeightDecay {
                value = value * (1 - group.learningRate * group.weightDecay)
            } else {
                g = g + value * group.weightDecay
            }
        }
        let (beta1, beta2) = (group.momentum, group.beta2)
        let m = (state.tensors["exp_avg"] ?? Tensor.zeros(g.shape)) * beta1 + g * (1 - beta1)
        let v = (state.tensors["exp_avg_sq"] ?? Tensor.zeros(g.shape)) * beta2 + g * g * (1 - beta2)
        state.tensors["exp_avg"] = m
        state.tensors["exp_avg_sq"] = v
        let step = Float(state.step)
        let stepSize = group.learningRate / (1 - Foundation.pow(beta1, step))
        let secondCorrection = (1 - Foundation.pow(beta2, step)).squareRoot()
        parameter.value = value - m / (sqrt(v) / secondCorrection + epsilon) * stepSize
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
