import Tensor

/// Adagrad (Duchi et al., 2011), like `torch.optim.Adagrad`:
/// ```
/// g ← g + wd·θ
/// s ← s + g²                        (s starts at initialAccumulatorValue)
/// θ ← θ − lr / (1 + (t − 1)·lrDecay) · g / (√s + ε)
/// ```
/// State-dict buffer as PyTorch names it: `sum`.
public final class Adagrad: Optimizer {
    public let learningRateDecay: Float
    public let initialAccumulatorValue: Float
    public let epsilon: Float

    public convenience init(_ parameters: [Parameter], learningRate: Float = 0.01, learningRateDecay: Float = 0, weightDecay: Float = 0,
                            initialAccumulatorValue: Float = 0, epsilon: Float = 1e-10) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, learningRateDecay: learningRateDecay, weightDecay: weightDecay,
                  initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    }

    /// Adagrad over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float = 0.01, learningRateDecay: Float = 0, weightDecay: Float = 0,
                initialAccumulatorValue: Float = 0, epsilon: Float = 1e-10) {
        strandPrecondition(learningRateDecay >= 0 && initialAccumulatorValue >= 0 && epsilon >= 0,
                           "Adagrad: learningRateDecay, initialAccumulatorValue and epsilon must not be negative, got \(learningRateDecay), \(initialAccumulatorValue), \(epsilon)")
        self.learningRateDecay = learningRateDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(groups: groups, defaults: ParameterGroup([], learningRate: learningRate, weightDecay: weightDecay, momentum: 0, beta2: 0))
    }

    public override func update(_ parameter: Parameter, gradient: Tensor, group: ParameterGroup, state: inout OptimizerState) {
        var sum = state.tensors.removeValue(forKey: "sum") ?? Tensor.full(gradient.shape, value: initialAccumulatorValue)
        let (epsilon, decay) = (epsilon, group.weightDecay)
        let rate = group.learningRate / (1 + Float(state.step - 1) * learningRateDecay)
        sum.withUnsafeMutableBufferPointer { s in
            parameter.value.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeBufferPointer { g in
                    let (s, p) = (s, p)
                    Parallel.forEachChunk(count: gradient.count, costPerElement: 6) { range in
                        for i in range {
                            let grad = decay == 0 ? g[i] : g[i] + decay * p[i]
                            s[i] += grad * grad
                            p[i] -= rate * (grad / (s[i].squareRoot() + epsilon))   // PyTorch's addcdiv order
                        }
                    }
                }
            }
        }
        state.tensors["sum"] = sum
    }
}
