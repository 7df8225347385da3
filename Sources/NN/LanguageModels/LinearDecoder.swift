import Autograd
import Tensor

/// What a language model returns for a batch: the next-token logits and the two versions of the
/// encoder's last output that AR and TAR regularise.
public struct LanguageModelOutput: HookValue {
    /// `[B, T, vocabulary]`.
    public var logits: Variable
    /// The encoder's output `[B, T, H]` as it came (TAR penalises its changes over time).
    public var raw: Variable
    /// The same after the output dropout (AR penalises its size).
    public var dropped: Variable

    public var hookVariables: [Variable] { [logits, raw, dropped] }

    public func replacingHookVariables(_ variables: [Variable]) -> LanguageModelOutput {
        LanguageModelOutput(logits: variables[0], raw: variables[1], dropped: variables[2])
    }
}

/// A language model's output layer, like fastai's `LinearDecoder`: per-sequence dropout, then a
/// linear map to the vocabulary, its weight optionally the embedding's own (tied weights:
/// Inan et al. 2016, Press & Wolf 2017).
///
/// Shapes: `[B, T, hiddenSize]` → ``LanguageModelOutput`` with logits `[B, T, vocabularySize]`.
public final class LinearDecoder: Module, Layer {
    public let decoder: Linear
    public let outputDp: RNNDropout

    /// A decoder from `hiddenSize` features to `vocabularySize` logits. With `tiedTo`, the weight
    /// is that parameter (an embedding's `[vocabularySize, hiddenSize]` table); otherwise it starts
    /// U(−0.1, 0.1). The bias starts at zero.
    public init(vocabularySize: Int, hiddenSize: Int, outputDropout: Float = 0.1, tiedTo tied: Parameter? = nil, bias: Bool = true) {
        if let tied {
            strandPrecondition(tied.shape == [vocabularySize, hiddenSize],
                               "LinearDecoder: a tied weight must be [\(vocabularySize), \(hiddenSize)], got \(tied.shape)")
        }
        let weight = tied ?? Parameter(Tensor.uniform([vocabularySize, hiddenSize], low: -0.1, high: 0.1))
        decoder = Linear(weight: weight, bias: bias ? Parameter(Tensor.zeros([vocabularySize])) : nil)
        outputDp = RNNDropout(outputDropout)
    }

    public func forward(_ hidden: Variable) -> LanguageModelOutput {
        let dropped = outputDp(hidden)
        return LanguageModelOutput(logits: decoder(dropped), raw: hidden, dropped: dropped)
    }
}
