import Tensor

/// Problems with text data that correct code can meet: thrown, naming the file, line or value.
public enum TextDataError: Error, Equatable, CustomStringConvertible {
    case unknownLabel(String, known: [String])
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case malformedJSON(path: String, reason: String)
    case malformedFile(path: String, line: Int, format: String, reason: String)
    case unknownWord(String)
    /// A word outside a FastText vocabulary too short for any n-gram of `minN...maxN` characters.
    case noCharacterNGrams(String, minN: Int, maxN: Int)
    case missingColumn(path: String, column: String, available: [String])
    case invalidDataset(path: String, reason: String)
    /// A CSV header naming a column more than once, so a column chosen by name would be ambiguous.
    case duplicateColumn(path: String, column: String)

    public var description: String {
        switch self {
        case .unknownLabel(let label, let known): return "unknown label \(quotedForMessage(label)); the encoder knows \(quotedListForMessage(known))"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write: \(reason)"
        case .malformedJSON(let path, let reason): return "\(path): malformed JSON: \(reason)"
        case .malformedFile(let path, let line, let format, let reason): return "\(path):\(line): malformed \(format): \(reason)"
        case .unknownWord(let word): return "word \(quotedForMessage(word)) is not in the vocabulary"
        case .noCharacterNGrams(let word, let minN, let maxN):
            return "word \(quotedForMessage(word)) is not in the vocabulary and has no character n-gram of \(minN)–\(maxN) characters to compose a vector from"
        case .missingColumn(let path, let column, let available): return "\(path): no column \(quotedForMessage(column)) (columns: \(quotedListForMessage(available)))"
        case .invalidDataset(let path, let reason): return "\(path): \(reason)"
        case .duplicateColumn(let path, let column): return "\(path): the header names the column \(quotedForMessage(column)) more than once"
        }
    }
}
