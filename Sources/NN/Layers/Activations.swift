import Autograd
import Tensor

/// max(x, 0) as a module, like `torch.nn.ReLU`.
public final class ReLU: Module, Layer {
    public override init() {}
    public func forward(_ x: Variable) -> Variable { relu(x) }
}

/// tanh as a module, like `torch.nn.Tanh`.
public final class Tanh: Module, Layer {
    public override init() {}
    public func forward(_ x: Variable) -> Variable { tanh(x) }
}

/// The logistic sigmoid as a module, like `torch.nn.Sigmoid`.
public final class Sigmoid: Module, Layer {
    public override init() {}
    public func forward(_ x: Variable) -> Variable { sigmoid(x) }
}

/// GELU as a module, like `torch.nn.GELU(approximate=…)`.
public final class GELU: Module, Layer {
    public let approximate: GELUApproximation
    public init(approximate: GELUApproximation = .none) { self.approximate = approximate }
    public func forward(_ x: Variable) -> Variable { gelu(x, approximate: approximate) }
}

/// SiLU (swish) as a module, like `torch.nn.SiLU`.
public final class SiLU: Module, Layer {
    public override init() {}
    public func forward(_ x: Variable) -> Variable { silu(x) }
}

/// Leaky ReLU as a module, like `torch.nn.LeakyReLU(negative_slope)`.
public final class LeakyReLU: Module, Layer {
    public let negativeSlope: Float
    public init(negativeSlope: Float = 0.01) { self.negativeSlope = negativeSlope }
    public func forward(_ x: Variable) -> Variable { leakyReLU(x, negativeSlope: negativeSlope) }
}

/// ELU as a module, like `torch.nn.ELU(alpha)`.
public final class ELU: Module, Layer {
    public let alpha: Float
    public init(alpha: Float = 1) { self.alpha = alpha }
    public func forward(_ x: Variable) -> Variable { elu(x, alpha: alpha) }
}

/// Softplus as a module, like `torch.nn.Softplus(beta, threshold)`.
public final class Softplus: Module, Layer {
    public let beta: Float
    public let threshold: Float
    public init(beta: Float = 1, threshold: Float = 20) { (self.beta, self.threshold) = (beta, threshold) }
    public func forward(_ x: Variable) -> Variable { softplus(x, beta: beta, threshold: threshold) }
}

/// Hardtanh as a module, like `torch.nn.Hardtanh(min_val, max_val)`.
public final class Hardtanh: Module, Layer {
    public let minimum: Float
    public let maximum: Float
    public init(min minimum: Float = -1, max maximum: Float = 1) { (self.minimum, self.maximum) = (minimum, maximum) }
    public func forward(_ x: Variable) -> Variable { hardtanh(x, min: minimum, max: maximum) }
}

/// log σ(x) as a module, like `torch.nn.LogSigmoid`.
public final class LogSigmoid: Module, Layer {
    public override init() {}
    public func forward(_ x: Variable) -> Variable { logSigmoid(x) }
}
