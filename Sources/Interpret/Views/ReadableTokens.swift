import Foundation

extension ExplanationRecord {
    /// The record as a reader would see the text: fastai's marker tokens folded into the words they
    /// modify — `xxmaj w` → "W", `xxup w` → "W…" in capitals, `xxrep n c` → c repeated n times,
    /// `xxwrep n w` → w repeated n times — each marker's attribution added to its word's. The
    /// structural markers `xxbos`, `xxeos` and `xxfld` modify no word: they are hidden and their
    /// attribution, given to no word (a beginning marker often carries a large share, which would
    /// otherwise crown the first word), is kept in ``unshownAttribution``, so the total
    /// ``attributionScore`` is unchanged. Tokens of other tokenisers pass through as they are;
    /// ``tokens`` of the original record keeps the raw form.
    public func readable() -> ExplanationRecord {
        var copy = self
        let folded = readableWords(tokens, attributions)
        (copy.tokens, copy.attributions) = (folded.words, folded.attributions)
        copy.unshownAttribution += folded.unshown
        return copy
    }
}

/// fastai's markers (TextData's `SpecialTokens`; Interpret does not depend on TextData).
private enum Marker {
    static let hidden: Set<String> = ["xxbos", "xxeos", "xxfld"]
    static let capitalised = "xxmaj", allCaps = "xxup", characterRepetition = "xxrep", wordRepetition = "xxwrep"
}

/// The words, their attributions and the structural markers' attribution; see ``ExplanationRecord/readable()``.
func readableWords(_ tokens: [String], _ attributions: [Float]) -> (words: [String], attributions: [Float], unshown: Float) {
    var words: [String] = [], scores: [Float] = []
    var carried: Float = 0                 // attributions of xxmaj/xxup waiting for their word
    var unshown: Float = 0                 // attributions of the hidden structural markers
    var casing: ((String) -> String)?      // what a pending xxmaj or xxup does to the next word
    var index = 0
    func emit(_ word: String, _ score: Float) {
        words.append(casing.map { $0(word) } ?? word)
        scores.append(score + carried)
        (carried, casing) = (0, nil)
    }
    while index < tokens.count {
        let token = tokens[index], score = attributions[index]
        if Marker.hidden.contains(token) {
            unshown += score
        } else if token == Marker.capitalised || token == Marker.allCaps {
            carried += score
            casing = token == Marker.allCaps ? { $0.uppercased() } : { $0.prefix(1).uppercased() + $0.dropFirst() }
        } else if token == Marker.characterRepetition || token == Marker.wordRepetition,
                  index + 2 < tokens.count, let count = Int(tokens[index + 1]), count > 0 {
            let repeated = tokens[index + 2]
            let word = token == Marker.characterRepetition ? String(repeating: repeated, count: count)
                : Array(repeating: repeated, count: count).joined(separator: " ")
            emit(word, attributions[index...(index + 2)].reduce(0, +))
            index += 2
        } else {
            emit(token, score)
        }
        index += 1
    }
    // A casing marker with no word after it modifies nothing.
    return (words, scores, unshown + carried)
}
