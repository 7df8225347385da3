import Foundation
import Strand

/// The small AWD-LSTM language model the demo's classifier starts from, as ULMFiT starts from a
/// language model (`data/pretrained-lm`, made by `scripts/make-pretrained-lm` from the data
/// `scripts/fetch-data` fetches): fastai's recipe at embedding 100 and hidden 256, two epochs over
/// the 23,986 IMDB reviews that are not in the bundled sample, so none of the demo's test reviews
/// was read. Its weights are stored as float16; they are only a starting point, which fine-tuning
/// moves anyway.
struct PretrainedEncoder {
    static let defaultFolder = "data/pretrained-lm"
    /// The classifier's sizes without the language model: GloVe 6B 50d's dimension, and the
    /// language model's hidden size and depth; `--from-scratch` trains the same model.
    static let sizes = (embedding: 50, hidden: 256, layers: 3)

    let configuration: AWDLSTMConfiguration
    /// The language model's tokens: the classifier must read its ids.
    let vocabulary: Vocabulary
    let weights: URL

    /// The language model in `folder`; nil when it has not been made.
    init?(folder: URL) throws {
        let settings = folder.appendingPathComponent("language_model.json")
        guard FileManager.default.fileExists(atPath: settings.path) else { return nil }
        configuration = try JSONDecoder().decode(AWDLSTMConfiguration.self, from: Data(contentsOf: settings))
        vocabulary = try Vocabulary(contentsOf: folder.appendingPathComponent("vocabulary.json"))
        weights = folder.appendingPathComponent("encoder.safetensors")
    }

    /// fastai's AWD-LSTM classifier (dropouts × 0.5, as the ULMFiT tutorial) for `vocabularySize`
    /// tokens; its encoder starts from `pretrained`'s weights, or from random ones without it.
    static func classifier(vocabularySize: Int, pretrained: PretrainedEncoder?) throws -> AWDLSTMClassifier {
        var settings = AWDLSTMConfiguration.classifier.droppingMore(by: 0.5)
        (settings.embeddingSize, settings.hiddenSize, settings.layerCount) = pretrained.map {
            ($0.configuration.embeddingSize, $0.configuration.hiddenSize, $0.configuration.layerCount)
        } ?? sizes
        let model = AWDLSTMClassifier(vocabularySize: vocabularySize, classes: 2, configuration: settings)
        if let pretrained { try model.encoder.module.load(from: pretrained.weights) }
        return model
    }
}
