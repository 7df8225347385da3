import Autograd
import Tensor

/// An AWD-LSTM language model as fastai's `get_language_model(AWD_LSTM, vocabularySize)` builds
/// it: the ``AWDLSTM`` encoder and a ``LinearDecoder`` whose weight is the embedding's. The two
/// are named `0` and `1`, so parameter names (`0.rnns.0.weight_hh_l0_raw`, `1.decoder.bias`)
/// are the keys of fastai's state dict.
///
/// Shapes: token ids `[B, T]` → ``LanguageModelOutput`` (logits `[B, T, vocabularySize]`). The
/// encoder carries its hidden states from batch to batch; ``reset()`` clears them.
public final class AWDLSTMLanguageModel: Module, Layer {
    public let encoder: AWDLSTM
    public let decoder: LinearDecoder

    public init(vocabularySize: Int, configuration: AWDLSTMConfiguration = .languageModel) {
        encoder = AWDLSTM(vocabularySize: vocabularySize, configuration: configuration)
        decoder = LinearDecoder(vocabularySize: vocabularySize, hiddenSize: configuration.embeddingSize,
                                outputDropout: configuration.outputDropout,
                                tiedTo: configuration.tieWeights ? encoder.encoder.weight : nil, bias: configuration.outputBias)
    }

    public override func namedChildren() -> [(String, Module)] {
        [("0", encoder), ("1", decoder)]
    }

    public func forward(_ ids: IntTensor) -> LanguageModelOutput {
        decoder(encoder(ids))
    }

    /// Clears the encoder's carried hidden states.
    public func reset() {
        encoder.reset()
    }
}
