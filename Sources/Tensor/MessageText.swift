import Foundation

// Error messages quote values read from files — words, keys, column names — that may be of any
// length or contain control characters. These keep each quotation short and on one line, so
// every message stays within a few hundred characters.

/// `text` in double quotes with control characters escaped, cut to `limit` characters with a
/// note of how many were left out.
package func quotedForMessage(_ text: some StringProtocol, limit: Int = 60) -> String {
    let characters = Array(text)
    let kept = String(characters.prefix(limit)).unicodeScalars.map { scalar -> String in
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case _ where scalar.properties.generalCategory == .control: return scalar.escaped(asASCII: true)
        default: return String(scalar)
        }
    }.joined()
    let omitted = characters.count - min(characters.count, limit)
    return "\"\(kept)\"" + (omitted > 0 ? "…(\(omitted) more characters)" : "")
}

/// `text` cut to `limit` characters, ending in "…" when something was cut.
package func shortenedForMessage(_ text: String, limit: Int) -> String {
    text.count > limit ? String(text.prefix(limit)) + "…" : text
}

/// `items` quoted and joined with commas, at most `limit` of them, with a note of how many more.
package func quotedListForMessage(_ items: some Collection<some StringProtocol>, limit: Int = 10) -> String {
    let shown = items.prefix(limit).map { quotedForMessage($0) }.joined(separator: ", ")
    return items.count > limit ? shown + " and \(items.count - limit) more" : shown
}

/// Why decoding `data` as JSON failed, as one short line naming where: `at "tokens"[3]: Expected
/// to decode String but found number instead.` for a value of the wrong type, `syntax error:
/// Invalid value around character 7.` for a syntax error — instead of the error's multi-line dump.
package func jsonFailureForMessage(_ error: any Error, in data: Data) -> String {
    let (path, detail): ([any CodingKey], String)
    switch error as? DecodingError {
    case .dataCorrupted(let context)? where context.codingPath.isEmpty:
        // JSONDecoder does not say where the syntax breaks; JSONSerialization does.
        return "syntax error" + (jsonSyntaxError(in: data).map { ": \($0)" } ?? "")
    case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
        (path, detail) = (context.codingPath, context.debugDescription)
    case .keyNotFound(let key, let context)?:
        (path, detail) = (context.codingPath, "the key \(quotedForMessage(key.stringValue)) is missing")
    default:
        (path, detail) = ([], "\(error)")
    }
    let location = path.map { $0.intValue.map { "[\($0)]" } ?? quotedForMessage($0.stringValue) }.joined()
    let reason = shortenedForMessage(detail, limit: 200)
    return location.isEmpty ? reason : "at \(location): \(reason)"
}

/// Where `data` stops being JSON, as JSONSerialization says it (`Invalid value around character 7.`).
package func jsonSyntaxError(in data: Data) -> String? {
    do {
        _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return nil
    } catch {
        return ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String).map { shortenedForMessage($0, limit: 200) }
    }
}

/// Why the file at `url` could not be read, in words: Foundation's own descriptions of such
/// failures are often "The operation could not be completed".
package func unreadableFileReason(_ url: URL, error: any Error) -> String {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return "no such file or folder" }
    if isFolder.boolValue { return "it is a folder, not a file" }
    if !FileManager.default.isReadableFile(atPath: url.path) { return "permission denied" }
    return error.localizedDescription
}
