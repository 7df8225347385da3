/// A set of Unicode code points stored as sorted, inclusive ranges, with a bitmap for ASCII so the
/// common case is one table lookup (the character classes of spaCy's rules and Python's `\s`, `\w`).
struct ScalarSet: Sendable {
    /// Flattened `low, high` pairs, sorted and disjoint.
    private let bounds: [UInt32]
    /// Bit `c` set when ASCII code point `c` is a member.
    private let ascii: (UInt64, UInt64)

    /// The set of the ranges `bounds[0]…bounds[1]`, `bounds[2]…bounds[3]`, … (sorted, disjoint).
    init(ranges bounds: [UInt32]) {
        precondition(bounds.count % 2 == 0, "ScalarSet: ranges come in low, high pairs")
        self.bounds = bounds
        var low: UInt64 = 0, high: UInt64 = 0
        for pair in stride(from: 0, to: bounds.count, by: 2) where bounds[pair] < 128 {
            for value in bounds[pair]...min(bounds[pair + 1], 127) {
                if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
            }
        }
        ascii = (low, high)
    }

    /// The set of these code points.
    init(members: Set<UInt32>) {
        self.init(ranges: members.sorted().flatMap { [$0, $0] })
    }

    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return ascii.0 & (1 << UInt64(value)) != 0 }
        if value < 128 { return ascii.1 & (1 << UInt64(value - 64)) != 0 }
        // Binary search for the last range starting at or below `value`.
        var low = 0, high = bounds.count / 2
        while low < high {
            let middle = (low + high) / 2
            if bounds[2 * middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low > 0 && value <= bounds[2 * (low - 1) + 1]
    }

    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool { contains(scalar.value) }
}

/// The character classes spaCy's English rules and fastai's regular expressions use.
enum CharacterClass {
    static let alpha = ScalarSet(ranges: SpacyEnglishTables.alpha)
    static let alphaLower = ScalarSet(ranges: SpacyEnglishTables.alphaLower)
    static let alphaUpper = ScalarSet(ranges: SpacyEnglishTables.alphaUpper)
    static let icon = ScalarSet(ranges: SpacyEnglishTables.icons)
    static let lowerOrQuote = ScalarSet(ranges: SpacyEnglishTables.lowerOrQuote)
    static let upperOrQuote = ScalarSet(ranges: SpacyEnglishTables.upperOrQuote)
    static let beforeSuffixDot = ScalarSet(ranges: SpacyEnglishTables.beforeSuffixDot)
    /// Python's `\s` / `str.isspace()`.
    static let whitespace = ScalarSet(ranges: SpacyEnglishTables.whitespace)
    /// Python's `\w`.
    static let word = ScalarSet(ranges: SpacyEnglishTables.word)
    /// Python's `\d`.
    static let digit = ScalarSet(ranges: SpacyEnglishTables.digit)

    /// Regex `[0-9]`: ASCII digits only.
    @inline(__always)
    static func isASCIIDigit(_ value: UInt32) -> Bool { value &- 0x30 < 10 }
}
