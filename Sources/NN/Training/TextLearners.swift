import Autograd
import Tensor

/// A language model's batch: token ids and the next token at every position, both `[B, T]`.
public typealias LanguageModelBatch = (inputs: IntTensor, targets: IntTensor)

/// A text classifier's batch: chunk-padded token ids `[B, T]` sorted by decreasing length, and
/// their classes `[B]`.
public typealias ClassifierBatch = (ids: IntTensor, labels: IntTensor)

extension Learner where Batch == LanguageModelBatch, Output == LanguageModelOutput {
    /// fastai's `language_model_learner`: cross-entropy over every next token, accuracy and
    /// perplexity, AR (α 2) and TAR (β 1), hidden states reset before each pass, momentums
    /// (0.8, 0.7, 0.8), the model's layer groups (each LSTM, then embedding and decoder), and the
    /// rest as a ``Learner``'s defaults (fastai's Adam, weight decay 0.01 not on biases).
    public static func languageModel(_ model: AWDLSTMLanguageModel, data: DataLoaders<Batch>, learningRate: LearningRates = 1e-3,
                                     weightDecay: Float = 0.01, callbacks: [any LearnerCallback] = []) -> Learner {
        let learner = Learner(model: model, data: data, forward: { model($0.inputs) },
                              loss: { output, batch in
                                  CrossEntropyLoss()(output.logits.reshaped([-1, output.logits.shape[2]]), batch.targets.reshaped([-1]))
                              },
                              scores: { output, batch in (output.logits.value, batch.targets) },
                              metrics: [Accuracy(), Perplexity()], layerGroups: model.layerGroups,
                              optimizer: { fastaiAdam($0, weightDecay: weightDecay) }, learningRate: learningRate,
                              callbacks: [ModelResetter(), RNNRegularizer(alpha: 2, beta: 1)] + callbacks)
        learner.momentums = (0.8, 0.7, 0.8)
        return learner
    }
}

extension Learner where Batch == ClassifierBatch, Output == ClassifierOutput {
    /// fastai's `text_classifier_learner`: cross-entropy, accuracy, AR (α 2) and TAR (β 1),
    /// momentums (0.8, 0.7, 0.8), the model's layer groups (embedding, each LSTM, head) for
    /// gradual unfreezing, and the rest as a ``Learner``'s defaults.
    public static func textClassifier(_ model: AWDLSTMClassifier, data: DataLoaders<Batch>, metrics: [any Metric] = [Accuracy()],
                                      learningRate: LearningRates = 1e-3, weightDecay: Float = 0.01,
                                      callbacks: [any LearnerCallback] = []) -> Learner {
        let learner = Learner(model: model, data: data, forward: { model($0.ids) },
                              loss: { output, batch in CrossEntropyLoss()(output.logits, batch.labels) },
                              scores: { output, batch in (output.logits.value, batch.labels) },
                              metrics: metrics, layerGroups: model.layerGroups,
                              optimizer: { fastaiAdam($0, weightDecay: weightDecay) }, learningRate: learningRate,
                              callbacks: [ModelResetter(), RNNRegularizer(alpha: 2, beta: 1)] + callbacks)
        learner.momentums = (0.8, 0.7, 0.8)
        return learner
    }
}
