import Autograd
import Tensor

/// The AWD-LSTM encoder (Merity et al. 2017) as fastai builds it: an embedding with whole-word
/// dropout, input dropout, then stacked single-layer batch-first LSTMs (embedding size → hidden
/// size → … → embedding size), each with DropConnect on its hidden-to-hidden weights and
/// per-sequence dropout between them.
///
/// Shapes: token ids `[B, T]` → the last LSTM's output `[B, T, embeddingSize]`.
///
/// The model is stateful, as language models trained on a continuous stream of text are: each
/// batch starts from the hidden states the previous batch ended with (detached, so gradients stop
/// at the batch boundary). Call ``reset()`` at the start of each epoch and before unrelated text;
/// a batch of another size truncates the states or extends them with zeros, as fastai does.
///
/// Parameter names are fastai's: `encoder.weight`, `encoder_dp.emb.weight` (the same table),
/// `rnns.0.weight_hh_l0_raw`, `rnns.0.module.weight_ih_l0`, …, so a fastai state dict loads with
/// `strict: true`.
public final class AWDLSTM: Module, Layer {
    public let configuration: AWDLSTMConfiguration
    public let encoder: Embedding
    public let encoderDp: EmbeddingDropout
    public let rnns: [WeightDropout]
    public let inputDp: RNNDropout
    public let hiddenDps: [RNNDropout]
    /// Each LSTM's `(h, c)`, `[1, B, size]`, from the last batch: detached unless the batch was
    /// encoded with `carriesGradients`.
    private var states: [(hidden: Variable, cell: Variable)] = []

    /// An encoder for `vocabularySize` tokens. Embedding rows start U(−0.1, 0.1) (the padding row
    /// too, as in fastai), the LSTMs with PyTorch's default initialisation.
    public init(vocabularySize: Int, configuration: AWDLSTMConfiguration = .languageModel) {
        let c = configuration
        strandPrecondition(vocabularySize > 0 && c.embeddingSize > 0 && c.hiddenSize > 0 && c.layerCount > 0,
                           "AWDLSTM: sizes must be positive, got vocabulary \(vocabularySize), embedding \(c.embeddingSize), hidden \(c.hiddenSize), layers \(c.layerCount)")
        self.configuration = c
        encoder = Embedding(pretrained: Tensor.uniform([vocabularySize, c.embeddingSize], low: -0.1, high: 0.1), freeze: false,
                            paddingIndex: c.paddingIndex)
        encoderDp = EmbeddingDropout(encoder, probability: c.embeddingDropout)
        rnns = (0..<c.layerCount).map { layer in
            let inputSize = layer == 0 ? c.embeddingSize : c.hiddenSize
            let outputSize = layer == c.layerCount - 1 ? c.embeddingSize : c.hiddenSize
            return WeightDropout(LSTM(inputSize, outputSize, batchFirst: true), probability: c.weightDropout)
        }
        inputDp = RNNDropout(c.inputDropout)
        hiddenDps = (0..<c.layerCount).map { _ in RNNDropout(c.hiddenDropout) }
    }

    public func forward(_ ids: IntTensor) -> Variable {
        strandPrecondition(ids.rank == 2, "AWDLSTM: token ids must be [B, T], got shape \(ids.shape)")
        return encode(embedded: encoderDp(ids))
    }

    /// The LSTMs over token embeddings `[B, T, embeddingSize]` (``encoderDp``'s output), from
    /// the carried states: what ``forward(_:)`` does after the embedding, for a caller that
    /// embeds a whole document once and reads it in chunks (``SentenceEncoder``).
    ///
    /// - Parameters:
    ///   - embedded: the batch's token embeddings, `[B, T, embeddingSize]`.
    ///   - carriesGradients: keep the states this batch ends with on the graph, so the next
    ///     batch's gradients reach back into this one. Training detaches them (fastai's truncated
    ///     back-propagation through time); attributing a prediction to every token of a document
    ///     read in chunks needs them kept.
    public func encode(embedded: Variable, carriesGradients: Bool = false) -> Variable {
        strandPrecondition(embedded.rank == 3 && embedded.shape[2] == configuration.embeddingSize,
                           "AWDLSTM: embeddings must be [B, T, \(configuration.embeddingSize)], got shape \(embedded.shape)")
        matchStates(toBatch: embedded.shape[0])
        var output = inputDp(embedded)
        for (layer, rnn) in rnns.enumerated() {
            let result = rnn(RecurrentInput(output, initialHidden: states[layer].hidden, initialCell: states[layer].cell))
            states[layer] = carriesGradients ? (result.hidden, result.cell!) : (Variable(result.hidden.value), Variable(result.cell!.value))
            output = result.output
            if layer != rnns.count - 1 { output = hiddenDps[layer](output) }
        }
        return output
    }

    /// Forgets the carried hidden states: the next batch starts from zeros (fastai's `reset`).
    public func reset() {
        states = []
    }

    /// The carried states, truncated or extended with zero rows to `batch` sequences.
    private func matchStates(toBatch batch: Int) {
        if states.isEmpty {
            states = rnns.map { rnn in
                let zeros = Variable(Tensor.zeros([1, batch, rnn.module.hiddenSize]))
                return (zeros, zeros)
            }
            return
        }
        let current = states[0].hidden.shape[1]
        guard current != batch else { return }
        states = states.map { state in
            (resized(state.hidden, toBatch: batch, from: current), resized(state.cell, toBatch: batch, from: current))
        }
    }

    private func resized(_ state: Variable, toBatch batch: Int, from current: Int) -> Variable {
        if batch < current { return state.slice(axis: 1, 0..<batch) }
        return state.padded(axis: 1, before: 0, after: batch - current)
    }
}
