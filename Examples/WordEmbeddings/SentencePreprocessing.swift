import Strand

/// Notebook 003's preprocessing for classification (its `preprocess`): lower-case, stop words
/// removed as whole words, text in parentheses removed, then every run of anything but ASCII letters
/// and digits made a separator.
///
/// The notebook removes stop words with one regular expression over the raw text, `\b(w1|w2|…)\b`;
/// because each `n't` form in NLTK's list ("don't") comes after its stem ("don"), the stem always
/// matches first, so the expression removes exactly the word runs that are stop words — which is
/// what this does, run by run.
struct SentencePreprocessing: Sendable {
    let stopWords: Set<String>

    /// Which words are removed: NLTK's English list (the notebook's), that list without its
    /// negations, or none.
    enum StopWords: String, CaseIterable, Sendable {
        case notebook
        case keepNegations = "keep-negations"
        case none
    }

    /// Negation words of NLTK's English list — "not", "no", "nor" and the stems and "t" of the
    /// `n't` forms — which the notebook's stop list throws away although sentiment turns on them.
    static let negations: Set<String> = ["no", "nor", "not", "t", "ain", "aren", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven",
                                         "isn", "mightn", "mustn", "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn"]

    init(_ choice: StopWords) {
        switch choice {
        case .notebook: stopWords = englishStopWords
        case .keepNegations: stopWords = englishStopWords.subtracting(Self.negations)
        case .none: stopWords = []
        }
    }

    func tokens(_ text: String) -> [String] {
        let withoutStopWords = removingStopWords(text.lowercased())
        return asciiWords(removingParentheses(withoutStopWords))
    }

    /// The text with every word run (letters, digits, `_`: a regex `\w`) that is a stop word taken out.
    private func removingStopWords(_ text: String) -> String {
        var result = "", word = ""
        func flush() {
            if !stopWords.contains(word) { result += word }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// The text without `(…)` spans (a `(` with no `)` after it stays).
    private func removingParentheses(_ text: String) -> String {
        var result = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
            result += rest[..<open]
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private func asciiWords(_ text: String) -> [String] {
        text.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
    }
}
