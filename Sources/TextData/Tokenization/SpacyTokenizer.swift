import Foundation

/// spaCy 3.8's English word tokenizer (`spacy.blank("en").tokenizer`), token for token.
///
/// The algorithm of spaCy's `Tokenizer`, on code points:
/// 1. The text is cut into chunks at changes between whitespace and other characters; one space
///    after a chunk is dropped, other whitespace (`"\n"`, `"\n\n"`, a second space) becomes tokens.
/// 2. A chunk that is a special case (a tokenizer exception: `don't` → `do`, `n't`; `i.e.`; `:)`;
///    `cannot` → `can`, `not`) becomes its tokens.
/// 3. Otherwise prefixes (`"`, `(`, `$`, …) and suffixes (`"`, `)`, `.`, `'s`, `km` after a digit, …)
///    are split off in turn until none is left or what is left is a special case.
/// 4. What is left is kept whole when it looks like a URL or host name (`URLMatcher`), else split
///    at infixes: `...`, `…`, symbols, `-`/`+`/`*`/`^` between digits, `.` between a lower-case letter
///    and a capital, `,` between letters, hyphens after a letter or digit and before a letter,
///    `:<>=/` between a letter or digit and a letter.
/// 5. Special cases that the rules above would split (emoticons such as `:)`, abbreviations such as
///    `e.g.`) are put back together where their pieces follow each other in a chunk.
///
/// The rules and tables are spaCy 3.8's English data (`SpacyEnglishTables`), so, as in spaCy, the
/// tokenizer is case-sensitive (fastai lower-cases first) and knows only the scripts spaCy's
/// character classes list. Not reproduced: spaCy's lexeme attributes (norms, flags) and
/// `Doc` objects — the output is the token texts — and its tokenizer cache, which never changes
/// the tokens. Deliberately simpler: step 5 looks within each chunk, where spaCy's matcher runs over
/// the whole text and lets a candidate spanning whitespace (never applied) block a neighbour, as in
/// `back'' ''return` (spaCy `'' ' '`, here `'' ''`); and code points above U+FFFF in a host name's
/// last part are not letters to the URL rule.
public struct SpacyTokenizer: Sendable {
    /// Special cases: the exact chunk text → its tokens.
    private let specialCases: [String: [String]]
    /// The lengths in code points (bit `min(length, 63)`) and first six code points of the special
    /// cases: most chunks are ruled out with these, without making a `String` to look up.
    private let specialLengths: UInt64
    private let specialStarts: ScalarKeyTable<Void>
    /// Special cases that prefix, suffix or infix rules would split, as the tokens they would be
    /// split into (spaCy's `_special_matcher`), indexed by their first token.
    private let splitSpecialCases: [String: [(pieces: [String], key: String)]]
    /// The first code points of those first tokens: most tokens are ruled out without a look-up.
    private let splitSpecialStarts: ScalarSet
    /// Whether one of those is a single piece (else a chunk of one token needs no look).
    private let hasSinglePieceSpecialCase: Bool

    /// The English tokenizer, with `extraSpecialCases` (strings kept as one token each, as fastai
    /// adds its `xxbos`, `xxmaj`, …) added to spaCy's exceptions.
    public init(extraSpecialCases: [String] = []) {
        var cases = Self.englishExceptions
        for token in extraSpecialCases { cases[token] = [token] }
        var split: [String: [(pieces: [String], key: String)]] = [:]
        let plain = SpacyTokenizer(specialCases: [:], splitSpecialCases: [:])
        for (key, tokens) in cases {
            let scalars = ArraySlice(key.unicodeScalars.map(\.value))
            let rulesApply = SpacyAffixRules.prefixLength(of: scalars) > 0 || SpacyAffixRules.suffixLength(of: scalars) > 0
                || !SpacyAffixRules.infixes(in: scalars).isEmpty || key.contains(" ")
            guard rulesApply else { continue }
            let pieces = plain.tokenize(key)
            if pieces == tokens && tokens.count == 1 { continue }  // putting it back would change nothing
            split[pieces[0], default: []].append((pieces, key))
        }
        self.init(specialCases: cases, splitSpecialCases: split)
    }

    private init(specialCases: [String: [String]], splitSpecialCases: [String: [(pieces: [String], key: String)]]) {
        self.specialCases = specialCases
        let keys = specialCases.keys.map { $0.unicodeScalars.map(\.value) }
        specialLengths = keys.reduce(0) { $0 | 1 << UInt64(Swift.min($1.count, 63)) }
        specialStarts = ScalarKeyTable(Dictionary(keys.map { (ScalarKey($0.prefix(ScalarKey.capacity)), ()) }) { first, _ in first })
        self.splitSpecialCases = splitSpecialCases
        splitSpecialStarts = ScalarSet(members: Set(splitSpecialCases.keys.compactMap { $0.unicodeScalars.first?.value }))
        hasSinglePieceSpecialCase = splitSpecialCases.values.joined().contains { $0.pieces.count == 1 }
    }

    /// The tokens of the special case `text` is, if it is one.
    private func specialCase(_ text: ArraySlice<UInt32>) -> [String]? {
        guard specialLengths & 1 << UInt64(Swift.min(text.count, 63)) != 0,
              specialStarts[ScalarKey(text.prefix(ScalarKey.capacity))] != nil else { return nil }
        return specialCases[string(scalars: text)]
    }

    /// spaCy's English tokenizer exceptions, read once from the generated table.
    static let englishExceptions: [String: [String]] = {
        let json = Data(SpacyEnglishTables.exceptionsJSON.utf8)
        guard let table = try? JSONSerialization.jsonObject(with: json) as? [String: [String]] else {
            fatalError("SpacyEnglishTables.exceptionsJSON is not a JSON object of string lists; regenerate it")
        }
        return table
    }()

    /// The tokens of `text` (spaCy's `[t.text for t in nlp.tokenizer(text)]`).
    public func tokenize(_ text: String) -> [String] {
        var text = text
        return text.withUTF8(tokens(of:))
    }

    /// The tokens of a text given as UTF-8.
    func tokens(of bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var tokens: [String] = []
        forEachSpacyChunk(bytes) { range in
            tokens += self.tokens(ofChunk: UnsafeBufferPointer(rebasing: bytes[range]))
        }
        return tokens
    }

    /// The tokens of one chunk (no whitespace inside, or whitespace only), given as UTF-8.
    func tokens(ofChunk chunk: UnsafeBufferPointer<UInt8>) -> [String] {
        let scalars = scalarValues(chunk)
        let tokens = specialCase(scalars[...]) ?? splitByAffixes(scalars[...])
        return tokens.count > 1 || hasSinglePieceSpecialCase ? joiningSplitSpecialCases(tokens) : tokens
    }

    /// Steps 3 and 4: prefixes and suffixes off (`_split_affixes`), then the rest whole, as a
    /// special case, as a URL, or split at infixes (`_attach_tokens`).
    private func splitByAffixes(_ text: ArraySlice<UInt32>) -> [String] {
        var low = text.startIndex, high = text.endIndex
        var prefixes: [String] = [], suffixes: [String] = []
        func isSpecial(_ range: Range<Int>) -> Bool { specialCase(text[range]) != nil }
        var lastLength = 0
        while low < high && high - low != lastLength {
            if isSpecial(low..<high) { break }
            lastLength = high - low
            let prefix = SpacyAffixRules.prefixLength(of: text[low..<high])
            if prefix > 0 && low + prefix < high && isSpecial((low + prefix)..<high) {
                prefixes.append(string(scalars: text[low..<(low + prefix)]))
                low += prefix
                break
            }
            let suffix = SpacyAffixRules.suffixLength(of: text[(low + prefix)..<high])
            if suffix > 0 && low < high - suffix && isSpecial(low..<(high - suffix)) {
                suffixes.append(string(scalars: text[(high - suffix)..<high]))
                high -= suffix
                break
            }
            if prefix > 0 {
                prefixes.append(string(scalars: text[low..<(low + prefix)]))
                low += prefix
            }
            if suffix > 0 {
                suffixes.append(string(scalars: text[(high - suffix)..<high]))
                high -= suffix
            }
        }
        var tokens = prefixes
        if low < high {
            let rest = text[low..<high]
            if let special = specialCase(rest) {
                tokens += special
            } else if URLMatcher.matches(rest) {
                tokens.append(string(scalars: rest))
            } else {
                tokens += splitAtInfixes(rest)
            }
        }
        return tokens + suffixes.reversed()
    }

    /// The pieces between and at the infixes; as in spaCy, an infix at the very start is not split off.
    private func splitAtInfixes(_ text: ArraySlice<UInt32>) -> [String] {
        var pieces: [String] = []
        var start = text.startIndex
        for infix in SpacyAffixRules.infixes(in: text) where infix.lowerBound != text.startIndex {
            if infix.lowerBound != start { pieces.append(string(scalars: text[start..<infix.lowerBound])) }
            pieces.append(string(scalars: text[infix]))
            start = infix.upperBound
        }
        if start < text.endIndex { pieces.append(string(scalars: text[start...])) }
        return pieces
    }

    /// Step 5 (`_apply_special_cases`): where the pieces of a split special case follow each other,
    /// they become the special case's tokens. Overlapping candidates are chosen as spaCy does: longest
    /// first, then leftmost; one is skipped when its first or last token was covered by an earlier one.
    private func joiningSplitSpecialCases(_ tokens: [String]) -> [String] {
        guard !splitSpecialCases.isEmpty else { return tokens }
        var candidates: [(range: Range<Int>, key: String)] = []
        for (start, token) in tokens.enumerated() where splitSpecialStarts.contains(token.unicodeScalars.first?.value ?? 0) {
            for (pieces, key) in splitSpecialCases[token] ?? [] where tokens[start...].starts(with: pieces) {
                candidates.append((start..<(start + pieces.count), key))
            }
        }
        guard !candidates.isEmpty else { return tokens }
        candidates.sort { $0.range.count != $1.range.count ? $0.range.count > $1.range.count : $0.range.lowerBound < $1.range.lowerBound }
        var covered = Set<Int>()
        var chosen: [(range: Range<Int>, key: String)] = []
        for candidate in candidates {
            if !covered.contains(candidate.range.lowerBound) && !covered.contains(candidate.range.upperBound - 1) {
                chosen.append(candidate)
            }
            covered.formUnion(candidate.range)
        }
        var joined: [String] = []
        var index = 0
        // As spaCy's retokenizer, a candidate starting inside the previous one is skipped.
        for (range, key) in chosen.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where range.lowerBound >= index {
            joined += tokens[index..<range.lowerBound]
            joined += specialCases[key]!
            index = range.upperBound
        }
        return joined + tokens[index...]
    }
}
