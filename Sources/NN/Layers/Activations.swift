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
