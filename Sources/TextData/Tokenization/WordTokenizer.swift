/// Splits English text into words, numbers and punctuation the way the notebooks show
/// (spaCy's English rules, simplified):
/// - punctuation is split off words: `"Great!"` → `"`, `great`… (case is kept here);
/// - contractions split before the apostrophe: `didn't` → `did`, `n't`; `it's` → `it`, `'s`;
///   `we're`, `I'm`, `they'll`, `I've`, `he'd` likewise; `can't` → `ca`, `n't` as spaCy does;
/// - hyphenated words (`well-known`) and numbers (`3.5`, `1,000`, `10%` → `10`, `%`) stay whole;
/// - any run of whitespace separates tokens; newlines are not kept.
///
/// Letters outside ASCII (accents, other scripts) are word characters.
public struct WordTokenizer: Sendable {
    public init() {}

    /// The tokens of `text`, in order.
    public func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        for chunk in text.split(whereSeparator: { $0.isWhitespace }) {
            appendTokens(of: Array(chunk), to: &tokens)
        }
        return tokens
    }

    /// Contraction suffixes split off a word, longest first.
    private static let contractions: [[Character]] = ["n't", "'s", "'re", "'m", "'ll", "'ve", "'d", "n’t", "’s", "’re", "’m", "’ll", "’ve", "’d"].map(Array.init)

    private func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// Splits one whitespace-free chunk: leading punctuation, the core, trailing punctuation.
    private func appendTokens(of chunk: [Character], to tokens: inout [String]) {
        var start = 0, end = chunk.count
        var trailing: [String] = []
        // Leading punctuation, one character at a time (`"(hello` → `"`, `(`, `hello`).
        while start < end && !isWordCharacter(chunk[start]) && !startsContraction(chunk, at: start, end: end) {
            tokens.append(String(chunk[start]))
            start += 1
        }
        // Trailing punctuation, kept in order (`end!).` → …, `!`, `)`, `.`); runs of dots stay one token.
        while end > start && !isWordCharacter(chunk[end - 1]) {
            if chunk[end - 1] == ".", end - 2 >= start, chunk[end - 2] == "." {
                var dots = end - 1
                while dots > start && chunk[dots - 1] == "." { dots -= 1 }
                trailing.append(String(chunk[dots..<end]))
                end = dots
            } else {
                trailing.append(String(chunk[end - 1]))
                end -= 1
            }
        }
        if start < end { appendCore(Array(chunk[start..<end]), to: &tokens) }
        tokens.append(contentsOf: trailing.reversed())
    }

    private func startsContraction(_ chunk: [Character], at index: Int, end: Int) -> Bool {
        Self.contractions.contains { suffix in
            index + suffix.count == end && Array(chunk[index..<end]) == suffix
        }
    }

    /// A word, number or mixed core: contractions split off the end; inner punctuation other than
    /// hyphens, apostrophes and number separators splits (`and/or` → `and`, `/`, `or`).
    private func appendCore(_ core: [Character], to tokens: inout [String]) {
        if Self.contractions.contains(core) {
            tokens.append(String(core))
            return
        }
        for suffix in Self.contractions where core.count > suffix.count && core.suffix(suffix.count).elementsEqual(suffix) {
            let stem = Array(core.dropLast(suffix.count))
            if stem.last.map(isWordCharacter) == true {
                appendCore(stem, to: &tokens)
                tokens.append(String(suffix))
                return
            }
        }
        var piece: [Character] = []
        for (index, character) in core.enumerated() {
            let previous = index > 0 ? core[index - 1] : nil
            let next = index + 1 < core.count ? core[index + 1] : nil
            let joinsWords = (character == "-" || character == "'" || character == "’") && previous.map(isWordCharacter) == true && next.map(isWordCharacter) == true
            let joinsDigits = (character == "." || character == ",") && previous?.isNumber == true && next?.isNumber == true
            if isWordCharacter(character) || joinsWords || joinsDigits {
                piece.append(character)
            } else {
                if !piece.isEmpty { tokens.append(String(piece)) }
                piece = []
                tokens.append(String(character))
            }
        }
        if !piece.isEmpty { tokens.append(String(piece)) }
    }
}
