import Foundation
import Tensor

extension WordVectors {
    /// Reads a model saved by Facebook's fastText (`model.bin`, also gensim's
    /// `save_facebook_model`): the vocabulary, the words' composed vectors and the n-gram buckets'
    /// vectors, so that words outside the vocabulary get vectors — the same as gensim 4.4's
    /// `load_facebook_vectors`.
    ///
    /// The layout (little-endian): magic 793712314 and version; twelve `int32` settings and the
    /// sampling threshold as a `double`; the dictionary (sizes, then per entry a NUL-terminated
    /// word, an `int64` count and a type byte); the input matrix — the words' own vectors, then
    /// one per bucket — as a quantisation flag, `int64` rows and columns and `float32`s; and the
    /// output matrix likewise. Files from before fastText 0.2 (2017) start directly with the
    /// dimension and window and have no pruned index and no quantisation flags; they are read too.
    ///
    /// - Throws: ``TextDataError/invalidDataset(path:reason:)`` naming the byte offset and what was
    ///   expected, for a file that is not such a model, is truncated, is quantised (`.ftz`) or is
    ///   a supervised classifier (which has labels, not word vectors) — the last two as gensim.
    public static func readFacebookFastText(_ url: URL) throws(TextDataError) -> WordVectors {
        var reader = FastTextBinaryReader(bytes: [UInt8](try readFile(url)), path: url.path)
        let magic: Int32 = try reader.read("the magic number")
        let _: Int32 = try reader.read("the version")
        reader.isOldFormat = magic != 793_712_314
        // The old format's first two numbers are the dimension and the window.
        let settings: [Int32] = (reader.isOldFormat ? [magic] : []) + (try (0..<(reader.isOldFormat ? 10 : 12)).map { _ throws(TextDataError) in
            try reader.read("the model's settings")
        })
        let _: Double = try reader.read("the sampling threshold")
        let (dimension, buckets, minN, maxN) = (Int(settings[0]), Int(settings[settings.count - 4]), Int(settings[settings.count - 3]), Int(settings[settings.count - 2]))
        guard dimension > 0, dimension <= 100_000, buckets >= 0, minN >= 0, maxN >= 0 else {
            throw reader.error("not a fastText model: dimension \(dimension), \(buckets) buckets, n-grams of \(minN)–\(maxN) characters", at: 0)
        }
        let words = try readDictionary(&reader)
        let ngrams = CharacterNGrams(minN: max(minN, 1), maxN: maxN, bucketCount: buckets)
        let input = try readMatrix(&reader, named: "input", rows: words.count + buckets, columns: dimension)
        let own = input[0..<words.count], subwords = SubwordVectors(ngrams: ngrams, vectors: input[words.count..<(words.count + buckets)])
        let output = try reader.readMatrixHeader("output")
        try reader.skip(4 * output.rows * output.columns, "the output matrix's \(output.rows)×\(output.columns) values")
        guard reader.isAtEnd else { throw reader.error("the file should end after the output matrix", at: reader.offset) }
        let composed = subwords.composedVectors(words: words, own: own)
        if let bad = composed.scalars.firstIndex(where: { !$0.isFinite }) {
            throw reader.error("the vector of \(quotedForMessage(words[bad / dimension])) composed from its n-grams is not finite (their values sum beyond Float's range)", at: 0)
        }
        return WordVectors(words: words, vectors: composed, subwords: subwords)
    }

    /// The dictionary's words (fastText's labels would follow them; supervised models are refused).
    private static func readDictionary(_ reader: inout FastTextBinaryReader) throws(TextDataError) -> [String] {
        let start = reader.offset
        let size: Int32 = try reader.read("the dictionary's size"), words: Int32 = try reader.read("the number of words")
        let labels: Int32 = try reader.read("the number of labels")
        let _: Int64 = try reader.read("the number of tokens")
        // fastText writes −1 for "not pruned".
        let pruned: Int64 = reader.isOldFormat ? 0 : max(0, try reader.read("the pruned index's size"))
        guard labels == 0 else { throw reader.error("a supervised model (\(labels) labels) has no word vectors to read, as in gensim", at: start) }
        guard size >= 0, words == size else { throw reader.error("a dictionary of \(size) entries of which \(words) are words", at: start) }
        let entries = try (0..<Int(size)).map { _ throws(TextDataError) -> String in
            let word = try reader.readWord()
            let _: Int64 = try reader.read("a word's count")
            let _: Int8 = try reader.read("a word's type")
            return word
        }
        guard pruned <= Int64(reader.bytes.count / 8) else { throw reader.error("a pruned index of \(pruned) entries cannot fit the file's \(reader.bytes.count) bytes", at: start) }
        try reader.skip(8 * Int(pruned), "the pruned index")
        return entries
    }

    private static func readMatrix(_ reader: inout FastTextBinaryReader, named name: String, rows: Int, columns: Int) throws(TextDataError) -> Tensor {
        let start = reader.offset
        let shape = try reader.readMatrixHeader(name)
        guard shape == (rows, columns) else {
            throw reader.error("the \(name) matrix should be \(rows)×\(columns) (words + buckets × dimension), found \(shape.rows)×\(shape.columns)", at: start)
        }
        return Tensor(shape: [rows, columns], scalars: try reader.readFloats(rows * columns, "the \(name) matrix's values"))
    }
}

/// Little-endian reads from a fastText model's bytes, each throwing with the offset and what it
/// expected when the file ends early.
private struct FastTextBinaryReader {
    let bytes: [UInt8]
    let path: String
    private(set) var offset = 0
    /// A file from before fastText 0.2: no magic number, pruned index or quantisation flags.
    var isOldFormat = false

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    var isAtEnd: Bool { offset == bytes.count }

    func error(_ reason: String, at offset: Int) -> TextDataError {
        .invalidDataset(path: path, reason: "fastText model, byte \(offset): \(reason)")
    }

    mutating func skip(_ count: Int, _ what: String) throws(TextDataError) {
        guard count >= 0, count <= bytes.count - offset else {
            throw error("the file ends (\(bytes.count) bytes) before \(what) (\(count) bytes)", at: offset)
        }
        offset += count
    }

    mutating func read<Value: FixedWidthInteger>(_ what: String) throws(TextDataError) -> Value {
        let start = offset
        try skip(MemoryLayout<Value>.size, what)
        return bytes.withUnsafeBytes { Value(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: Value.self)) }
    }

    mutating func read(_ what: String) throws(TextDataError) -> Double {
        Double(bitPattern: try read(what) as UInt64)
    }

    /// A NUL-terminated UTF-8 word.
    mutating func readWord() throws(TextDataError) -> String {
        guard let end = bytes[offset...].firstIndex(of: 0) else { throw error("a word runs to the end of the file without its NUL terminator", at: offset) }
        do throws(WordVectorFileProblem) {
            let word = try WordVectors.word(fromBytes: bytes[offset..<end])
            offset = end + 1
            return word
        } catch {
            throw self.error(error.reason, at: offset)
        }
    }

    /// A matrix's quantisation flag (refused when set) and its rows and columns.
    mutating func readMatrixHeader(_ name: String) throws(TextDataError) -> (rows: Int, columns: Int) {
        let start = offset
        let quantised: UInt8 = isOldFormat ? 0 : try read("the \(name) matrix's quantisation flag")
        guard quantised == 0 else { throw error("the \(name) matrix is quantised (a .ftz model), which is not read, as in gensim", at: start) }
        let rows: Int64 = try read("the \(name) matrix's rows"), columns: Int64 = try read("the \(name) matrix's columns")
        // Sizes from the file: compared by division, so no product of them can overflow.
        guard rows >= 0, columns > 0, columns <= Int64(bytes.count) / 4, rows <= Int64(bytes.count) / (4 * columns) else {
            throw error("the \(name) matrix's shape \(rows)×\(columns) does not fit the file's \(bytes.count) bytes", at: start)
        }
        return (Int(rows), Int(columns))
    }

    /// `count` floats, each finite.
    mutating func readFloats(_ count: Int, _ what: String) throws(TextDataError) -> [Float] {
        let start = offset
        try skip(4 * count, what)
        let values = bytes.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: UInt32.self))) }
        }
        do throws(WordVectorFileProblem) {
            try WordVectors.checkFinite(values)
        } catch {
            throw self.error("\(what): \(error.reason)", at: start)
        }
        return values
    }
}
