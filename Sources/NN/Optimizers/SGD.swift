import CVectorMath
import Tensor

/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay,
/// like `torch.optim.SGD`: `g ← g + wd·θ; b ← μ·b + (1 − dampening)·g (b = g at the first step);
/// g ← nesterov ? g + μ·b : b; θ ← θ − lr·g` — with `maximize`, the gradient's sign is flipped first.
public final class SGD: Optimizer {
    public let nesterov: Bool
    public let dampening: Float

    public convenience init(_ parameters: [Parameter], learningRate: Float, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
                            nesterov: Bool = false, maximize: Bool = false) {
        self.init(groups: [ParameterGroup(parameters)], learningRate: learningRate, momentum: momentum, dampening: dampening, weightDecay: weightDecay,
                  nesterov: nesterov, maximize: maximize)
    }

    /// SGD over several groups; settings a group leaves unset come from the arguments.
    public init(groups: [ParameterGroup], learningRate: Float, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
                nesterov: Bool = false, maximize: Bool = false) {
        strandPrecondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs momentum > 0 and no dampening, got momentum \(momentum), dampening \(dampening)")
        self.nesterov = nesterov
        self.dampening = dampening
        super.init(groups: groups, defaults: ParameterGroup([], learningRate: learningRate, weightDecay: weightDecay, momentum: momentum, beta2: 0), maximize: maximize)
    }

    public override func update(_ parameter: Parameter, gradient: Tensor, group: ParameterGroup, state: inout OptimizerState) {
        let (rate, momentum, dampening, decay, nesterov) = (group.learningRate, group.momentum, dampening, group.weightDecay, nesterov)
        let firstStep = state.tensors["momentum_buffer"] == nil
        // One vectorized pass, in place; the momentum buffer starts as the first gradient.
        func apply(buffer: UnsafeMutablePointer<Float>?) {
            gradient.withUnsafeBufferPointer { g in
                parameter.value.withUnsafeMutableBufferPointer { p in
                    let (b, g, p) = (buffer, g.baseAddress!, p.baseAddress!)
                    Parallel.forEachChunk(count: gradient.count, costPerElement: 4) { range in
                        let start = range.lowerBound
                        strand_sgd_update(range.count, p + start, g + start, b.map { $0 + start }, rate, momentum, dampening, decay,
                                          nesterov ? 1 : 0, firstStep ? 1 : 0)
                    }
                }
            }
        }
        guard momentum != 0 else { return apply(buffer: nil) }
        // Taken out of the state so it is uniquely held and updated in place.
        var buffer = state.tensors.removeValue(forKey: "momentum_buffer") ?? Tensor.zeros(gradient.shape)
        buffer.withUnsafeMutableBufferPointer { apply(buffer: $0.baseAddress) }
        state.tensors["momentum_buffer"] = buffer
    }
}
