/// fastai's text processing: its rules around an English word tokeniser, producing the tokens
/// ULMFiT's vocabulary is built from.
///
/// In order (see `../shared/REFERENCE.md`): HTML clean-up (``cleanHTML(_:)``); a non-space
/// character repeated 3+ times becomes `xxrep n c` (`!!!!` → `xxrep 4 !`); spaces around `/`, `#`
/// and `\`; word tokenisation (``WordTokenizer``); a word repeated 3+ times becomes `xxwrep n w`;
/// an all-capital token longer than one character becomes `xxup` + lower case (`THIS` →
/// `xxup this`); a capitalised one `xxmaj` + lower case (`Hello` → `xxmaj hello`); everything is
/// lower-cased, and `xxbos` starts each text.
public struct FastaiTokenizer: Sendable {
    /// Whether each text starts with `xxbos`.
    public var addsBeginning: Bool
    let words = WordTokenizer()

    public init(addsBeginning: Bool = true) {
        self.addsBeginning = addsBeginning
    }

    /// The tokens of one text.
    public func tokenize(_ text: String) -> [String] {
        let prepared = markingRepetitionsAndSpacing(cleanHTML(text))
        let tokens = markingCase(markingWordRepetitions(words.tokenize(prepared)))
        return addsBeginning ? [SpecialTokens.beginning] + tokens : tokens
    }

    /// The tokens of many texts, in order, on ``Threading/count`` threads; `progress` (if given)
    /// is called with the number of texts done so far, from any thread.
    public func tokenize(_ texts: [String], progress: (@Sendable (Int) -> Void)? = nil) -> [[String]] {
        orderedParallelMap(count: texts.count, progress: progress) { tokenize(texts[$0]) }
    }

    /// One pass over the bytes for two of fastai's rules: a non-space ASCII character repeated 3 or
    /// more times becomes ` xxrep n c ` (`replace_rep`; runs of other characters are left alone),
    /// and `/`, `#`, `\` get spaces around them (`spec_add_spaces`).
    func markingRepetitionsAndSpacing(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + 16)
        var changed = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var run = 1
            while index + run < bytes.count && bytes[index + run] == byte { run += 1 }
            let isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            if run >= 3 && byte < 0x80 && !isSpace {
                output += Array(" \(SpecialTokens.characterRepetition) \(run) ".utf8) + [byte, 0x20]
                changed = true
            } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\\") {
                for _ in 0..<run { output += [0x20, byte, 0x20] }
                changed = true
            } else {
                output += bytes[index..<(index + run)]
            }
            index += run
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// `xxwrep n w` for a word repeated 3 or more times in a row (fastai's `replace_wrep`).
    func markingWordRepetitions(_ tokens: [String]) -> [String] {
        var output: [String] = []
        var index = 0
        while index < tokens.count {
            var end = index + 1
            while end < tokens.count && tokens[end] == tokens[index] { end += 1 }
            let isWord = tokens[index].first.map { $0.isLetter || $0.isNumber } == true
            if end - index >= 3 && isWord {
                output += [SpecialTokens.wordRepetition, String(end - index), tokens[index]]
            } else {
                output += tokens[index..<end]
            }
            index = end
        }
        return output
    }

    /// `xxup`/`xxmaj` before capitalised tokens, then everything lower-cased.
    func markingCase(_ tokens: [String]) -> [String] {
        var output: [String] = []
        output.reserveCapacity(tokens.count + tokens.count / 8)
        for token in tokens {
            let (marker, lowered) = Self.caseMarker(token)
            if let marker { output.append(marker) }
            output.append(lowered)
        }
        return output
    }

    /// The case marker a token needs (`xxup` all capitals, `xxmaj` capitalised, none for one
    /// letter or lower case) and its lower-case form; ASCII tokens are handled byte by byte.
    static func caseMarker(_ token: String) -> (marker: String?, lowered: String) {
        var uppercase = 0, lowercase = 0, ascii = true
        for byte in token.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x41 && byte <= 0x5A { uppercase += 1 } else if byte >= 0x61 && byte <= 0x7A { lowercase += 1 }
        }
        if ascii {
            guard uppercase > 0 else { return (nil, token) }
            let lowered = String(decoding: token.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
            guard token.utf8.count > 1 else { return (nil, lowered) }
            if lowercase == 0 { return (SpecialTokens.allCaps, lowered) }
            let first = token.utf8.first!
            return (first >= 0x41 && first <= 0x5A && uppercase == 1 ? SpecialTokens.capitalised : nil, lowered)
        }
        let lowered = token.lowercased()
        guard lowered != token && token.count > 1 else { return (nil, lowered) }
        let letters = token.filter(\.isLetter)
        if !letters.isEmpty && letters.allSatisfy(\.isUppercase) { return (SpecialTokens.allCaps, lowered) }
        if token.first!.isUppercase && token.dropFirst().allSatisfy({ !$0.isUppercase }) { return (SpecialTokens.capitalised, lowered) }
        return (nil, lowered)
    }
}
