import Foundation
import Tensor

/// Why a safetensors file could not be read or written. Every case names the file.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case truncated(path: String, reason: String)
    case invalidHeader(path: String, reason: String)
    case unsupportedDType(path: String, key: String, dtype: String)
    case invalidEntry(path: String, key: String, reason: String)
    /// A well-formed file whose tensors do not fit the module loading them.
    case doesNotFit(path: String, StateDictError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write: \(reason)"
        case .truncated(let path, let reason): return "\(path): truncated safetensors file: \(reason)"
        case .invalidHeader(let path, let reason): return "\(path): invalid safetensors header: \(reason)"
        case .unsupportedDType(let path, let key, let dtype): return "\(path): tensor \(quotedForMessage(key)) has unsupported dtype \(quotedForMessage(dtype))"
        case .invalidEntry(let path, let key, let reason): return "\(path): tensor \(quotedForMessage(key)): \(reason)"
        case .doesNotFit(let path, let error): return "\(path): \(error)"
        }
    }
}

/// Reading and writing the safetensors format (huggingface/safetensors): an 8-byte little-endian
/// header length, a JSON header `{"name": {"dtype", "shape", "data_offsets": [begin, end]}, …,
/// "__metadata__": {…}}`, then the tensors' bytes, row-major and little-endian.
///
/// Reads F32, F64, F16 and BF16 into ``Tensor`` (as Float) and I64, I32, I16, I8, U8 and BOOL into
/// `IntTensor`; writes ``Tensor`` as F32 and `IntTensor` as I64, so PyTorch's
/// `safetensors.torch.load_file` reads Strand's files and the reverse.
public enum SafeTensors {
    /// The tensors of a file, in the order of their data, and its metadata.
    public struct Contents: Equatable {
        public var tensors: [(String, StateTensor)]
        public var metadata: [String: String]

        public static func == (a: Contents, b: Contents) -> Bool {
            a.metadata == b.metadata && a.tensors.map(\.0) == b.tensors.map(\.0) && a.tensors.map(\.1) == b.tensors.map(\.1)
        }

        /// The entry named `key`, if any.
        public subscript(key: String) -> StateTensor? { tensors.first { $0.0 == key }?.1 }
    }

    static let elementSizes = ["F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1]

    /// Reads a safetensors file.
    ///
    /// - Throws: ``SafeTensorsError`` for an unreadable or truncated file, a header that is not the
    ///   expected JSON, an unsupported dtype, or offsets that do not match the shapes or leave the buffer.
    public static func read(_ url: URL) throws(SafeTensorsError) -> Contents {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadable(path: url.path, reason: unreadableFileReason(url, error: error))
        }
        return try parse(data, path: url.path)
    }

    /// Parses the bytes of a safetensors file (`path` only names it in errors).
    public static func parse(_ data: Data, path: String = "<memory>") throws(SafeTensorsError) -> Contents {
        guard data.count >= 8 else { throw .truncated(path: path, reason: "\(data.count) bytes, fewer than the 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw .truncated(path: path, reason: "header declares \(headerLength) bytes but only \(data.count - 8) follow")
        }
        let headerStart = data.startIndex + 8
        let bufferStart = headerStart + Int(headerLength)
        let header = try parseHeader(data[headerStart..<bufferStart], path: path)
        let bufferSize = data.count - 8 - Int(headerLength)

        var entries: [(key: String, entry: HeaderEntry)] = []
        for (key, entry) in header.entries {
            guard let size = elementSizes[entry.dtype] else { throw .unsupportedDType(path: path, key: key, dtype: entry.dtype) }
            guard entry.shape.allSatisfy({ $0 >= 0 }) else { throw .invalidEntry(path: path, key: key, reason: "negative size in shape \(entry.shape)") }
            guard entry.offsets.count == 2 else { throw .invalidEntry(path: path, key: key, reason: "\"data_offsets\" needs two numbers, found \(entry.offsets.count)") }
            let (begin, end) = (entry.offsets[0], entry.offsets[1])
            guard begin >= 0, begin <= end, end <= bufferSize else {
                throw .invalidEntry(path: path, key: key, reason: "data_offsets [\(begin), \(end)] lie outside the \(bufferSize)-byte buffer")
            }
            // The sizes come from the file: multiply with overflow checks, so a huge shape is an error, not a trap.
            let bytes = entry.shape.reduce(Optional(size)) { product, dimension in
                product.flatMap { product in
                    let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
                    return overflow ? nil : next
                }
            }
            guard let bytes, bytes == end - begin else {
                throw .invalidEntry(path: path, key: key, reason: "shape \(entry.shape) of \(entry.dtype) needs \(bytes.map(String.init) ?? "more than Int.max") bytes, data_offsets give \(end - begin)")
            }
            entries.append((key, entry))
        }
        entries.sort { ($0.entry.offsets[0], $0.entry.offsets[1]) < ($1.entry.offsets[0], $1.entry.offsets[1]) }
        var covered = 0
        for (key, entry) in entries {
            guard entry.offsets[0] == covered else {
                throw .invalidEntry(path: path, key: key, reason: entry.offsets[0] < covered ? "its bytes overlap the previous tensor's" : "a gap of \(entry.offsets[0] - covered) bytes precedes it")
            }
            covered = entry.offsets[1]
        }
        guard covered == bufferSize else { throw .truncated(path: path, reason: "tensors cover \(covered) of the \(bufferSize) data bytes") }

        let tensors = entries.map { key, entry in
            (key, decode(data[(bufferStart + entry.offsets[0])..<(bufferStart + entry.offsets[1])], dtype: entry.dtype, shape: entry.shape))
        }
        return Contents(tensors: tensors, metadata: header.metadata)
    }

    /// One tensor's header entry.
    private struct HeaderEntry {
        let dtype: String
        let shape: [Int]
        let offsets: [Int]
    }

    /// The header: tensor entries by name, and `__metadata__`, whose values must be strings.
    private struct Header {
        var entries: [(String, HeaderEntry)] = []
        var metadata: [String: String] = [:]
    }

    private static func parseHeader(_ bytes: Data, path: String) throws(SafeTensorsError) -> Header {
        guard bytes.first == UInt8(ascii: "{") else { throw .invalidHeader(path: path, reason: "does not start with '{'") }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                throw SafeTensorsError.invalidHeader(path: path, reason: "not a JSON object")
            }
            object = parsed
        } catch let error as SafeTensorsError {
            throw error
        } catch {
            throw .invalidHeader(path: path, reason: "not valid JSON" + (jsonSyntaxError(in: bytes).map { ": \($0)" } ?? ""))
        }
        var header = Header()
        for (key, value) in object {
            if key == "__metadata__" {
                guard let metadata = value as? [String: Any] else { throw .invalidHeader(path: path, reason: "\"__metadata__\" must be an object, found \(jsonForMessage(value))") }
                for (name, value) in metadata {
                    guard let text = value as? String else {
                        throw .invalidHeader(path: path, reason: "\"__metadata__\" values must be strings, \(quotedForMessage(name)) is \(jsonForMessage(value))")
                    }
                    header.metadata[name] = text
                }
            } else {
                header.entries.append((key, try entry(value, key: key, path: path)))
            }
        }
        return header
    }

    /// A tensor's entry, read strictly: a size or offset that is not a whole number (`2.5`,
    /// `true`, `1e30`) is an error, never rounded or converted.
    private static func entry(_ value: Any, key: String, path: String) throws(SafeTensorsError) -> HeaderEntry {
        let required = ["dtype", "shape", "data_offsets"]
        guard let fields = value as? [String: Any], required.allSatisfy({ fields[$0] != nil }) else {
            throw .invalidEntry(path: path, key: key, reason: "needs \"dtype\", \"shape\" and \"data_offsets\", found \(jsonForMessage(value))")
        }
        guard let dtype = fields["dtype"] as? String else { throw .invalidEntry(path: path, key: key, reason: "\"dtype\" must be a string, found \(jsonForMessage(fields["dtype"]!))") }
        func integers(_ name: String) throws(SafeTensorsError) -> [Int] {
            let list = fields[name] as? [Any], numbers = list?.compactMap(strictInteger)
            guard let numbers, numbers.count == list?.count else {
                throw .invalidEntry(path: path, key: key, reason: "\"\(name)\" must be a list of whole numbers, found \(jsonForMessage(fields[name]!))")
            }
            return numbers
        }
        return HeaderEntry(dtype: dtype, shape: try integers("shape"), offsets: try integers("data_offsets"))
    }

    /// `value` when it is a JSON integer that fits `Int`: not a boolean, not a number with a
    /// fraction or exponent.
    private static func strictInteger(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        // JSONSerialization gives integers the C types of signed integers; booleans are `c`, other numbers `d`.
        guard ["i", "l", "q", "s"].contains(String(cString: number.objCType)) else { return nil }
        return number.intValue
    }

    /// A header value as compact JSON for a message, cut to 80 characters.
    private static func jsonForMessage(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return "\(value)" }
        return shortenedForMessage(String(decoding: data, as: UTF8.self), limit: 80)
    }

    /// Little-endian bytes of one tensor, converted to Strand's element types.
    private static func decode(_ bytes: Data, dtype: String, shape: [Int]) -> StateTensor {
        func values<T>(_ type: T.Type) -> [T] {
            bytes.withUnsafeBytes { raw in
                (0..<(raw.count / MemoryLayout<T>.size)).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
            }
        }
        switch dtype {
        case "F32": return .float(Tensor(shape: shape, scalars: values(UInt32.self).map { Float(bitPattern: UInt32(littleEndian: $0)) }))
        case "F64": return .float(Tensor(shape: shape, scalars: values(UInt64.self).map { Float(Double(bitPattern: UInt64(littleEndian: $0))) }))
        case "F16": return .float(Tensor(shape: shape, scalars: values(UInt16.self).map { Float(Float16(bitPattern: UInt16(littleEndian: $0))) }))
        case "BF16": return .float(Tensor(shape: shape, scalars: values(UInt16.self).map { Float(bitPattern: UInt32(UInt16(littleEndian: $0)) << 16) }))
        case "I64": return .int(IntTensor(shape: shape, scalars: values(UInt64.self).map { Int(Int64(bitPattern: UInt64(littleEndian: $0))) }))
        case "I32": return .int(IntTensor(shape: shape, scalars: values(UInt32.self).map { Int(Int32(bitPattern: UInt32(littleEndian: $0))) }))
        case "I16": return .int(IntTensor(shape: shape, scalars: values(UInt16.self).map { Int(Int16(bitPattern: UInt16(littleEndian: $0))) }))
        case "I8": return .int(IntTensor(shape: shape, scalars: values(Int8.self).map { Int($0) }))
        default: return .int(IntTensor(shape: shape, scalars: values(UInt8.self).map { Int($0) }))  // U8, BOOL
        }
    }

    /// Writes `tensors` (and optional string metadata) to `url` atomically: the bytes go to a
    /// temporary file beside it that then replaces `url`, so a killed process never leaves a
    /// half-written file; a later save removes temporary files that killed saves left behind
    /// (see `Documentation/ErrorPolicy.md`).
    public static func write(_ tensors: [(String, StateTensor)], metadata: [String: String] = [:], to url: URL) throws(SafeTensorsError) {
        let data = serialize(tensors, metadata: metadata)
        do {
            try writeAtomically(data, to: url)
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The bytes of a safetensors file holding `tensors`.
    public static func serialize(_ tensors: [(String, StateTensor)], metadata: [String: String] = [:]) -> Data {
        var buffer = Data()
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for (key, value) in tensors {
            let begin = buffer.count
            let dtype: String
            switch value {
            case .float(let tensor):
                dtype = "F32"
                // The file is little-endian, as every platform Strand runs on: the floats' bytes go in as they lie.
                tensor.scalars.map { $0.bitPattern.littleEndian }.withUnsafeBytes { buffer.append(contentsOf: $0) }
            case .int(let ints):
                dtype = "I64"
                ints.scalars.map { Int64($0).littleEndian }.withUnsafeBytes { buffer.append(contentsOf: $0) }
            }
            let shape = value.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonString(key)):{\"dtype\":\"\(dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(buffer.count)]}")
        }
        var header = Data(("{" + fields.joined(separator: ",") + "}").utf8)
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        header.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        var file = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(header)
        file.append(buffer)
        return file
    }

    private static func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}

extension Module {
    /// Saves the state dict to a safetensors file (atomically) that PyTorch loads with
    /// `model.load_state_dict(safetensors.torch.load_file(path))`.
    public func save(to url: URL, metadata: [String: String] = [:]) throws(SafeTensorsError) {
        try SafeTensors.write(stateDict(), metadata: metadata, to: url)
    }

    /// Loads a state dict from a safetensors file, such as one PyTorch wrote with
    /// `safetensors.torch.save_file(model.state_dict(), path)`.
    ///
    /// - Throws: ``SafeTensorsError`` for a malformed file, and ``SafeTensorsError/doesNotFit(path:_:)``
    ///   with the ``StateDictError`` for keys or shapes that do not fit this module.
    public func load(from url: URL, strict: Bool = true) throws(SafeTensorsError) {
        let tensors = try SafeTensors.read(url).tensors
        do {
            try loadStateDict(tensors, strict: strict)
        } catch {
            throw .doesNotFit(path: url.path, error)
        }
    }
}

extension Optimizer {
    /// Saves the optimiser's state (``stateDict()``) to a safetensors file, atomically.
    public func save(to url: URL) throws(SafeTensorsError) {
        try SafeTensors.write(stateDict(), to: url)
    }

    /// Restores state saved by ``save(to:)`` into an optimiser over the same parameters.
    ///
    /// - Throws: ``SafeTensorsError`` for a malformed file, and ``SafeTensorsError/doesNotFit(path:_:)``
    ///   with the ``StateDictError`` for entries that do not fit this optimiser.
    public func load(from url: URL) throws(SafeTensorsError) {
        let tensors = try SafeTensors.read(url).tensors
        do {
            try loadStateDict(tensors)
        } catch {
            throw .doesNotFit(path: url.path, error)
        }
    }
}
