import Foundation

extension Learner {
    /// fastai's `export` for a trained model: its weights (`model.safetensors`) and what turns raw
    /// input into its batches — a vocabulary, a label encoder, any `Encodable` — as
    /// `vocabulary.json`, both in `directory` (created if needed). Load them with
    /// ``Module/loadExport(from:vocabulary:)``.
    public func export<Vocabulary: Encodable>(to directory: URL, vocabulary: Vocabulary) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try model.save(to: directory.appendingPathComponent("model.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(vocabulary).write(to: directory.appendingPathComponent("vocabulary.json"), options: .atomic)
    }
}

extension Module {
    /// Loads what ``Learner/export(to:vocabulary:)`` wrote: the weights into this module (every key
    /// must match) and the vocabulary, which it returns.
    public func loadExport<Vocabulary: Decodable>(from directory: URL, vocabulary: Vocabulary.Type) throws -> Vocabulary {
        try load(from: directory.appendingPathComponent("model.safetensors"))
        return try JSONDecoder().decode(Vocabulary.self, from: Data(contentsOf: directory.appendingPathComponent("vocabulary.json")))
    }
}
