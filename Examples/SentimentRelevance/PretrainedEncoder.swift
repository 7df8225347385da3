import Foundation
import Strand

/// The small AWD-LSTM language model the demo's classifier starts from, as ULMFiT starts from a
/// language model (`Examples/Data/pretrained-lm`, made by `scripts/make-pretrained-lm`): fastai's
/// recipe at embedding 100 and hidden 256, two epochs over the 23,986 IMDB reviews that are not in
/// the bundled sample, so none of the demo's test reviews was read. Its weights are stored as
/// float16 (5.3 MB); they are only a starting point, which fine-tuning moves anyway.
struct PretrainedEncoder {
    static let defaultFolder = "Examples/Data/pretrained-lm"

    let configuration: AWDLSTMConfiguration
    /// The language model's tokens: the classifier must read its ids.
    let vocabulary: Vocabulary
    let weights: URL

    init(folder: URL) throws {
        configuration = try JSONDecoder().decode(AWDLSTMConfiguration.self, from: Data(contentsOf: folder.appendingPathComponent("language_model.json")))
        vocabulary = try Vocabulary(contentsOf: folder.appendingPathComponent("vocabulary.json"))
        weights = folder.appendingPathComponent("encoder.safetensors")
    }

    /// fastai's AWD-LSTM classifier (dropouts × 0.5, as the ULMFiT tutorial) of the language
    /// model's sizes; its encoder starts from the pretrained weights unless `fromScratch`.
    func classifier(fromScratch: Bool) throws -> AWDLSTMClassifier {
        var settings = AWDLSTMConfiguration.classifier.droppingMore(by: 0.5)
        (settings.embeddingSize, settings.hiddenSize, settings.layerCount) = (configuration.embeddingSize, configuration.hiddenSize, configuration.layerCount)
        let model = AWDLSTMClassifier(vocabularySize: vocabulary.count, classes: 2, configuration: settings)
        if !fromScratch { try model.encoder.module.load(from: weights) }
        return model
    }
}
