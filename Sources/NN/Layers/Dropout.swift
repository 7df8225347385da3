import Autograd
import Tensor

/// Zeroes each element with probability `p` in training and scales the rest by 1/(1 − p), like
/// `torch.nn.Dropout`; the identity in evaluation mode. Masks come from the global generator
/// (`RandomGenerator.manualSeed`).
public final class Dropout: Module, Layer {
    public let probability: Float

    public init(_ probability: Float = 0.5) {
        strandPrecondition((0...1).contains(probability), "Dropout: probability must lie in [0, 1], got \(probability)")
        self.probability = probability
    }

    public func forward(_ x: Variable) -> Variable {
        guard isTraining, probability > 0 else { return x }
        guard probability < 1 else { return x * 0 }
        let mask = Tensor.bernoulli(x.shape, probability: 1 - probability) / (1 - probability)
        return x * Variable(mask)
    }

    public override var extraDescription: String { "p=\(probability), inplace=False" }
}
