/// One of spaCy's prefix or suffix rules (`spacy/lang/punctuation.py`), matched on code points.
/// The cases are the rule shapes spaCy's English data uses; ``SpacyEnglishTables`` lists them in
/// spaCy's order.
enum AffixPattern: Sendable {
    /// These characters.
    case characters([UInt32])
    /// These characters right after an ASCII digit (`(?<=[0-9])…`: currencies and units).
    case charactersAfterDigit([UInt32])
    /// `\+(?![0-9])`: a plus sign not before a digit (prefix).
    case plusNotBeforeDigit
    /// `\.\.+`: two or more dots.
    case dotRun
    /// `[ICONS]`: one symbol (Unicode So, except `°`).
    case icon
    /// `(?<=°[FfCcKk])\.`: a dot after a temperature unit (suffix).
    case dotAfterDegreeUnit
    /// `(?<=[0-9{ALPHA_LOWER}%²\-\+{PUNCT}(?:{QUOTES})])\.`: a dot after a digit, lower-case letter,
    /// punctuation or quote (suffix).
    case dotAfterLowerDigitOrPunct
    /// `(?<=[{ALPHA_UPPER}][{ALPHA_UPPER}])\.`: a dot after two capitals (suffix).
    case dotAfterTwoUpper

    static func literal(_ text: String) -> AffixPattern { .characters(text.unicodeScalars.map(\.value)) }
    static func literalAfterDigit(_ text: String) -> AffixPattern { .charactersAfterDigit(text.unicodeScalars.map(\.value)) }

    /// The length of the match at the start of `text`, if this rule matches there (prefixes).
    func prefixLength(of text: ArraySlice<UInt32>) -> Int? {
        guard let first = text.first else { return nil }
        switch self {
        case .characters(let characters):
            return text.starts(with: characters) ? characters.count : nil
        case .plusNotBeforeDigit:
            let next = text.dropFirst().first
            return first == 0x2B && !(next.map(CharacterClass.isASCIIDigit) ?? false) ? 1 : nil
        case .dotRun:
            let run = text.prefix { $0 == 0x2E }.count
            return run >= 2 ? run : nil
        case .icon:
            return CharacterClass.icon.contains(first) ? 1 : nil
        case .charactersAfterDigit, .dotAfterDegreeUnit, .dotAfterLowerDigitOrPunct, .dotAfterTwoUpper:
            return nil  // need a character before the match: never at the start
        }
    }

    /// Whether this rule matches exactly `text[start...]`, looking back no further than `text`'s start
    /// (suffixes; Python's regex sees only the string it searches).
    func matchesSuffix(of text: ArraySlice<UInt32>, from start: Int) -> Bool {
        let length = text.endIndex - start
        let before = { (offset: Int) -> UInt32? in start - offset >= text.startIndex ? text[start - offset] : nil }
        let isDot = length == 1 && text[start] == 0x2E
        switch self {
        case .characters(let characters):
            return length == characters.count && text[start...].elementsEqual(characters)
        case .charactersAfterDigit(let characters):
            return length == characters.count && (before(1).map(CharacterClass.isASCIIDigit) ?? false)
                && text[start...].elementsEqual(characters)
        case .plusNotBeforeDigit:
            return length == 1 && text[start] == 0x2B
        case .dotRun:
            return length >= 2 && text[start...].allSatisfy { $0 == 0x2E }
        case .icon:
            return length == 1 && CharacterClass.icon.contains(text[start])
        case .dotAfterDegreeUnit:
            return isDot && before(2) == 0xB0 && [0x46, 0x66, 0x43, 0x63, 0x4B, 0x6B].contains(before(1) ?? 0)
        case .dotAfterLowerDigitOrPunct:
            return isDot && (before(1).map(CharacterClass.beforeSuffixDot.contains) ?? false)
        case .dotAfterTwoUpper:
            return isDot && (before(1).map(CharacterClass.alphaUpper.contains) ?? false)
                && (before(2).map(CharacterClass.alphaUpper.contains) ?? false)
        }
    }

    /// The most characters a suffix match of this rule can span (`nil`: any number).
    var maximumSuffixLength: Int? {
        switch self {
        case .characters(let characters), .charactersAfterDigit(let characters): return characters.count
        case .dotRun: return nil
        default: return 1
        }
    }
}

/// spaCy 3.8's English prefix, suffix and infix search (`nlp.tokenizer.prefix_search`,
/// `suffix_search`, `infix_finditer`), written out by hand over code points with the character
/// classes and literals of ``SpacyEnglishTables``.
enum SpacyAffixRules {
    static let longestFixedSuffix = SpacyEnglishTables.suffixes.compactMap(\.maximumSuffixLength).max() ?? 1

    /// `find_prefix`: the length of the first prefix rule (in spaCy's order) matching at the start; 0 if none.
    static func prefixLength(of text: ArraySlice<UInt32>) -> Int {
        for pattern in SpacyEnglishTables.prefixes {
            if let length = pattern.prefixLength(of: text) { return length }
        }
        return 0
    }

    /// `find_suffix`: the length of the suffix starting leftmost that some suffix rule matches up to
    /// the end (a regex search for `rule1$|rule2$|…`); 0 if none.
    static func suffixLength(of text: ArraySlice<UInt32>) -> Int {
        let trailingDots = text.reversed().prefix { $0 == 0x2E }.count
        let earliest = Swift.max(text.startIndex, text.endIndex - Swift.max(longestFixedSuffix, trailingDots))
        for start in earliest..<text.endIndex where SpacyEnglishTables.suffixes.contains(where: { $0.matchesSuffix(of: text, from: start) }) {
            return text.endIndex - start
        }
        return 0
    }

    /// `find_infix`: the infix matches, left to right and not overlapping (`re.finditer`).
    static func infixes(in text: ArraySlice<UInt32>) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        var position = text.startIndex
        while position < text.endIndex {
            if let end = infixEnd(in: text, at: position) {
                matches.append(position..<end)
                position = end
            } else {
                position += 1
            }
        }
        return matches
    }

    /// The end of the first English infix rule matching at `position`, in spaCy's order:
    /// `\.\.+`, `…`, an icon, `(?<=[0-9])[+\-\*^](?=[0-9-])`, `(?<=[{al}{q}])\.(?=[{au}{q}])`,
    /// `(?<=[{a}]),(?=[{a}])`, `(?<=[{a}0-9])(?:{hyphens})(?=[{a}])`, `(?<=[{a}0-9])[:<>=/](?=[{a}])`.
    private static func infixEnd(in text: ArraySlice<UInt32>, at position: Int) -> Int? {
        let character = text[position]
        let previous = position > text.startIndex ? text[position - 1] : nil
        let next = position + 1 < text.endIndex ? text[position + 1] : nil
        func previousIs(_ test: (UInt32) -> Bool) -> Bool { previous.map(test) ?? false }
        func nextIs(_ test: (UInt32) -> Bool) -> Bool { next.map(test) ?? false }
        let alphaOrDigit = { (c: UInt32) in CharacterClass.alpha.contains(c) || CharacterClass.isASCIIDigit(c) }

        if character == 0x2E && next == 0x2E { return position + text[position...].prefix { $0 == 0x2E }.count }
        if character == 0x2026 || CharacterClass.icon.contains(character) { return position + 1 }
        if [0x2B, 0x2D, 0x2A, 0x5E].contains(character) && previousIs(CharacterClass.isASCIIDigit)
            && nextIs({ CharacterClass.isASCIIDigit($0) || $0 == 0x2D }) { return position + 1 }
        if character == 0x2E && previousIs(CharacterClass.lowerOrQuote.contains) && nextIs(CharacterClass.upperOrQuote.contains) {
            return position + 1
        }
        if character == 0x2C && previousIs(CharacterClass.alpha.contains) && nextIs(CharacterClass.alpha.contains) { return position + 1 }
        guard previousIs(alphaOrDigit) else { return nil }
        for hyphen in hyphens where text[position...].starts(with: hyphen) {
            let after = position + hyphen.count
            if after < text.endIndex && CharacterClass.alpha.contains(text[after]) { return after }
        }
        if [0x3A, 0x3C, 0x3E, 0x3D, 0x2F].contains(character) && nextIs(CharacterClass.alpha.contains) { return position + 1 }
        return nil
    }

    private static let hyphens = SpacyEnglishTables.hyphens.map { $0.unicodeScalars.map(\.value) }
}
