import ArgumentParser
import Foundation
import Strand

/// `strand generate`: text continued from a prompt by a language model `strand lm` trained,
/// sampling each next token at a temperature (fastai's `LMLearner.predict`).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Continue a prompt with a trained language model.")

    @Argument(help: "The folder `strand lm` wrote.") var model: String
    @Option(help: "The text to continue.") var prompt: String
    @Option(help: "How many tokens to add.") var words = 40
    @Option(help: "Below 1 sharper, above 1 more varied (fastai's notebooks: 0.75).") var temperature: Float = 0.75
    @Option(help: "How many continuations.") var samples = 2
    @Option(help: "Seed of the first sample (the others follow).") var seed: UInt64 = 1

    func validate() throws {
        guard words > 0, samples > 0, temperature > 0 else { throw ValidationError("--words, --samples and --temperature must be positive") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: model)
        let configurationURL = folder.appendingPathComponent(LanguageModelCommand.configurationFile)
        guard FileManager.default.fileExists(atPath: configurationURL.path) else {
            throw CommandError("\(quotedForMessage(model)) holds no language model (no \(LanguageModelCommand.configurationFile)): train one with `strand lm … --output \(model)`")
        }
        let settings: AWDLSTMConfiguration
        do {
            settings = try JSONDecoder().decode(AWDLSTMConfiguration.self, from: Data(contentsOf: configurationURL))
        } catch {
            throw CommandError("\(quotedForMessage(configurationURL.path)) is not a language-model configuration written by strand lm: \(error)")
        }
        let vocabulary = try Vocabulary(contentsOf: folder.appendingPathComponent(TrainedClassifier.vocabularyFile))
        let languageModel = AWDLSTMLanguageModel(vocabularySize: vocabulary.count, configuration: settings)
        try languageModel.load(from: folder.appendingPathComponent(TrainedClassifier.weightsFile))

        let ids = vocabulary.encode(FastaiTokenizer(addsBeginning: true).tokenize(prompt))
        let sampling = SamplingSettings(temperature: temperature,
                                        excluded: Set([SpecialTokens.unknown, SpecialTokens.padding, SpecialTokens.field].map { vocabulary[$0] }))
        for sample in 0..<samples {
            var generator = RandomGenerator(seed: seed &+ UInt64(sample))
            let tokens = languageModel.generate(from: ids, count: words, settings: sampling, using: &generator)
            print("\(sample + 1). " + FastaiTokenizer.decode(vocabulary.decode(tokens)))
        }
    }
}
