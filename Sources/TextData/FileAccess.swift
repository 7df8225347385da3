import Foundation
import Tensor

// TextData's file edge: every read and write goes through these, so each failure is a typed
// ``TextDataError`` naming the file.

/// The bytes of the file at `url` (memory-mapped when safe).
///
/// - Throws: ``TextDataError/unreadable(path:reason:)`` naming the file.
func readFile(_ url: URL) throws(TextDataError) -> Data {
    do {
        return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
        throw .unreadable(path: url.path, reason: unreadableFileReason(url, error: error))
    }
}

/// The UTF-8 text of the file at `url`.
///
/// - Throws: ``TextDataError/unreadable(path:reason:)`` for a file that cannot be read or whose
///   bytes are not UTF-8, naming the line of the first invalid byte (never replaced silently).
func readUTF8Text(_ url: URL) throws(TextDataError) -> String {
    let data = try readFile(url)
    if let text = String(validating: data, as: UTF8.self) { return text }
    var bytes = data.makeIterator(), decoder = UTF8(), line = 1
    decoding: while true {
        switch decoder.decode(&bytes) {
        case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
        case .emptyInput, .error: break decoding
        }
    }
    throw .unreadable(path: url.path, reason: "not valid UTF-8 text (line \(line))")
}

/// Writes `data` to `url` atomically (``writeAtomically(_:to:)``): a killed process never leaves
/// a half-written file, and the temporary files of killed writes are cleaned up by the next.
///
/// - Throws: ``TextDataError/unwritable(path:reason:)`` naming the file.
func writeFile(_ data: Data, to url: URL) throws(TextDataError) {
    do {
        try writeAtomically(data, to: url)
    } catch {
        throw .unwritable(path: url.path, reason: error.localizedDescription)
    }
}

/// `value` as JSON, written atomically to `url`.
func writeJSON<Value: Encodable>(_ value: Value, to url: URL) throws(TextDataError) {
    let data: Data
    do {
        data = try JSONEncoder().encode(value)
    } catch {
        throw .unwritable(path: url.path, reason: error.localizedDescription)
    }
    try writeFile(data, to: url)
}

/// A `Value` read from the JSON file at `url`.
///
/// - Throws: ``TextDataError/unreadable(path:reason:)`` or, for contents that do not decode,
///   ``TextDataError/malformedJSON(path:reason:)``.
func readJSON<Value: Decodable>(_ type: Value.Type, from url: URL) throws(TextDataError) -> Value {
    let data = try readFile(url)
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch {
        throw .malformedJSON(path: url.path, reason: jsonFailureForMessage(error, in: data))
    }
}
