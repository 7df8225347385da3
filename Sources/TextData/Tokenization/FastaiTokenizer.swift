import Dispatch

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
        let prepared = spacedSpecialCharacters(replacingCharacterRepetitions(cleanHTML(text)))
        let tokens = markingCase(markingWordRepetitions(words.tokenize(prepared)))
        return addsBeginning ? [SpecialTokens.beginning] + tokens : tokens
    }

    /// The tokens of many texts, in order, on ``Threading/count`` threads; `progress` (if given)
    /// is called with the number of texts done so far, from any thread.
    public func tokenize(_ texts: [String], progress: (@Sendable (Int) -> Void)? = nil) -> [[String]] {
        tokenizeInParallel(texts, progress: progress) { tokenize($0) }
    }

    /// `xxrep n c` for runs of 3 or more of one non-space character (fastai's `replace_rep`).
    func replacingCharacterRepetitions(_ text: String) -> String {
        var output = ""
        var characters = text.makeIterator()
        var current = characters.next()
        while let character = current {
            var count = 1
            var next = characters.next()
            while next == character {
                count += 1
                next = characters.next()
            }
            if count >= 3 && !character.isWhitespace {
                output += " \(SpecialTokens.characterRepetition) \(count) \(character) "
            } else {
                output += String(repeating: String(character), count: count)
            }
            current = next
        }
        return output
    }

    /// Spaces around `/`, `#` and `\` (fastai's `spec_add_spaces`).
    func spacedSpecialCharacters(_ text: String) -> String {
        guard text.contains(where: { $0 == "/" || $0 == "#" || $0 == "\\" }) else { return text }
        var output = ""
        for character in text {
            if character == "/" || character == "#" || character == "\\" { output += " \(character) " } else { output.append(character) }
        }
        return output
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
            if SpecialTokens.all.contains(token) {
                output.append(token)
                continue
            }
            let lowered = token.lowercased()
            if lowered != token && token.count > 1 {
                let letters = token.filter(\.isLetter)
                if !letters.isEmpty && letters.allSatisfy(\.isUppercase) {
                    output.append(SpecialTokens.allCaps)
                } else if token.first!.isUppercase && token.dropFirst().allSatisfy({ !$0.isUppercase }) {
                    output.append(SpecialTokens.capitalised)
                }
            }
            output.append(lowered)
        }
        return output
    }
}

/// Runs `tokenize` over `texts` on ``Threading/count`` threads, keeping order.
func tokenizeInParallel(_ texts: [String], progress: (@Sendable (Int) -> Void)?, _ tokenize: @escaping @Sendable (String) -> [String]) -> [[String]] {
    let results = UnsafeMutableBufferPointer<[String]>.allocate(capacity: texts.count)
    _ = results.initialize(repeating: [])
    defer { results.deallocate() }
    nonisolated(unsafe) let output = results
    let done = DoneCounter()
    Parallel.forEachChunk(count: texts.count, costPerElement: Parallel.minimumElementsPerThread) { range in
        // Report every 256 texts so a progress bar moves on long runs.
        for start in stride(from: range.lowerBound, to: range.upperBound, by: 256) {
            let block = start..<min(range.upperBound, start + 256)
            for index in block { output[index] = tokenize(texts[index]) }
            let total = done.add(block.count)
            progress?(total)
        }
    }
    return Array(results)
}

/// A thread-safe running count for progress reports.
final class DoneCounter: @unchecked Sendable {
    private var count = 0
    private let lock = DispatchQueue(label: "strand.tokenize.progress")
    func add(_ amount: Int) -> Int { lock.sync { count += amount; return count } }
}
