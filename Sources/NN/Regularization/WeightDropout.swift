import Autograd
import Tensor

/// DropConnect on a recurrent layer's weights, like fastai's `WeightDropout` (AWD-LSTM's weight
/// drop): in training, each element of the named weights (by default the hidden-to-hidden
/// `weight_hh_l0`) is zeroed with probability p and the rest scaled by 1/(1 − p), with a new mask
/// at every forward; in evaluation mode the weights are used as they are.
///
/// The wrapped layer still runs as one fused operation: it reads the dropped weight computed for
/// this forward instead of its own, and the gradient reaches the raw weight through the mask. The
/// raw weights belong to this module, named `weight_hh_l0_raw`, and the wrapped layer no longer
/// lists them — fastai's state-dict keys (`rnns.0.weight_hh_l0_raw`, `rnns.0.module.weight_ih_l0`).
public final class WeightDropout: Module, Layer {
    public let module: RecurrentNetwork
    public let probability: Float
    /// The dropped weights' names in `module`, in order.
    public let weightNames: [String]
    private let rawWeights: [Parameter]

    public init(_ module: RecurrentNetwork, probability: Float, weightNames: [String] = ["weight_hh_l0"]) {
        strandPrecondition((0..<1).contains(probability), "WeightDropout: probability must lie in [0, 1), got \(probability)")
        self.module = module
        self.probability = probability
        self.weightNames = weightNames
        rawWeights = weightNames.map { name in
            guard let weight = module.weight(named: name) else {
                strandPreconditionFailure("WeightDropout: \(module.typeName) has no weight named \(name); it has \(module.namedLocalParameters().map(\.0))")
            }
            return weight
        }
        super.init()
        for (name, raw) in zip(weightNames, rawWeights) {
            // Unowned: this module owns `module`, which keeps the closure.
            module.suppliedWeights[name] = { [unowned self] in self.dropped(raw) }
        }
    }

    public override func namedLocalParameters() -> [(String, Parameter)] {
        zip(weightNames, rawWeights).map { ("\($0)_raw", $1) }
    }

    private func dropped(_ raw: Parameter) -> Variable {
        guard isTraining, probability > 0 else { return raw }
        return raw * Variable(Tensor.bernoulli(raw.shape, probability: 1 - probability) / (1 - probability))
    }

    public func forward(_ input: RecurrentInput) -> RecurrentOutput {
        module(input)
    }
}
