import Foundation

// TextData's file edge: every read and write goes through these, so each failure is a typed
// ``TextDataError`` naming the file.

/// The bytes of the file at `url` (memory-mapped when safe).
///
/// - Throws: ``TextDataError/unreadable(path:reason:)`` naming the file.
func readFile(_ url: URL) throws(TextDataError) -> Data {
    do {
        return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
        throw .unreadable(path: url.path, reason: error.localizedDescription)
    }
}

/// Writes `data` to `url` atomically: a crash never leaves a half-written file.
///
/// - Throws: ``TextDataError/unwritable(path:reason:)`` naming the file.
func writeFile(_ data: Data, to url: URL) throws(TextDataError) {
    do {
        try data.write(to: url, options: .atomic)
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
        throw .malformedJSON(path: url.path, reason: "\(error)")
    }
}
