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
}

/// ``AffixPattern``s compiled for lookup: literals in dictionaries keyed by their code points (with
/// their position in spaCy's order), the other rules as flags.
struct CompiledAffixes {
    /// Literal → (position in the rule list, whether it must follow an ASCII digit), at its earliest
    /// position (a literal without the digit condition wins over the same literal with it).
    private(set) var literals: ScalarKeyTable<(order: Int, afterDigit: Bool)>
    private(set) var literalLengths: [Int] = []
    /// The literals' first and last code points: where the text's first (prefix) or last (suffix)
    /// is not among them, no literal can match and none is looked up.
    private(set) var firstScalars: ScalarSet
    private(set) var lastScalars: ScalarSet
    private(set) var plusNotBeforeDigit: Int?
    private(set) var dotRun: Int?
    private(set) var icon: Int?
    private(set) var dotAfterDegreeUnit = false
    private(set) var dotAfterLowerDigitOrPunct = false
    private(set) var dotAfterTwoUpper = false

    init(_ patterns: [AffixPattern]) {
        var literals: [ScalarKey: (order: Int, afterDigit: Bool)] = [:]
        var lengths = Set<Int>()
        var firsts = Set<UInt32>(), lasts = Set<UInt32>()
        for (order, pattern) in patterns.enumerated() {
            switch pattern {
            case .characters(let characters), .charactersAfterDigit(let characters):
                precondition(characters.count <= ScalarKey.capacity, "affix literal longer than ScalarKey holds")
                let afterDigit: Bool
                if case .charactersAfterDigit = pattern { afterDigit = true } else { afterDigit = false }
                let key = ScalarKey(characters)
                if let existing = literals[key], !existing.afterDigit || afterDigit { continue }
                literals[key] = (literals[key]?.order ?? order, afterDigit)
                lengths.insert(characters.count)
                firsts.insert(characters[0])
                lasts.insert(characters[characters.count - 1])
            case .plusNotBeforeDigit: plusNotBeforeDigit = plusNotBeforeDigit ?? order
            case .dotRun: dotRun = dotRun ?? order
            case .icon: icon = icon ?? order
            case .dotAfterDegreeUnit: dotAfterDegreeUnit = true
            case .dotAfterLowerDigitOrPunct: dotAfterLowerDigitOrPunct = true
            case .dotAfterTwoUpper: dotAfterTwoUpper = true
            }
        }
        self.literals = ScalarKeyTable(literals)
        literalLengths = lengths.sorted()
        firstScalars = ScalarSet(members: firsts)
        lastScalars = ScalarSet(members: lasts)
    }
}

/// spaCy 3.8's English prefix, suffix and infix search (`nlp.tokenizer.prefix_search`,
/// `suffix_search`, `infix_finditer`), written out by hand over code points with the character
/// classes and literals of ``SpacyEnglishTables``.
enum SpacyAffixRules {
    static let prefixes = CompiledAffixes(SpacyEnglishTables.prefixes)
    static let suffixes = CompiledAffixes(SpacyEnglishTables.suffixes)

    /// `find_prefix`: the length of the first prefix rule (in spaCy's order) matching at the start; 0 if none.
    static func prefixLength(of text: ArraySlice<UInt32>) -> Int {
        guard let first = text.first else { return 0 }
        var best: (order: Int, length: Int)? = nil
        func consider(_ order: Int?, _ length: Int) {
            if let order, order < best?.order ?? .max { best = (order, length) }
        }
        for length in prefixes.literalLengths where length <= text.count && prefixes.firstScalars.contains(first) {
            if let (order, _) = prefixes.literals[ScalarKey(text.prefix(length))] { consider(order, length) }
        }
        let second = text.dropFirst().first
        if first == 0x2B && !(second.map(CharacterClass.isASCIIDigit) ?? false) { consider(prefixes.plusNotBeforeDigit, 1) }
        if first == 0x2E && second == 0x2E { consider(prefixes.dotRun, text.prefix { $0 == 0x2E }.count) }
        if CharacterClass.icon.contains(first) { consider(prefixes.icon, 1) }
        return best?.length ?? 0
    }

    /// `find_suffix`: the length of the suffix starting leftmost that some suffix rule matches up to
    /// the end (a regex search for `rule1$|rule2$|…`, whose lookbehinds see only `text`); 0 if none.
    static func suffixLength(of text: ArraySlice<UInt32>) -> Int {
        guard let last = text.last else { return 0 }
        if last == 0x2E && suffixes.dotRun != nil {
            let trailingDots = text.reversed().prefix { $0 == 0x2E }.count
            if trailingDots >= 2 { return trailingDots }
        }
        let longest = suffixes.literalLengths.last ?? 1
        for start in Swift.max(text.startIndex, text.endIndex - longest)..<text.endIndex where suffixes.lastScalars.contains(last) {
            let before = start > text.startIndex ? text[start - 1] : nil
            if let (_, afterDigit) = suffixes.literals[ScalarKey(text[start...])],
               !afterDigit || (before.map(CharacterClass.isASCIIDigit) ?? false) {
                return text.endIndex - start
            }
        }
        let beforeLast = text.count >= 2 ? text[text.endIndex - 2] : nil
        return endsWithSingleCharacterSuffix(text, before: beforeLast) ? 1 : 0
    }

    /// The one-character suffix rules: an icon, and a final `.` after a temperature unit, after a
    /// digit, lower-case letter or punctuation, or after two capitals.
    private static func endsWithSingleCharacterSuffix(_ text: ArraySlice<UInt32>, before: UInt32?) -> Bool {
        let last = text[text.endIndex - 1]
        if suffixes.icon != nil && CharacterClass.icon.contains(last) { return true }
        guard last == 0x2E, let before else { return false }
        let twoBefore = text.endIndex - 3 >= text.startIndex ? text[text.endIndex - 3] : nil
        if suffixes.dotAfterDegreeUnit && twoBefore == 0xB0 && [0x46, 0x66, 0x43, 0x63, 0x4B, 0x6B].contains(before) { return true }
        if suffixes.dotAfterLowerDigitOrPunct && CharacterClass.beforeSuffixDot.contains(before) { return true }
        return suffixes.dotAfterTwoUpper && CharacterClass.alphaUpper.contains(before)
            && (twoBefore.map(CharacterClass.alphaUpper.contains) ?? false)
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
        for hyphen in hyphens where hyphen[0] == character && text[position...].starts(with: hyphen) {
            let after = position + hyphen.count
            if after < text.endIndex && CharacterClass.alpha.contains(text[after]) { return after }
        }
        if [0x3A, 0x3C, 0x3E, 0x3D, 0x2F].contains(character) && nextIs(CharacterClass.alpha.contains) { return position + 1 }
        return nil
    }

    private static let hyphens = SpacyEnglishTables.hyphens.map { $0.unicodeScalars.map(\.value) }
}
