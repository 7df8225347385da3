/// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, like
/// `torch.optim.SGD` (dampening 0):
/// `g ← g + wd·θ; b ← μ·b + g (b = g at the first step); g ← nesterov ? g + μ·b : b; θ ← θ − lr·g`.
public final class SGD: Optimizer {
    public let nesterov: Bool

    public convenience init(_ parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
    }

    /// SGD over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
        strandPrecondition(!nesterov || momentum > 0, "SGD: Nesterov momentum needs momentum > 0")
        self.nesterov = nesterov
        super.init(groups: groups, defaults: ParameterGroup([], learningRate: learningRate, weightDecay: weightDecay, momentum: momentum, beta2: 0))
    }

    public override func update(_ parameter: Parameter, gradient: Tensor, group: ParameterGroup, state: inout OptimizerState) {
        var g = gradient
        if group.weightDecay != 0 { g = g + parameter.value * group.weightDecay }
        if group.momentum != 0 {
            let buffer = state.tensors["momentum_buffer"].map { $0 * group.momentum + g } ?? g
            state.tensors["momentum_buffer"] = buffer
            g = nesterov ? g + buffer * group.momentum : buffer
        }
        parameter.value = parameter.value - g * group.learningRate
    }
}
