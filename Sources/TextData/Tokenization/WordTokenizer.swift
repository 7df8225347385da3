/// Splits English text into words, numbers and punctuation the way the notebooks show
/// (spaCy's English rules, simplified):
/// - punctuation is split off words: `"Great!"` → `"`, `Great`, `!`, `"` (case is kept here);
/// - contractions split before the apostrophe: `didn't` → `did`, `n't`; `it's` → `it`, `'s`;
///   `we're`, `I'm`, `they'll`, `I've`, `he'd` likewise; `can't` → `ca`, `n't` as spaCy does;
/// - hyphenated words (`well-known`) and numbers (`3.5`, `1,000`, `10%` → `10`, `%`) stay whole;
///   a run of dots (`...`) is one token;
/// - any run of whitespace separates tokens; newlines are not kept.
///
/// Letters and digits outside ASCII (accents, other scripts) are word characters. The scanner
/// works on the text's UTF-8 bytes, decoding only non-ASCII characters.
public struct WordTokenizer: Sendable {
    public init() {}

    /// The tokens of `text`, in order.
    public func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            var glyphs: [Glyph] = []
            var index = 0
            while index < bytes.count {
                let glyph = Glyph.decode(bytes, at: index)
                if glyph.isWhitespace {
                    if !glyphs.isEmpty { appendTokens(of: glyphs, bytes: bytes, to: &tokens); glyphs.removeAll(keepingCapacity: true) }
                } else {
                    glyphs.append(glyph)
                }
                index = glyph.end
            }
            if !glyphs.isEmpty { appendTokens(of: glyphs, bytes: bytes, to: &tokens) }
        }
        return tokens
    }

    /// Contraction suffixes split off a word, as scalar sequences (straight and curly apostrophes).
    static let contractions: [[UInt32]] = ["n't", "'s", "'re", "'m", "'ll", "'ve", "'d", "n’t", "’s", "’re", "’m", "’ll", "’ve", "’d"]
        .map { $0.unicodeScalars.map(\.value) }

    /// Splits one whitespace-free chunk: leading punctuation, the core, trailing punctuation.
    private func appendTokens(of chunk: [Glyph], bytes: UnsafeBufferPointer<UInt8>, to tokens: inout [String]) {
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[chunk[range.lowerBound].start..<chunk[range.upperBound - 1].end]), as: UTF8.self)
        }
        var start = 0, end = chunk.count
        var trailing: [String] = []
        // Leading punctuation, one character at a time (`"(hello` → `"`, `(`, `hello`).
        while start < end && !chunk[start].isWord && !isContraction(chunk[start..<end]) {
            tokens.append(text(start..<(start + 1)))
            start += 1
        }
        // Trailing punctuation, kept in order (`end!).` → …, `!`, `)`, `.`); a run of dots is one token.
        while end > start && !chunk[end - 1].isWord {
            var first = end - 1
            if chunk[first].value == 0x2E { while first > start && chunk[first - 1].value == 0x2E { first -= 1 } }
            if first < end - 1 {
                trailing.append(text(first..<end))
                end = first
            } else {
                trailing.append(text((end - 1)..<end))
                end -= 1
            }
        }
        if start < end { appendCore(chunk[start..<end], text: text, to: &tokens) }
        tokens.append(contentsOf: trailing.reversed())
    }

    private func isContraction(_ glyphs: ArraySlice<Glyph>) -> Bool {
        Self.contractions.contains { $0.count == glyphs.count && $0.elementsEqual(glyphs.lazy.map(\.value)) }
    }

    /// A word, number or mixed core: contractions split off the end (`wouldn't've` → `would`,
    /// `n't`, `'ve`); inner punctuation other than hyphens, apostrophes and number separators
    /// splits (`and/or` → `and`, `/`, `or`).
    private func appendCore(_ whole: ArraySlice<Glyph>, text: (Range<Int>) -> String, to tokens: inout [String]) {
        // Peeled in a loop, not by recursion: a word with 100,000 stacked suffixes must not
        // exhaust the stack.
        var core = whole
        var suffixes: [Range<Int>] = []
        while !isContraction(core), let suffix = contractionSuffix(of: core) {
            suffixes.append(suffix)
            core = core[..<suffix.lowerBound]
        }
        if isContraction(core) {
            tokens.append(text(core.indices))
        } else {
            appendPieces(of: core, text: text, to: &tokens)
        }
        tokens.append(contentsOf: suffixes.reversed().map(text))
    }

    /// The range of a contraction ending `core` after a word character, if any.
    private func contractionSuffix(of core: ArraySlice<Glyph>) -> Range<Int>? {
        for suffix in Self.contractions where core.count > suffix.count {
            let stemEnd = core.endIndex - suffix.count
            if core[stemEnd...].lazy.map(\.value).elementsEqual(suffix) && core[stemEnd - 1].isWord { return stemEnd..<core.endIndex }
        }
        return nil
    }

    /// Words and numbers of `core`, split at inner punctuation other than joiners.
    private func appendPieces(of core: ArraySlice<Glyph>, text: (Range<Int>) -> String, to tokens: inout [String]) {
        var pieceStart: Int? = nil
        for index in core.indices {
            let glyph = core[index]
            let previous = index > core.startIndex ? core[index - 1] : nil
            let next = index + 1 < core.endIndex ? core[index + 1] : nil
            let joinsWords = glyph.isJoiner && previous?.isWord == true && next?.isWord == true
            let joinsDigits = (glyph.value == 0x2E || glyph.value == 0x2C) && previous?.isDigit == true && next?.isDigit == true
            if glyph.isWord || joinsWords || joinsDigits {
                if pieceStart == nil { pieceStart = index }
            } else {
                if let start = pieceStart { tokens.append(text(start..<index)) }
                pieceStart = nil
                tokens.append(text(index..<(index + 1)))
            }
        }
        if let start = pieceStart { tokens.append(text(start..<core.endIndex)) }
    }
}

/// One character of UTF-8 text (one Unicode scalar) with its byte range and class.
struct Glyph {
    let value: UInt32
    let start: Int
    let end: Int
    let isWord: Bool
    let isDigit: Bool
    let isWhitespace: Bool

    /// `-` and the two apostrophes, which join word characters on both sides.
    var isJoiner: Bool { value == 0x2D || value == 0x27 || value == 0x2019 }

    /// Decodes the scalar starting at `index` (ASCII without decoding; malformed bytes read as a
    /// replacement character that is not part of any word).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Glyph {
        let byte = bytes[index]
        if byte < 0x80 {
            let isDigit = byte >= 0x30 && byte <= 0x39
            let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            let isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            return Glyph(value: UInt32(byte), start: index, end: index + 1, isWord: isLetter || isDigit || byte == 0x5F, isDigit: isDigit, isWhitespace: isSpace)
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        let end = Swift.min(bytes.count, index + length)
        var iterator = UnsafeBufferPointer(rebasing: bytes[index..<end]).makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else {
            return Glyph(value: 0xFFFD, start: index, end: index + 1, isWord: false, isDigit: false, isWhitespace: false)
        }
        let properties = scalar.properties
        let isDigit = properties.numericType != nil
        return Glyph(value: scalar.value, start: index, end: end, isWord: properties.isAlphabetic || isDigit,
                     isDigit: isDigit, isWhitespace: properties.isWhitespace)
    }
}
