// Notebook 001 (ULMFiT): tokenise the reviews with fastai's rules, pretrain an AWD-LSTM language
// model on them (or start from fastai weights), then fine-tune a classifier on its encoder by
// gradual unfreezing — and, for comparison, the same classifier from random weights.
//
//   swift run -c release ULMFiT [--full] [--pretrained FILE.safetensors --pretrained-vocabulary FILE.json]
//                               [--lm-epochs N] [--classifier-epochs N] [--seed 2026] [--output output/ulmfit]
import ArgumentParser
import ExampleSupport
import Foundation
import Strand

@main
struct ULMFiT: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pretrain an AWD-LSTM language model on movie reviews and fine-tune a sentiment classifier on it (ULMFiT).")

    @Flag(help: "Use the 25,000 IMDB reviews and 8,530 Rotten Tomatoes sentences fetched by scripts/fetch-data instead of the bundled sample.")
    var full = false

    @Option(help: "A fastai AWD-LSTM language model converted by scripts/convert_fastai.py, to start from instead of random weights.")
    var pretrained: String?

    @Option(help: "The pretrained model's vocabulary: a JSON list of its tokens in id order (json.dump(learn.dls.vocab)).")
    var pretrainedVocabulary: String?

    @Option(help: "Language-model epochs (default: 3 on the sample, 2 with --full).")
    var lmEpochs: Int?

    @Option(help: "Classifier epochs with every group unfrozen, after the three gradual-unfreezing epochs.")
    var classifierEpochs = 2

    @Option(help: "Seed for the splits, initialisation, dropout and batch order.")
    var seed: UInt64 = 2026

    @Option(help: "Folder for the cached corpus, vocabulary, plots, weights and metrics.json.")
    var output = "output/ulmfit"

    mutating func validate() throws {
        guard (pretrained == nil) == (pretrainedVocabulary == nil) else {
            throw ValidationError("--pretrained and --pretrained-vocabulary go together")
        }
    }

    mutating func run() throws {
        print(RuntimeReport.current)
        RandomGenerator.manualSeed(seed)
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        print("== 1. Tokenise and numericalise")
        let corpus = try ProcessedCorpus.load(full: full, seed: seed, folder: folder)
        print("vocabulary \(corpus.vocabulary.count) tokens; language model: \(corpus.languageModelTrain.count) training and "
              + "\(corpus.languageModelValid.count) validation texts; classifier: \(corpus.train.count) train, \(corpus.valid.count) valid, \(corpus.test.count) test reviews")
        corpus.showBatch()

        print("\n== 2–3. Language model")
        let weights = try pretrained.map { try PretrainedWeights(file: URL(fileURLWithPath: $0), vocabularyFile: URL(fileURLWithPath: pretrainedVocabulary!), vocabulary: corpus.vocabulary) }
        let languageModel = LanguageModelStage(corpus: corpus, configuration: weights?.configuration ?? LanguageModelStage.configuration,
                                               batchSize: full ? 64 : 32, seed: seed, folder: folder)
        print("AWD-LSTM: embedding \(languageModel.configuration.embeddingSize), hidden \(languageModel.configuration.hiddenSize), \(languageModel.configuration.layerCount) layers, fastai's dropouts × 0.3 (the notebook's drop_mult)")
        let lmStart = Date()
        let (lm, lmRecords, finder) = try languageModel.train(pretrained: weights, epochs: lmEpochs ?? (full ? 2 : 3))
        let lmSeconds = Date().timeIntervalSince(lmStart)
        try lm.encoder.save(to: folder.appendingPathComponent("lm_encoder.safetensors"))
        let prompt = "I liked this movie because"
        let samples = languageModel.generate(lm, prompt: prompt)
        for (index, sample) in samples.enumerated() { print("sample \(index + 1) (temperature 0.75): \(sample)") }

        print("\n== 4–5. Classifier: pretrained encoder, then from scratch")
        var classifierConfiguration = AWDLSTMConfiguration.classifier.droppingMore(by: 0.5)
        (classifierConfiguration.embeddingSize, classifierConfiguration.hiddenSize) = (languageModel.configuration.embeddingSize, languageModel.configuration.hiddenSize)
        let stage = ClassifierStage(corpus: corpus, configuration: classifierConfiguration, batchSize: full ? 64 : 32, seed: seed)
        let (classifier, pretrainedResult) = try stage.train(name: "ULMFiT (language-model encoder)", encoder: lm.encoder, finalEpochs: classifierEpochs)
        print(pretrainedResult.metrics.report(classNames: ["negative", "positive"]))
        print("confusion (rows true, columns predicted): \(pretrainedResult.metrics.confusion)")
        let sentences = ["This movie was a delight from start to finish.", "A dull, lifeless mess. I want my two hours back.", "Not bad at all, although the ending drags."]
        let predictions = stage.predict(classifier, sentences: sentences)
        for (sentence, positive) in predictions { print(String(format: "P(positive) = %.3f  %@", positive, sentence)) }
        let (_, scratchResult) = try stage.train(name: "from scratch (random encoder)", encoder: nil, finalEpochs: classifierEpochs)
        try classifier.save(to: folder.appendingPathComponent("classifier.safetensors"))

        let results = [pretrainedResult, scratchResult]
        print("\nclassifier                          test accuracy  macro F1  epochs  minutes")
        for result in results {
            print(result.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                  + String(format: "%13.3f  %8.3f  %6d  %7.1f", result.metrics.accuracy, result.metrics.macro(result.metrics.f1), result.records.count, result.seconds / 60))
        }
        let summary: [String: Any] = [
            "full": full, "seed": seed, "vocabulary": corpus.vocabulary.count, "pretrained": pretrained ?? NSNull(),
            "language_model": ["embedding": languageModel.configuration.embeddingSize, "hidden": languageModel.configuration.hiddenSize,
                               "epochs": lmRecords.map { ["train_loss": $0.trainLoss, "valid_loss": $0.validLoss, "accuracy": $0[metric: "accuracy"] ?? .nan,
                                                          "perplexity": $0[metric: "perplexity"] ?? .nan, "seconds": $0.seconds] },
                               "minutes": lmSeconds / 60, "lr_find_valley": finder.valley.learningRate, "samples": samples],
            "classifiers": results.map { ["name": $0.name, "test_accuracy": $0.metrics.accuracy, "test_f1_macro": $0.metrics.macro($0.metrics.f1),
                                          "confusion": $0.metrics.confusion, "valid_accuracy": $0.records.compactMap { $0[metric: "accuracy"] },
                                          "minutes": $0.seconds / 60] },
            "predictions": predictions.map { ["sentence": $0.sentence, "positive": $0.positive] },
        ]
        try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys]).write(to: folder.appendingPathComponent("metrics.json"))
        print("Wrote metrics.json, lr_find_language_model.svg, lm_encoder.safetensors, classifier.safetensors, corpus.safetensors and vocabulary.json to \(folder.path)")
    }
}
