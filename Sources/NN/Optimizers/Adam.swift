import CVectorMath
import Foundation
import Tensor

/// Adam, like `torch.optim.Adam` (and, with `decoupledWeightDecay`, `torch.optim.AdamW`):
/// ```
/// g ← g + wd·θ                       (Adam: L2 penalty in the gradient)
/// θ ← θ·(1 − lr·wd)                  (AdamW: decoupled decay instead)
/// m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
/// θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
/// ```
/// With `maximize`, the gradient's sign is flipped first (PyTorch's `maximize=True`); with
/// `amsgrad`, `v` in the denominator is the largest second moment so far (`max_exp_avg_sq`).
public class Adam: Optimizer {
    public let epsilon: Float
    public let decoupledWeightDecay: Bool
    public let amsgrad: Bool

    public convenience init(_ parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0,
                            amsgrad: Bool = false, maximize: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay,
                  amsgrad: amsgrad, maximize: maximize)
    }

    /// Adam over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0,
                decoupledWeightDecay: Bool = false, amsgrad: Bool = false, maximize: Bool = false) {
        self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
        self.amsgrad = amsgrad
        super.init(groups: groups, defaults: ParameterGroup([], learningRate: learningRate, weightDecay: weightDecay, momentum: betas.0, beta2: betas.1), maximize: maximize)
    }

    public override func update(_ parameter: Parameter, gradient: Tensor, group: ParameterGroup, state: inout OptimizerState) {
        var m = state.tensors.removeValue(forKey: "exp_avg") ?? Tensor.zeros(gradient.shape)
        var v = state.tensors.removeValue(forKey: "exp_avg_sq") ?? Tensor.zeros(gradient.shape)
        var largest = amsgrad ? state.tensors.removeValue(forKey: "max_exp_avg_sq") ?? Tensor.zeros(gradient.shape) : Tensor.zeros([0])
        let settings = kernelSettings(group, step: Float(state.step))
        let amsgrad = amsgrad
        // One vectorized pass over parameter, gradient and the moments, in place: 7 floats of
        // memory traffic per element (9 with AMSGrad), no temporary tensor per term.
        withMutableBuffers(&parameter.value, &m, &v, &largest) { p, m, v, largest in
            gradient.withUnsafeBufferPointer { g in
                let (p, m, v, g, largest) = (p.baseAddress!, m.baseAddress!, v.baseAddress!, g.baseAddress!, amsgrad ? largest.baseAddress : nil)
                Parallel.forEachChunk(count: gradient.count, costPerElement: 8) { range in
                    let start = range.lowerBound
                    strand_adam_update(range.count, p + start, g + start, m + start, v + start, largest.map { $0 + start }, settings)
                }
            }
        }
        state.tensors["exp_avg"] = m
        state.tensors["exp_avg_sq"] = v
        if amsgrad { state.tensors["max_exp_avg_sq"] = largest }
    }

    /// This step's constants, each rounded as PyTorch's `_single_tensor_adam` computes it.
    private func kernelSettings(_ group: ParameterGroup, step: Float) -> strand_adam_settings {
        let (beta1, beta2, rate, decay) = (group.momentum, group.beta2, group.learningRate, group.weightDecay)
        let mode = decay == 0 ? STRAND_DECAY_NONE : decoupledWeightDecay ? STRAND_DECAY_DECOUPLED : STRAND_DECAY_L2
        return strand_adam_settings(
            beta1: beta1, one_minus_beta1: 1 - beta1, beta2: beta2, one_minus_beta2: 1 - beta2,
            step_size: rate / (1 - Foundation.pow(beta1, step)),
            bias_correction2_sqrt: (1 - Foundation.pow(beta2, step)).squareRoot(), epsilon: epsilon,
            weight_decay: decoupledWeightDecay ? 1 - rate * decay : decay, decay: mode)
    }
}

/// Adam with decoupled weight decay (`torch.optim.AdamW`, default decay 0.01).
public final class AdamW: Adam {
    public convenience init(_ parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0.01,
                            amsgrad: Bool = false, maximize: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay,
                  amsgrad: amsgrad, maximize: maximize)
    }

    /// AdamW over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 0.01,
                amsgrad: Bool = false, maximize: Bool = false) {
        super.init(groups: groups, learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay, decoupledWeightDecay: true,
                   amsgrad: amsgrad, maximize: maximize)
    }
}
