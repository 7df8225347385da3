/// Parameters that share optimiser settings, like one entry of PyTorch's `param_groups`; several
/// groups with different learning rates give discriminative fine-tuning.
///
/// `momentum` is SGD's momentum and Adam's β1 (fastai's `mom`): the value one-cycle schedules
/// move. Settings an optimiser does not use are ignored by it.
public struct ParameterGroup {
    public var parameters: [Parameter]
    public var learningRate: Float
    public var weightDecay: Float
    public var momentum: Float
    public var beta2: Float

    /// A group; settings left nil take the optimiser's defaults.
    public init(_ parameters: [Parameter], learningRate: Float? = nil, weightDecay: Float? = nil, momentum: Float? = nil, beta2: Float? = nil) {
        self.parameters = parameters
        self.learningRate = learningRate ?? .nan
        self.weightDecay = weightDecay ?? .nan
        self.momentum = momentum ?? .nan
        self.beta2 = beta2 ?? .nan
    }

    /// This group with every unset (NaN) setting taken from `defaults`.
    func filled(from defaults: ParameterGroup) -> ParameterGroup {
        var group = self
        if group.learningRate.isNaN { group.learningRate = defaults.learningRate }
        if group.weightDecay.isNaN { group.weightDecay = defaults.weightDecay }
        if group.momentum.isNaN { group.momentum = defaults.momentum }
        if group.beta2.isNaN { group.beta2 = defaults.beta2 }
        return group
    }
}
