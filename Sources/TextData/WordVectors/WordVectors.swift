import Foundation
import Synchronization
import Tensor

/// Word vectors — GloVe, word2vec or FastText output — as a word list and a `[count, dimension]`
/// matrix, with gensim's `KeyedVectors` queries and the embedding matrix a vocabulary needs.
///
/// Reads Stanford's GloVe text format (`word v1 … vD` per line, no header), word2vec's text format
/// (a `count dimension` header line first) and word2vec's binary format (the same header, then per
/// word its UTF-8 bytes, a space and D little-endian float32s, optionally a newline), and
/// Facebook fastText's `.bin` models (whose n-gram vectors give unseen words vectors).
public struct WordVectors: Sendable {
    public let words: [String]
    /// `[words.count, dimension]`.
    public let vectors: Tensor
    /// FastText's n-gram vectors, which compose vectors for words outside `words`; nil for
    /// word2vec and GloVe, which have none for them.
    public let subwords: SubwordVectors?
    let index: [String: Int]
    private let unitRows = UnitRowsCache()

    public init(words: [String], vectors: Tensor, subwords: SubwordVectors? = nil) {
        strandPrecondition(vectors.rank == 2 && vectors.shape[0] == words.count, "WordVectors: \(words.count) words for vectors of shape \(vectors.shape)")
        strandPrecondition(subwords == nil || subwords!.dimension == vectors.shape[1],
                           "WordVectors: n-gram vectors of dimension \(subwords!.dimension) for word vectors of shape \(vectors.shape)")
        self.words = words
        self.vectors = vectors
        self.subwords = subwords
        var index: [String: Int] = [:]
        for (row, word) in words.enumerated() where index[word] == nil { index[word] = row }
        self.index = index
    }

    public var dimension: Int { vectors.shape[1] }
    public var count: Int { words.count }

    /// The vector of `word`: its row when in the vocabulary, else (FastText) the mean of its n-gram
    /// vectors, else nil.
    public subscript(word: String) -> Tensor? { try? vector(for: word) }

    /// The vector of `word` (see the subscript).
    ///
    /// - Throws: ``TextDataError/unknownWord(_:)`` for a word outside the vocabulary without
    ///   n-gram vectors to compose it from, ``TextDataError/noCharacterNGrams(_:minN:maxN:)`` for
    ///   one too short for any n-gram (gensim returns zeros with a warning).
    public func vector(for word: String) throws(TextDataError) -> Tensor {
        if let row = index[word] { return vectors[row] }
        guard let subwords, subwords.ngrams.bucketCount > 0 else { throw .unknownWord(word) }
        guard let composed = subwords.vector(for: word) else { throw .noCharacterNGrams(word, minN: subwords.ngrams.minN, maxN: subwords.ngrams.maxN) }
        return composed
    }

    /// Whether `word` is in the vocabulary (a FastText model also has vectors for other words).
    public func contains(_ word: String) -> Bool { index[word] != nil }

    // MARK: Reading

    /// Reads a GloVe or word2vec text file. `hasHeader` nil takes a first line of two integers as
    /// word2vec's `count dimension` header; true requires that header; false reads every line as a
    /// vector (gensim's `no_header=True`), for a file whose first word is a number with a
    /// one-dimensional vector.
    ///
    /// - Throws: ``TextDataError`` naming the line of a row with the wrong number of values or a
    ///   value that is not a number, a missing header, or a header whose count does not match.
    public static func readText(_ url: URL, hasHeader: Bool? = nil) throws(TextDataError) -> WordVectors {
        // The file's bytes scanned where they lie: strtof reads each number in place. It stops at the
        // newline ending each line; only a last line without one needs the bytes copied and ended.
        var data = try readFile(url)
        if let last = data.last, last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
        var words: [String] = [], values: [Float] = []
        var dimension: Int?, declaredCount: Int?
        var lineNumber = 0
        var row: [Float] = []
        // Data's closures take untyped errors: the parse's own comes back as a value.
        let failure = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> TextDataError? in
            guard let base = bytes.baseAddress else { return nil }
            // Mutable only in type: strtof's end pointer is `char **`; nothing is written.
            let start = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self)), end = start + bytes.count
            let lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            var lineStart = start
            while lineStart < end {
                lineNumber += 1
                let lineEnd = memchr(lineStart, 0x0A, end - lineStart).map { $0.assumingMemoryBound(to: CChar.self) } ?? end
                defer { lineStart = lineEnd + 1 }
                guard let space = memchr(lineStart, 0x20, lineEnd - lineStart)?.assumingMemoryBound(to: CChar.self) else {
                    if UnsafeBufferPointer(start: lineStart, count: lineEnd - lineStart).contains(where: { $0 != 0x20 && $0 != 0x0D }) {
                        return .malformedFile(path: url.path, line: lineNumber, format: "word vectors", reason: "a word vector line needs a word followed by numbers")
                    }
                    continue
                }
                guard Self.parseNumbers(from: space, to: lineEnd, into: &row), !row.isEmpty else {
                    return .malformedFile(path: url.path, line: lineNumber, format: "word vectors", reason: "a word vector line needs a word followed by numbers")
                }
                let wordBytes = UnsafeRawBufferPointer(start: lineStart, count: space - lineStart)
                if lineNumber == 1, hasHeader != false, row.count == 1, let count = Int(String(decoding: wordBytes, as: UTF8.self)), row[0] == row[0].rounded() {
                    // Numbers from the file: checked before they size anything.
                    guard count >= 0, let declared = Int(exactly: row[0]), declared > 0 else {
                        return .malformedFile(path: url.path, line: 1, format: "word2vec text",
                                              reason: "the header \"count dimension\" needs a count ≥ 0 and a dimension ≥ 1, found \(count) and \(row[0])")
                    }
                    (declaredCount, dimension) = (count, declared)
                    continue
                }
                let word: String
                do throws(WordVectorFileProblem) {
                    word = try Self.word(fromBytes: wordBytes)
                    try Self.checkFinite(row)
                } catch {
                    return .malformedFile(path: url.path, line: lineNumber, format: "word vectors", reason: error.reason)
                }
                if lineNumber == 1, hasHeader == true {
                    return .malformedFile(path: url.path, line: 1, format: "word2vec text", reason: "the header must be \"count dimension\"")
                }
                if dimension == nil {
                    dimension = row.count
                    values.reserveCapacity(lines * row.count)   // one allocation, not a doubling chain
                }
                guard row.count == dimension else {
                    return .malformedFile(path: url.path, line: lineNumber, format: "word vectors", reason: "\(row.count) values where the vectors have \(dimension!)")
                }
                words.append(word)
                values += row
            }
            return nil
        }
        if let failure { throw failure }
        if let declaredCount, declaredCount != words.count {
            throw .invalidDataset(path: url.path, reason: "the header declares \(declaredCount) words but \(words.count) follow")
        }
        return WordVectors(words: words, vectors: Tensor(shape: [words.count, dimension ?? 0], scalars: values))
    }

    /// Parses the numbers between `start` and `end` (a line's end) into `row`; false when anything
    /// but numbers and spaces is there.
    private static func parseNumbers(from start: UnsafeMutablePointer<CChar>, to end: UnsafeMutablePointer<CChar>, into row: inout [Float]) -> Bool {
        row.removeAll(keepingCapacity: true)
        var cursor = start
        while true {
            // Spaces skipped here, not by strtof, which would run on past the line's end.
            while cursor < end && (cursor.pointee == 0x20 || cursor.pointee == 0x09 || cursor.pointee == 0x0D) { cursor += 1 }
            guard cursor < end else { return true }
            var numberEnd: UnsafeMutablePointer<CChar>? = nil
            let value = strtof(cursor, &numberEnd)
            guard let numberEnd, numberEnd != cursor, numberEnd <= end else { return false }
            row.append(value)
            cursor = numberEnd
        }
    }

    /// Reads word2vec's binary format.
    ///
    /// - Throws: ``TextDataError/invalidDataset(path:reason:)`` for a header that is not
    ///   `count dimension`, a file shorter or longer than the header declares (so a header that
    ///   under-states the count or the dimension is caught, not read as garbage), a word that is
    ///   empty, not UTF-8 or holds a space or control character, or a value that is not finite.
    public static func readWord2VecBinary(_ url: URL) throws(TextDataError) -> WordVectors {
        let data = [UInt8](try readFile(url))
        guard let headerEnd = data.firstIndex(of: UInt8(ascii: "\n")) else { throw .invalidDataset(path: url.path, reason: "no header line") }
        let fields = String(decoding: data[..<headerEnd], as: UTF8.self).split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 2, let count = Int(fields[0]), let dimension = Int(fields[1].trimmingCharacters(in: .whitespacesAndNewlines)), count >= 0, dimension > 0 else {
            throw .invalidDataset(path: url.path, reason: "the header must be \"count dimension\" with a count ≥ 0 and a dimension ≥ 1, found \(quotedForMessage(String(decoding: data[..<min(headerEnd, 80)], as: UTF8.self)))")
        }
        // Each entry takes at least 4·dimension + 2 bytes: a header promising more than the file holds is wrong.
        let (entryBytes, overflow) = dimension.multipliedReportingOverflow(by: 4)
        guard !overflow, count <= (data.count - headerEnd) / (entryBytes + 2) else {
            throw .invalidDataset(path: url.path, reason: "the header declares \(count) words of \(dimension) values, more than the file's \(data.count) bytes hold")
        }
        var words: [String] = [], values = [Float]()
        values.reserveCapacity(count * dimension)
        var position = headerEnd + 1
        for entry in 0..<count {
            while position < data.count && data[position] == UInt8(ascii: "\n") { position += 1 }
            guard let space = data[position...].firstIndex(of: UInt8(ascii: " ")), space + 1 + 4 * dimension <= data.count else {
                throw .invalidDataset(path: url.path, reason: "truncated at word \(entry + 1) of \(count)")
            }
            let vectorStart = values.count
            do throws(WordVectorFileProblem) {
                words.append(try Self.word(fromBytes: data[position..<space]))
                data[(space + 1)..<(space + 1 + 4 * dimension)].withUnsafeBytes { raw in
                    for k in 0..<dimension { values.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)))) }
                }
                try Self.checkFinite(values[vectorStart...])
            } catch {
                throw .invalidDataset(path: url.path, reason: "word \(entry + 1) of \(count) (byte \(position)): \(error.reason)")
            }
            position = space + 1 + 4 * dimension
        }
        if let extra = data[position...].firstIndex(where: { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }) {
            throw .invalidDataset(path: url.path, reason: "\(data.count - extra) bytes follow the \(count) words of \(dimension) values the header declares (a count or dimension too small?)")
        }
        return WordVectors(words: words, vectors: Tensor(shape: [count, dimension], scalars: values))
    }

    /// A word read from a vectors file: non-empty UTF-8 without ASCII spaces or control characters
    /// (a tab after a word would otherwise become part of it; no format's words hold them). Other
    /// Unicode spaces (U+00A0) occur in real vocabularies and are kept.
    static func word(fromBytes bytes: some Collection<UInt8>) throws(WordVectorFileProblem) -> String {
        guard !bytes.isEmpty else { throw WordVectorFileProblem(reason: "the word is empty") }
        // Most words are printable ASCII: no decoding needed to know they are fine.
        if bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return String(decoding: bytes, as: UTF8.self) }
        guard let word = String(validating: bytes, as: UTF8.self) else {
            throw WordVectorFileProblem(reason: "the word's bytes are not valid UTF-8")
        }
        if let bad = word.unicodeScalars.first(where: { $0 == " " || $0.properties.generalCategory == .control }) {
            throw WordVectorFileProblem(reason: "the word \(quotedForMessage(word)) contains \(bad == " " ? "a space" : "the control character " + String(format: "U+%04X", bad.value))")
        }
        return word
    }

    /// Throws for a NaN or infinite value: one would spread through every statistic and product.
    static func checkFinite(_ values: some Collection<Float>) throws(WordVectorFileProblem) {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw WordVectorFileProblem(reason: "value \(values.distance(from: values.startIndex, to: bad) + 1) is \(values[bad]), not a finite number")
        }
    }

    // MARK: Writing

    /// Writes word2vec's binary format (atomically).
    public func writeWord2VecBinary(to url: URL) throws(TextDataError) {
        var data = Data("\(count) \(dimension)\n".utf8)
        for (row, word) in words.enumerated() {
            data.append(contentsOf: Array(word.utf8) + [UInt8(ascii: " ")])
            for value in vectors[row].scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            data.append(UInt8(ascii: "\n"))
        }
        try writeFile(data, to: url)
    }

    /// Writes word2vec's text format, with its `count dimension` header line or, with `header`
    /// false, without it (GloVe's layout; gensim's `write_header=False`), atomically.
    public func writeWord2VecText(to url: URL, header: Bool = true) throws(TextDataError) {
        var text = header ? "\(count) \(dimension)\n" : ""
        for (row, word) in words.enumerated() { text += word + " " + vectors[row].scalars.map { "\($0)" }.joined(separator: " ") + "\n" }
        try writeFile(Data(text.utf8), to: url)
    }

    // MARK: Queries

    /// The `k` words closest to `positive − negative` by cosine similarity (gensim's
    /// `most_similar`: unit vectors averaged with signs; query words excluded).
    ///
    /// Query words outside the vocabulary take their FastText n-gram vectors, as in gensim.
    ///
    /// - Throws: ``TextDataError/unknownWord(_:)`` for a query word without a vector (as gensim's
    ///   `KeyError`), or see ``vector(for:)``.
    public func mostSimilar(positive: [String], negative: [String] = [], k: Int = 10) throws(TextDataError) -> [(word: String, similarity: Float)] {
        var query = Tensor.zeros([dimension])
        for (words, sign) in [(positive, Float(1)), (negative, Float(-1))] {
            for word in words { query += try unitVector(word) * sign }
        }
        query = query / Swift.max(Float(1e-12), sqrt((query * query).sum()).item)
        return best(matmul(normalizedRows(), query).scalars, excluding: Set(positive + negative), k: k)
    }

    /// Each row scaled to unit length, computed on the first query and kept (gensim's
    /// `get_normed_vectors`): each element divided by its row's length, the length summed in double
    /// and rounded once, as NumPy's float32 norm comes out.
    func normalizedRows() -> Tensor {
        unitRows.value {
            var unit = vectors
            let dimension = dimension
            unit.withUnsafeMutableBufferPointer { values in
                for row in 0..<count {
                    let start = values.baseAddress! + row * dimension
                    var squares = 0.0
                    for k in 0..<dimension { squares += Double(start[k]) * Double(start[k]) }
                    let length = max(Float(squares.squareRoot()), 1e-12)
                    for k in 0..<dimension { start[k] /= length }
                }
            }
            return unit
        }
    }

    /// The `[vocabulary.count, dimension]` matrix for an embedding layer: each token's vector
    /// when known (also tried lower-cased), otherwise a seeded normal draw with the known vectors'
    /// standard deviation (of the finite values: a NaN in one vector must not make every drawn row
    /// NaN), and zeros for `zeroRows` (the padding index). Also returns how many tokens were found.
    public func embeddingMatrix(for vocabulary: Vocabulary, zeroRows: [Int] = [], using generator: inout RandomGenerator) -> (matrix: Tensor, found: Int) {
        if let outside = zeroRows.first(where: { !(0..<vocabulary.count).contains($0) }) {
            strandPreconditionFailure("embeddingMatrix: zero row \(outside) is outside the vocabulary's 0..<\(vocabulary.count)")
        }
        let finite = vectors.scalars.filter { $0.isFinite }
        let scale = finite.count > 1 ? Tensor(finite).variance().item.squareRoot() : 1
        var rows = Tensor.normal([vocabulary.count, dimension], mean: 0, standardDeviation: scale, using: &generator).scalars
        var found = 0
        for (id, token) in vocabulary.tokens.enumerated() {
            guard let row = index[token] ?? index[token.lowercased()] else { continue }
            rows.replaceSubrange((id * dimension)..<((id + 1) * dimension), with: vectors[row].scalars)
            found += 1
        }
        for id in zeroRows { rows.replaceSubrange((id * dimension)..<((id + 1) * dimension), with: repeatElement(0, count: dimension)) }
        return (Tensor(shape: [vocabulary.count, dimension], scalars: rows), found)
    }
}

/// The unit rows of a ``WordVectors``, made once on first use: a query over 400,000 words then
/// costs one matrix-vector product instead of also rescaling 80 MB of vectors.
private final class UnitRowsCache: Sendable {
    private let rows = Mutex<Tensor?>(nil)

    func value(_ make: () -> Tensor) -> Tensor {
        rows.withLock { rows in
            if let rows { return rows }
            let made = make()
            rows = made
            return made
        }
    }
}

/// What is wrong with one word or vector of a word-vectors file; the reader adds where.
struct WordVectorFileProblem: Error {
    let reason: String
}
