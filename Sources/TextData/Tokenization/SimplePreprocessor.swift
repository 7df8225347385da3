/// The preprocessing of notebook 003: lower-case, keep letters and digits, put spaces around
/// punctuation (which is kept as tokens) and drop other symbols, optionally removing English stop
/// words; then split on whitespace.
///
/// `"Hello, World! It's 2024."` → `hello , world ! it ' s 2024 .`
public struct SimplePreprocessor: Sendable {
    /// Words removed when `removesStopWords` is set.
    public var stopWords: Set<String>
    public var removesStopWords: Bool

    public init(removesStopWords: Bool = false, stopWords: Set<String> = englishStopWords) {
        self.removesStopWords = removesStopWords
        self.stopWords = stopWords
    }

    /// Punctuation kept as separate tokens.
    static let punctuation: Set<Character> = [".", ",", "!", "?", ";", ":", "'", "\"", "(", ")", "-"]

    /// The cleaned text, tokens separated by single spaces.
    public func clean(_ text: String) -> String {
        tokenize(text).joined(separator: " ")
    }

    /// The tokens of `text`.
    public func tokenize(_ text: String) -> [String] {
        var spaced = ""
        spaced.reserveCapacity(text.utf8.count + 16)
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                spaced.append(character)
            } else if Self.punctuation.contains(character) {
                spaced += " \(character) "
            } else {
                spaced.append(" ")
            }
        }
        let tokens = spaced.split(separator: " ").map(String.init)
        return removesStopWords ? tokens.filter { !stopWords.contains($0) } : tokens
    }
}

/// A character tokeniser: every character a token, spaces included; ``decode(_:)`` joins them back.
public struct CharacterTokenizer: Sendable {
    public init() {}
    public func tokenize(_ text: String) -> [String] { text.map(String.init) }
    public func decode(_ tokens: [String]) -> String { tokens.joined() }
}

/// Joins word tokens back into readable text: no space before closing punctuation and
/// contractions, none after opening brackets; fastai's case markers are applied (`xxmaj word` →
/// `Word`, `xxup word` → `WORD`) and other special tokens kept as written.
public func decodeTokens(_ tokens: [String]) -> String {
    let attachesLeft: Set<String> = [".", ",", "!", "?", ";", ":", ")", "]", "}", "%", "...", "n't", "'s", "'re", "'m", "'ll", "'ve", "'d"]
    let attachesRight: Set<String> = ["(", "[", "{", "$"]
    var output = ""
    var pendingCase: String?
    var previous: String?
    for token in tokens {
        if token == SpecialTokens.capitalised || token == SpecialTokens.allCaps {
            pendingCase = token
            continue
        }
        var word = token
        if pendingCase == SpecialTokens.capitalised { word = word.prefix(1).uppercased() + word.dropFirst() }
        if pendingCase == SpecialTokens.allCaps { word = word.uppercased() }
        pendingCase = nil
        if let previous, !attachesLeft.contains(token), !attachesRight.contains(previous) { output += " " }
        output += word
        previous = token
    }
    return output
}
