import Autograd
import Tensor

/// Dropout with one mask per sequence, shared over time, like fastai's `RNNDropout` (AWD-LSTM's
/// "locked" or variational dropout): for batch-first `[B, T, F]` activations the mask is
/// `[B, 1, F]`, so a feature dropped for a sequence stays dropped at every step. Kept elements are
/// scaled by 1/(1 − p); the identity in evaluation mode. A new mask is drawn at each forward from
/// the global generator.
public final class RNNDropout: Module, Layer {
    public let probability: Float

    public init(_ probability: Float = 0.5) {
        strandPrecondition((0..<1).contains(probability), "RNNDropout: probability must lie in [0, 1), got \(probability)")
        self.probability = probability
    }

    public func forward(_ x: Variable) -> Variable {
        guard isTraining, probability > 0 else { return x }
        strandPrecondition(x.rank >= 2, "RNNDropout: input must be [B, T, …], got shape \(x.shape)")
        var maskShape = x.shape
        maskShape[1] = 1
        return x * Variable(Tensor.bernoulli(maskShape, probability: 1 - probability) / (1 - probability))
    }
}
