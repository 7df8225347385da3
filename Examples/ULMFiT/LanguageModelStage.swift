import Foundation
import Strand

/// Notebook 001's steps 2 and 3: fastai's language-model batches, then an AWD-LSTM language model
/// pretrained on the review text (or started from fastai weights), its learning-rate finder plot,
/// one-cycle training with momentums (0.8, 0.7, 0.8), and text generated from a prompt.
struct LanguageModelStage {
    let corpus: ProcessedCorpus
    let configuration: AWDLSTMConfiguration
    let batchSize: Int
    let seed: UInt64
    let folder: URL

    /// Notebook 001's configuration is fastai's (embedding 400, hidden 1,152): about 13 s per step
    /// of 64 × 72 tokens over a 60,000-word vocabulary on 2 cores (Benchmarks/README.md), some four
    /// hours per epoch of the full reviews. At embedding 100 and hidden 300 the tied decoder over
    /// the notebook's vocabulary (up to 60,000 tokens) is most of the work, and an epoch of the full
    /// text takes about 40 minutes; on the sample, half a minute. The dropouts are fastai's,
    /// scaled by the notebook's `drop_mult=0.3`.
    static var configuration: AWDLSTMConfiguration {
        var configuration = AWDLSTMConfiguration.languageModel.droppingMore(by: 0.3)
        (configuration.embeddingSize, configuration.hiddenSize) = (100, 300)
        return configuration
    }

    /// The training batches of an epoch (documents reshuffled each time) and the validation batches.
    func data() -> DataLoaders<LanguageModelBatch> {
        let (train, valid, batchSize) = (corpus.languageModelTrain, corpus.languageModelValid, batchSize)
        let validation = LanguageModelStream(documents: valid, batchSize: min(batchSize, max(1, (valid.joined().count - 1) / 73)), sequenceLength: 72)
        return DataLoaders(train: { epoch in
            var generator = RandomGenerator(seed: seed &+ UInt64(epoch))
            return Array(LanguageModelStream(documents: train, batchSize: batchSize, sequenceLength: 72, using: &generator))
        }, valid: Array(validation))
    }

    /// Shows one batch as fastai's `show_batch` does: a row's inputs and targets, decoded.
    func showBatch(_ batch: LanguageModelBatch) {
        let row = { (ids: IntTensor) in corpus.vocabulary.decode(Array(ids.slice(axis: 0, 0..<1).scalars.prefix(20))).joined(separator: " ") }
        print("language-model batch \(batch.inputs.shape): row 0")
        print("  input:  \(row(batch.inputs)) …")
        print("  target: \(row(batch.targets)) …")
    }

    /// Pretrains (or fine-tunes pretrained weights) and returns the model with its epoch records.
    func train(pretrained: PretrainedWeights?, epochs: Int) throws -> (model: AWDLSTMLanguageModel, records: [EpochRecord], finder: LearningRateFinderResult) {
        let model = AWDLSTMLanguageModel(vocabularySize: corpus.vocabulary.count, configuration: configuration)
        let data = data()
        showBatch(data.valid[0])
        let learner = Learner.languageModel(model, data: data, weightDecay: 0.1)
        if let pretrained {
            try model.loadStateDict(pretrained.tensors)
            learner.freeze()
        }
        let finder = learner.findLearningRate()
        try learningRateFinderSVG(finder, title: "Learning rate finder, AWD-LSTM language model").write(to: folder.appendingPathComponent("lr_find_language_model.svg"), atomically: true, encoding: .utf8)
        print(String(format: "LR finder: valley %.2e, minimum/10 %.2e, steepest %.2e (plot: lr_find_language_model.svg)", finder.valley.learningRate, finder.minimum, finder.steep.learningRate))
        // fastai's ULMFiT: one cycle at 1e-2 (the last group only, for pretrained weights), then
        // everything for the remaining epochs at a lower rate.
        var records = learner.fitOneCycle(epochs: 1, maxLearningRate: 1e-2)
        learner.unfreeze()
        if epochs > 1 { records += learner.fitOneCycle(epochs: epochs - 1, maxLearningRate: LearningRates(pretrained == nil ? 5e-3 : 1e-3)) }
        return (model, records, finder)
    }

    /// Two seeded samples continuing `prompt` at temperature 0.75, without `xxunk`.
    func generate(_ model: AWDLSTMLanguageModel, prompt: String, words: Int = 40) -> [String] {
        let ids = corpus.vocabulary.encode(FastaiTokenizer().tokenize(prompt))
        let settings = SamplingSettings(temperature: 0.75, excluded: [corpus.vocabulary[SpecialTokens.unknown], corpus.vocabulary[SpecialTokens.padding]])
        return (0..<2).map { sample in
            var generator = RandomGenerator(seed: seed &+ 100 &+ UInt64(sample))
            return FastaiTokenizer.decode(corpus.vocabulary.decode(model.generate(from: ids, count: words, settings: settings, using: &generator)))
        }
    }
}
