import Tensor

/// FastText's subword units: the character n-grams of `<word>`, hashed into a fixed number of
/// buckets, exactly as Facebook's fastText and gensim 4.4 compute them.
///
/// ```swift
/// let ngrams = CharacterNGrams(minN: 3, maxN: 4)
/// ngrams.ngrams(of: "cat")    // ["<ca", "<cat", "cat", "cat>", "at>"]
/// ngrams.buckets(of: "cat")   // five bucket indices in 0..<2_000_000
/// ```
public struct CharacterNGrams: Sendable, Equatable {
    /// The shortest and longest n-gram, in characters (gensim's `min_n`, `max_n`).
    public var minN: Int
    public var maxN: Int
    /// How many buckets the n-grams hash into (gensim's `bucket`); 0 turns subwords off.
    public var bucketCount: Int

    public init(minN: Int = 3, maxN: Int = 6, bucketCount: Int = 2_000_000) {
        strandPrecondition(minN >= 1 && bucketCount >= 0, "CharacterNGrams: minN must be at least 1 and bucketCount not negative, got minN \(minN), bucketCount \(bucketCount)")
        self.minN = minN
        self.maxN = maxN
        self.bucketCount = bucketCount
    }

    /// The n-grams of `<word>`: every run of `minN...maxN` characters (not bytes), ordered by start
    /// and then length, the whole `<word>` included when short enough, a lone `<` or `>` never
    /// (gensim's `compute_ngrams_bytes`).
    public func ngrams(of word: String) -> [String] {
        let bytes = Self.bracketed(word)
        return byteRanges(of: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Each n-gram's bucket, in the order of ``ngrams(of:)``: its hash modulo ``bucketCount``
    /// (gensim's `ft_ngram_hashes`); empty when ``bucketCount`` is 0.
    public func buckets(of word: String) -> [Int] {
        guard bucketCount > 0 else { return [] }
        let bytes = Self.bracketed(word)
        return byteRanges(of: bytes).map { Int(Self.hash(bytes[$0])) % bucketCount }
    }

    /// fastText's 32-bit FNV-1a, with each byte sign-extended first (fastText hashes C `char`s,
    /// which are signed on x86), so a non-ASCII byte such as 0xC3 is xored in as 0xFFFFFFC3.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            hash ^= UInt32(bitPattern: Int32(Int8(bitPattern: byte)))
            hash = hash &* 16_777_619
        }
        return hash
    }

    private static func bracketed(_ word: String) -> [UInt8] { [UInt8(ascii: "<")] + Array(word.utf8) + [UInt8(ascii: ">")] }

    /// The byte ranges of the n-grams: starts on character boundaries (never on a UTF-8
    /// continuation byte), each extended one character at a time.
    private func byteRanges(of bytes: [UInt8]) -> [Range<Int>] {
        func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        var ranges: [Range<Int>] = []
        for start in bytes.indices where !isContinuation(bytes[start]) {
            var end = start, length = 1
            while end < bytes.count && length <= maxN {
                end += 1
                while end < bytes.count && isContinuation(bytes[end]) { end += 1 }
                if length >= minN && !(length == 1 && (start == 0 || end == bytes.count)) { ranges.append(start..<end) }
                length += 1
            }
        }
        return ranges
    }
}
