import Foundation
import Tensor

/// Maps class labels to ids 0…n−1 and back, like scikit-learn's `LabelEncoder`: classes sorted.
public struct LabelEncoder: Codable, Equatable, Sendable {
    /// The classes, by id.
    public let classes: [String]

    /// Learns the classes of `labels` (sorted, each once).
    public init<Labels: Sequence>(fitting labels: Labels) where Labels.Element == String {
        classes = Array(Set(labels)).sorted()
    }

    /// An encoder with exactly these classes, in this order.
    ///
    /// - Precondition: the classes are distinct.
    public init(classes: [String]) {
        if let duplicate = Self.duplicate(in: classes) { strandPreconditionFailure("LabelEncoder: classes must be distinct, \(duplicate)") }
        self.classes = classes
    }

    /// A sentence naming the first class that appears twice, if any.
    private static func duplicate(in classes: [String]) -> String? {
        classes.firstRepeated.map { "\(quotedForMessage($0)) appears more than once among the \(classes.count) classes" }
    }

    private enum CodingKeys: String, CodingKey { case classes }

    /// Decodes `{"classes": [...]}`, checking what ``init(classes:)`` checks.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let classes = try container.decode([String].self, forKey: .classes)
        if let duplicate = Self.duplicate(in: classes) {
            throw DecodingError.dataCorruptedError(forKey: .classes, in: container, debugDescription: "classes must be distinct: \(duplicate)")
        }
        self.classes = classes
    }

    /// The id of each label.
    ///
    /// - Throws: ``TextDataError/unknownLabel(_:known:)`` for a label not seen when fitting.
    public func encode(_ labels: [String]) throws(TextDataError) -> [Int] {
        let ids = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var encoded: [Int] = []
        encoded.reserveCapacity(labels.count)
        for label in labels {
            guard let id = ids[label] else { throw .unknownLabel(label, known: classes) }
            encoded.append(id)
        }
        return encoded
    }

    /// The label of each id.
    public func decode(_ ids: [Int]) -> [String] {
        ids.map { id in
            strandPrecondition((0..<classes.count).contains(id), "LabelEncoder.decode: id \(id) is outside 0..<\(classes.count)")
            return classes[id]
        }
    }

    /// scikit-learn's "balanced" class weights for encoded labels: `n / (classes · count(c))`,
    /// the weights `CrossEntropyLoss(weight:)` takes to even out unbalanced classes.
    public func classWeights(_ ids: [Int]) -> Tensor {
        var counts = [Int](repeating: 0, count: classes.count)
        for id in ids {
            strandPrecondition(counts.indices.contains(id), "LabelEncoder.classWeights: id \(id) is outside 0..<\(classes.count)")
            counts[id] += 1
        }
        return Tensor(counts.map { $0 == 0 ? 0 : Float(ids.count) / Float(classes.count * $0) })
    }

    /// Writes the encoder as JSON, atomically.
    public func save(to url: URL) throws(TextDataError) {
        try writeJSON(self, to: url)
    }

    /// Reads an encoder written by ``save(to:)``.
    ///
    /// - Throws: ``TextDataError/malformedJSON(path:reason:)`` naming the file and the key, for
    ///   contents that are not such an encoder (duplicated classes included).
    public init(contentsOf url: URL) throws(TextDataError) {
        self = try readJSON(LabelEncoder.self, from: url)
    }
}
