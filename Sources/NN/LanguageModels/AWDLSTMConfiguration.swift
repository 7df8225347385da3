import Tensor

/// The sizes and dropout probabilities of an ``AWDLSTM`` and its heads, with fastai's two presets
/// (`awd_lstm_lm_config`, `awd_lstm_clas_config`) and its `drop_mult` scaling.
public struct AWDLSTMConfiguration: Sendable, Equatable, Codable {
    /// Embedding size, which is also the last LSTM's output size (`emb_sz`).
    public var embeddingSize = 400
    /// Output size of every LSTM but the last (`n_hid`).
    public var hiddenSize = 1152
    /// Number of stacked single-layer LSTMs (`n_layers`).
    public var layerCount = 3
    /// The padding token's id (`pad_token`; fastai's `xxpad` is 1).
    public var paddingIndex = 1
    /// Dropout on the last LSTM's output before the decoder or the classifier head (`output_p`).
    public var outputDropout: Float = 0.1
    /// Dropout between LSTMs, one mask per sequence (`hidden_p`).
    public var hiddenDropout: Float = 0.15
    /// Dropout on the embedded input, one mask per sequence (`input_p`).
    public var inputDropout: Float = 0.25
    /// Probability of dropping a whole word's embedding row (`embed_p`).
    public var embeddingDropout: Float = 0.02
    /// DropConnect probability on each LSTM's hidden-to-hidden weights (`weight_p`).
    public var weightDropout: Float = 0.2
    /// Whether the language model's decoder shares the embedding's weights (`tie_weights`).
    public var tieWeights = true
    /// Whether the language model's decoder has a bias (`out_bias`).
    public var outputBias = true

    public init() {}

    /// fastai's language-model configuration (`awd_lstm_lm_config`).
    public static let languageModel = AWDLSTMConfiguration()

    /// fastai's classifier configuration (`awd_lstm_clas_config`): heavier dropout.
    public static let classifier: AWDLSTMConfiguration = {
        var configuration = AWDLSTMConfiguration()
        configuration.outputDropout = 0.4
        configuration.hiddenDropout = 0.3
        configuration.inputDropout = 0.4
        configuration.embeddingDropout = 0.05
        configuration.weightDropout = 0.5
        return configuration
    }()

    /// Every dropout probability multiplied by `factor` (fastai's `drop_mult`: 1 for
    /// `language_model_learner`, 0.5 in `text_classifier_learner`'s examples).
    public func droppingMore(by factor: Float) -> AWDLSTMConfiguration {
        strandPrecondition(factor >= 0, "AWDLSTMConfiguration: drop multiplier must not be negative, got \(factor)")
        var scaled = self
        scaled.outputDropout *= factor
        scaled.hiddenDropout *= factor
        scaled.inputDropout *= factor
        scaled.embeddingDropout *= factor
        scaled.weightDropout *= factor
        return scaled
    }
}
