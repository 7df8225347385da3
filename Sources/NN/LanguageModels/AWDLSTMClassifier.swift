import Autograd
import Tensor

/// An AWD-LSTM text classifier as fastai's `get_text_classifier(AWD_LSTM, …)` builds it: a
/// ``SentenceEncoder`` over an ``AWDLSTM`` and a ``PoolingLinearClassifier`` head
/// (`3 · embeddingSize → 50 → classes`, dropouts `outputDropout` and 0.1), named `0` and `1` as in
/// fastai's state dict (`0.module.encoder.weight`, `1.layers.0.2.weight`).
///
/// Shapes: chunk-padded token ids `[B, T]`, sorted by decreasing length → ``ClassifierOutput``
/// (logits `[B, classes]`).
public final class AWDLSTMClassifier: Module, Layer, StatefulModel {
    public let encoder: SentenceEncoder
    public let head: PoolingLinearClassifier

    /// - Parameters:
    ///   - vocabularySize: the number of token ids the embedding holds.
    ///   - classes: the number of classes (the logits' width).
    ///   - configuration: fastai's classifier settings by default; scale its dropouts with
    ///     ``AWDLSTMConfiguration/droppingMore(by:)`` (fastai's `drop_mult`).
    ///   - bptt: the tokens the encoder reads at a time (fastai's `seq_len`), also the window the
    ///     head looks in for the last token.
    ///   - maxLength: only the chunks within the last `maxLength` tokens are kept for the head (and
    ///     get gradients); nil keeps all (fastai's `max_len`).
    ///   - hiddenSizes: the head's hidden layers (fastai's `lin_ftrs`).
    ///   - hiddenDropouts: the dropout before the head's block after each hidden layer, one per
    ///     hidden size; nil gives 0.1 each (fastai's `ps`).
    public init(vocabularySize: Int, classes: Int, configuration: AWDLSTMConfiguration = .classifier, bptt: Int = 72,
                maxLength: Int? = 72 * 20, hiddenSizes: [Int] = [50], hiddenDropouts: [Float]? = nil) {
        encoder = SentenceEncoder(AWDLSTM(vocabularySize: vocabularySize, configuration: configuration), bptt: bptt,
                                  paddingIndex: configuration.paddingIndex, maxLength: maxLength)
        head = PoolingLinearClassifier(sizes: [3 * configuration.embeddingSize] + hiddenSizes + [classes],
                                       dropouts: [configuration.outputDropout] + (hiddenDropouts ?? hiddenSizes.map { _ in 0.1 }), bptt: bptt)
    }

    public override func namedChildren() -> [(String, Module)] {
        [("0", encoder), ("1", head)]
    }

    public func forward(_ ids: IntTensor) -> ClassifierOutput {
        head(encoder(ids))
    }

    public func reset() { encoder.reset() }

    /// fastai's layer groups for gradual unfreezing (`awd_lstm_clas_split`): the embedding, each
    /// LSTM, then the head.
    public var layerGroups: [[Parameter]] {
        let awd = encoder.module
        return [awd.encoder.parameters()] + awd.rnns.map { $0.parameters() } + [head.parameters()]
    }
}

extension AWDLSTMLanguageModel {
    /// fastai's layer groups (`awd_lstm_lm_split`): each LSTM, then the embedding with the decoder.
    public var layerGroups: [[Parameter]] {
        let tied = Set(encoder.encoder.parameters().map(ObjectIdentifier.init))
        return encoder.rnns.map { $0.parameters() } + [encoder.encoder.parameters() + decoder.parameters().filter { !tied.contains(ObjectIdentifier($0)) }]
    }
}
