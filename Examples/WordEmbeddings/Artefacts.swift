import Foundation
import Strand

/// Step 4: what a trained classifier needs to be used elsewhere — the tokenizer (vocabulary), the
/// label encoder, the weights (safetensors, PyTorch's names) and the test figures — written, then
/// read back into fresh objects to classify a sentence, as the notebook's inference cells do.
enum Artefacts {
    static func save(data: SentenceData, model: NGramCNN, results: [SentenceClassification.Result], to folder: URL) throws {
        try data.vocabulary.save(to: folder.appendingPathComponent("tokenizer.json"))
        try data.labels.save(to: folder.appendingPathComponent("label_encoder.json"))
        try model.save(to: folder.appendingPathComponent("model.safetensors"), metadata: ["embedding_dimension": "\(model.embeddings.weight.shape[1])"])
        try JSONSerialization.data(withJSONObject: results.map(\.json), options: [.prettyPrinted, .sortedKeys])
            .write(to: folder.appendingPathComponent("performance.json"))
    }

    /// Reads the artefacts back and returns the class probabilities of `sentence`, most likely first.
    static func predict(_ sentence: String, from folder: URL, preprocessing: SentencePreprocessing) throws -> [(label: String, probability: Float)] {
        let vocabulary = try Vocabulary(contentsOf: folder.appendingPathComponent("tokenizer.json"))
        let labels = try LabelEncoder(contentsOf: folder.appendingPathComponent("label_encoder.json"))
        let model = NGramCNN(vocabularySize: vocabulary.count, dimension: 50, classes: labels.classes.count)
        try model.load(from: folder.appendingPathComponent("model.safetensors"))
        let probabilities = SentenceClassification.probabilities(of: sentence, model: model, vocabulary: vocabulary, preprocessing: preprocessing)
        return zip(labels.classes, probabilities).map { (label: $0, probability: $1) }.sorted { $0.probability > $1.probability }
    }
}
