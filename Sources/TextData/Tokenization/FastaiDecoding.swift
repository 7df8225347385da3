extension FastaiTokenizer {
    /// Turns fastai tokens back into readable text — what a language model's generated tokens are
    /// shown as: `xxmaj w` → `W`, `xxup w` → `W` in capitals, `xxrep n c` → `c` n times, `xxwrep n
    /// w` → `w` n times; `xxbos`, `xxeos` and `xxpad` dropped; then the tokens joined by spaces,
    /// except before closing punctuation and contractions (`.`, `,`, `)`, `n't`, `'s`) and after
    /// opening brackets. (fastai's `decode_spec_tokens` keeps repeating every token after the first
    /// `xxrep` and joins with plain spaces; this decodes each marker once.)
    public static func decode(_ tokens: [String]) -> String {
        var words: [String] = []
        var pending: String?
        var count: Int?
        for token in tokens where ![SpecialTokens.beginning, SpecialTokens.end, SpecialTokens.padding].contains(token) {
            switch (pending, token) {
            case (_, SpecialTokens.capitalised), (_, SpecialTokens.allCaps), (_, SpecialTokens.characterRepetition), (_, SpecialTokens.wordRepetition):
                (pending, count) = (token, nil)
            case (SpecialTokens.capitalised?, _):
                words.append(token.prefix(1).uppercased() + token.dropFirst().lowercased())
                pending = nil
            case (SpecialTokens.allCaps?, _):
                words.append(token.uppercased())
                pending = nil
            case (.some, _) where count == nil:
                count = Int(token)
                if count == nil { (pending, words) = (nil, words + [token]) }
            case (SpecialTokens.characterRepetition?, _):
                words.append(String(repeating: token, count: count!))
                pending = nil
            case (.some, _):
                words += Array(repeating: token, count: count!)
                pending = nil
            default:
                words.append(token)
            }
        }
        return joinedReadably(words)
    }

    private static let closing: Set<String> = [".", ",", "!", "?", ";", ":", ")", "]", "}", "%", "…", "n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]
    private static let opening: Set<String> = ["(", "[", "{", "$"]

    private static func joinedReadably(_ words: [String]) -> String {
        var text = ""
        for (index, word) in words.enumerated() {
            let attaches = index == 0 || closing.contains(word.lowercased()) || opening.contains(words[index - 1]) || word.allSatisfy { $0 == "." || $0 == "!" || $0 == "?" }
            text += (attaches ? "" : " ") + word
        }
        return text
    }
}
