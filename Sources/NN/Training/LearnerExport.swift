import Foundation
import Tensor

/// Why ``Module/loadExport(from:vocabulary:)`` could not read an export's `vocabulary.json`.
public struct ExportError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}

extension Learner {
    /// fastai's `export` for a trained model: its weights (`model.safetensors`) and what turns raw
    /// input into its batches — a vocabulary, a label encoder, any `Encodable` — as
    /// `vocabulary.json`, both in `directory` (created if needed), each written atomically. Load
    /// them with ``Module/loadExport(from:vocabulary:)``.
    public func export<Vocabulary: Encodable>(to directory: URL, vocabulary: Vocabulary) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try model.save(to: directory.appendingPathComponent("model.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try writeAtomically(encoder.encode(vocabulary), to: directory.appendingPathComponent("vocabulary.json"))
    }
}

extension Module {
    /// Loads what ``Learner/export(to:vocabulary:)`` wrote: the weights into this module (every key
    /// must match) and the vocabulary, which it returns.
    ///
    /// - Throws: ``SafeTensorsError`` for the weights, ``ExportError`` for a vocabulary file that
    ///   cannot be read or decoded (naming the file and where in it).
    public func loadExport<Vocabulary: Decodable>(from directory: URL, vocabulary: Vocabulary.Type) throws -> Vocabulary {
        try load(from: directory.appendingPathComponent("model.safetensors"))
        let file = directory.appendingPathComponent("vocabulary.json")
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ExportError(path: file.path, reason: "cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(Vocabulary.self, from: data)
        } catch {
            throw ExportError(path: file.path, reason: "malformed JSON: \(jsonFailureForMessage(error, in: data))")
        }
    }
}
