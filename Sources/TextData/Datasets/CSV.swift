import Foundation

/// An RFC 4180 CSV reader: comma-separated fields, optionally in double quotes, with `""` for a
/// quote inside them and line breaks allowed inside quoted fields; `\n` or `\r\n` ends a record;
/// blank lines are skipped (as Python's `csv` and pandas do). UTF-8. Every malformed record is
/// reported with the line it starts on.
public enum CSV {
    /// The header and the records of the file at `url`.
    ///
    /// - Throws: ``TextDataError/malformedFile(path:line:format:reason:)`` for a record with the wrong
    ///   number of fields, a stray quote, an unterminated quoted field or invalid UTF-8;
    ///   ``TextDataError/unreadable(path:reason:)`` when the file cannot be read.
    public static func read(_ url: URL) throws(TextDataError) -> (header: [String], rows: [[String]]) {
        try parse(readFile(url), path: url.path)
    }

    /// Parses CSV bytes (`path` only names them in errors).
    public static func parse(_ data: Data, path: String = "<memory>") throws(TextDataError) -> (header: [String], rows: [[String]]) {
        var records: [[String]] = []
        var line = 1
        try [UInt8](data).withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) throws(TextDataError) in
            var index = 0
            // Skip a UTF-8 byte-order mark.
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
            func endsField(_ byte: UInt8) -> Bool { byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r") {
                    if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                    continue
                }
                let recordLine = line
                var fields: [String] = []
                var atRecordEnd = false
                while !atRecordEnd {
                    var field = [UInt8]()
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        index += 1
                        var closed = false
                        while index < bytes.count {
                            let byte = bytes[index]
                            if byte == UInt8(ascii: "\"") {
                                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                                    field.append(byte)
                                    index += 2
                                    continue
                                }
                                index += 1
                                closed = true
                                break
                            }
                            if byte == UInt8(ascii: "\n") { line += 1 }
                            field.append(byte)
                            index += 1
                        }
                        guard closed else { throw .malformedFile(path: path, line: recordLine, format: "CSV", reason: "a quoted field is not closed before the end of the file") }
                        guard index >= bytes.count || endsField(bytes[index]) else {
                            throw .malformedFile(path: path, line: line, format: "CSV", reason: "text after a closing quote in field \(fields.count + 1)")
                        }
                    } else {
                        while index < bytes.count, !endsField(bytes[index]) {
                            guard bytes[index] != UInt8(ascii: "\"") else {
                                throw .malformedFile(path: path, line: line, format: "CSV", reason: "a quote inside unquoted field \(fields.count + 1)")
                            }
                            field.append(bytes[index])
                            index += 1
                        }
                    }
                    guard let text = String(validating: field, as: UTF8.self) else {
                        throw .malformedFile(path: path, line: recordLine, format: "CSV", reason: "field \(fields.count + 1) is not valid UTF-8")
                    }
                    fields.append(text)
                    if index >= bytes.count {
                        atRecordEnd = true
                    } else if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else {
                        if bytes[index] == UInt8(ascii: "\r") { index += 1 }
                        if index < bytes.count && bytes[index] == UInt8(ascii: "\n") { index += 1 }
                        line += 1
                        atRecordEnd = true
                    }
                }
                if let expected = records.first?.count, fields.count != expected {
                    throw .malformedFile(path: path, line: recordLine, format: "CSV", reason: "\(fields.count) fields where the header has \(expected)")
                }
                records.append(fields)
            }
        }
        guard let header = records.first else { return ([], []) }
        return (header, Array(records.dropFirst()))
    }
}
