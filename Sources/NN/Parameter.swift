import Autograd
import Tensor

/// A learnable tensor owned by a module: a leaf `Variable` that requires gradients until frozen.
///
/// Modules find their parameters by reflection, so declaring a stored `Parameter` property is all
/// it takes to register one (see ``Module``).
public final class Parameter: Variable {
    /// A parameter with the given initial value.
    public init(_ value: Tensor) {
        super.init(value, requiresGrad: true)
    }

    /// False when frozen: the parameter then gets no gradient and optimisers skip it.
    public var isTrainable: Bool { requiresGrad }
}

/// A tensor a module keeps in its state dict without learning it, like BatchNorm's running
/// statistics (PyTorch's registered buffers).
public final class Buffer {
    /// The current value.
    public var value: StateTensor

    public init(_ value: Tensor) { self.value = .float(value) }

    public init(_ value: IntTensor) { self.value = .int(value) }

    /// The value as a float tensor (integer buffers converted).
    public var tensor: Tensor {
        switch value {
        case .float(let tensor): return tensor
        case .int(let ints): return ints.asFloat()
        }
    }
}

/// A state-dict entry: parameters and most buffers are float tensors; counters and token ids are
/// integer tensors (PyTorch's int64).
public enum StateTensor: Equatable, Sendable {
    case float(Tensor)
    case int(IntTensor)

    /// The entry's shape.
    public var shape: [Int] {
        switch self {
        case .float(let tensor): return tensor.shape
        case .int(let ints): return ints.shape
        }
    }
}
