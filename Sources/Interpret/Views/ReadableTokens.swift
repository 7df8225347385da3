import Foundation

extension ExplanationRecord {
    /// The record as a reader would see the text: fastai's marker tokens folded into the words they
    /// modify — `xxmaj w` → "W", `xxup w` → "W…" in capitals, `xxrep n c` → c repeated n times,
    /// `xxwrep n w` → w repeated n times, and `xxbos`, `xxeos`, `xxfld` hidden — each marker's
    /// attribution added to its word's, so the total is unchanged. Tokens of other tokenisers pass
    /// through as they are; ``tokens`` keeps the raw form.
    public func readable() -> ExplanationRecord {
        var copy = self
        (copy.tokens, copy.attributions) = readableWords(tokens, attributions)
        return copy
    }
}

/// fastai's markers (TextData's `SpecialTokens`; Interpret does not depend on TextData).
private enum Marker {
    static let hidden: Set<String> = ["xxbos", "xxeos", "xxfld"]
    static let capitalised = "xxmaj", allCaps = "xxup", characterRepetition = "xxrep", wordRepetition = "xxwrep"
}

/// The words and their attributions; see ``ExplanationRecord/readable()``.
func readableWords(_ tokens: [String], _ attributions: [Float]) -> (words: [String], attributions: [Float]) {
    var words: [String] = [], scores: [Float] = []
    var carried: Float = 0                 // attributions of markers waiting for their word
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
            carried += score
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
    // Markers after the last word (a closing xxeos) belong to it.
    if let last = scores.indices.last { scores[last] += carried }
    return (words, scores)
}
