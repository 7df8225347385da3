import Autograd

/// Layers applied one after another, like `torch.nn.Sequential`; children are named `0`, `1`, …
/// so parameters read `0.weight`, `2.bias` as in PyTorch.
public final class Sequential: Module, Layer {
    public let layers: [any Layer<Variable, Variable>]

    public init(_ layers: [any Layer<Variable, Variable>]) {
        self.layers = layers
    }

    public convenience init(_ layers: any Layer<Variable, Variable>...) {
        self.init(layers)
    }

    public override func namedChildren() -> [(String, Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public func forward(_ x: Variable) -> Variable {
        layers.reduce(x) { value, layer in layer(value) }
    }
}
