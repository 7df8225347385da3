import Foundation
import Strand

/// A trained classifier with what turns text into its input and its output into labels — the
/// tokenizer (fastai's rules), the vocabulary and the label encoder — and the folder that holds
/// them: `configuration.json`, `vocabulary.json`, `labels.json`, `model.safetensors` (PyTorch's
/// state-dict names) and `metrics.json`.
struct TrainedClassifier {
    static let configurationFile = "configuration.json"
    static let vocabularyFile = "vocabulary.json"
    static let labelsFile = "labels.json"
    static let weightsFile = "model.safetensors"
    static let metricsFile = "metrics.json"

    let model: TextClassifier
    let vocabulary: Vocabulary
    let labels: LabelEncoder
    let tokenizer = FastaiTokenizer(addsBeginning: true)

    /// Reads the folder `strand train` wrote.
    init(contentsOf folder: URL) throws {
        let configurationURL = folder.appendingPathComponent(Self.configurationFile)
        guard FileManager.default.fileExists(atPath: configurationURL.path) else {
            throw CommandError("\(quotedForMessage(folder.path)) holds no trained model (no \(Self.configurationFile)): train one with `strand train … --output \(folder.path)`")
        }
        let configuration: TextClassifier.Configuration
        do {
            configuration = try JSONDecoder().decode(TextClassifier.Configuration.self, from: Data(contentsOf: configurationURL))
        } catch {
            throw CommandError("\(quotedForMessage(configurationURL.path)) is not a model configuration written by strand train: \(error)")
        }
        vocabulary = try Vocabulary(contentsOf: folder.appendingPathComponent(Self.vocabularyFile))
        labels = try LabelEncoder(contentsOf: folder.appendingPathComponent(Self.labelsFile))
        guard vocabulary.count == configuration.vocabularySize, labels.classes.count == configuration.classes else {
            throw CommandError("\(quotedForMessage(folder.path)) is inconsistent: the configuration says \(configuration.vocabularySize) tokens and \(configuration.classes) classes, "
                               + "the files hold \(vocabulary.count) tokens and \(labels.classes.count) classes")
        }
        model = TextClassifier(configuration)
        try model.load(from: folder.appendingPathComponent(Self.weightsFile))
    }

    init(model: TextClassifier, vocabulary: Vocabulary, labels: LabelEncoder) {
        (self.model, self.vocabulary, self.labels) = (model, vocabulary, labels)
    }

    /// Writes the classifier and `metrics` to `folder`, all at once (``writeModelFolder(_:replacing:_:)``).
    func write(to folder: URL, metrics: [String: Any], replacing: Bool) throws {
        try writeModelFolder(folder, replacing: replacing) { temporary in
            try JSONEncoder.sorted.encode(model.configuration).write(to: temporary.appendingPathComponent(Self.configurationFile))
            try vocabulary.save(to: temporary.appendingPathComponent(Self.vocabularyFile))
            try labels.save(to: temporary.appendingPathComponent(Self.labelsFile))
            try model.save(to: temporary.appendingPathComponent(Self.weightsFile))
            try writeJSON(metrics, to: temporary.appendingPathComponent(Self.metricsFile))
        }
    }

    /// The token that stands for "no information" in attribution baselines and occluded positions:
    /// padding, except for the AWD-LSTM, whose encoder masks padding out entirely (a text of padding
    /// has nothing to pool), so the unknown token stands in.
    var referenceID: Int { model.awd == nil ? model.configuration.paddingID : vocabulary.unknownID }

    /// The tokens of `text` as the model sees them, and their ids.
    func encode(_ text: String) -> (tokens: [String], ids: [Int]) {
        let tokens = tokenizer.tokenize(text)
        return (tokens, vocabulary.encode(tokens))
    }

    /// Each text's class probabilities, in the order of `labels.classes`.
    func probabilities(_ texts: [String]) -> [[Float]] {
        model.probabilities(texts.map { encode($0).ids })
    }
}
