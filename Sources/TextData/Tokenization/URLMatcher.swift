/// spaCy's `URL_MATCH` (`spacy/lang/tokenizer_exceptions.py`, after Diego Perini's URL regex), which
/// keeps a whole chunk as one token: `www.imdb.com`, `http://x.org/a?b`, `user@mail.com` — and, as
/// in spaCy, anything shaped like a host name, such as `bad.after` (a missing space after a full
/// stop) when the last part is two or more lower-case letters.
///
/// The regex, decided here without backtracking over the possible splits it would try:
/// `^(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?(?:IPv4|(?:label\.)+[{ALPHA_LOWER}]{2,63})(?::\d{2,5})?(?:[/?#]\S*)?$`
/// where a label is 1–64 characters of `[A-Za-z0-9\u00a1-\uffff_-]` not starting or ending with
/// `_` or `-`, and the IPv4 address excludes private and local networks. The text it is given has no
/// whitespace (it is part of a chunk).
enum URLMatcher {
    static func matches(_ text: ArraySlice<UInt32>) -> Bool {
        guard text.contains(0x2E) else { return false }  // every host has a dot
        for hostStart in schemeEnds(text) {
            // Without user information, or after any `@` (the `\S+…@` part can end at each of them).
            if matchesHostAndRest(text[hostStart...]) { return true }
            for at in text[hostStart...].indices where text[at] == 0x40 && at > hostStart {
                if matchesHostAndRest(text[(at + 1)...]) { return true }
            }
        }
        return false
    }

    /// Where the host part can start: after `scheme://` when there is one, and at the start.
    private static func schemeEnds(_ text: ArraySlice<UInt32>) -> [Int] {
        let schemeEnd = text.firstIndex { !(CharacterClass.word.contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E) } ?? text.endIndex
        let separator: [UInt32] = [0x3A, 0x2F, 0x2F]  // "://"
        if schemeEnd - text.startIndex >= 2 && text[schemeEnd...].starts(with: separator) {
            return [schemeEnd + 3, text.startIndex]
        }
        return [text.startIndex]
    }

    /// A host (IPv4 address or domain), then an optional `:port`, then nothing or a path starting
    /// with `/`, `?` or `#`.
    private static func matchesHostAndRest(_ text: ArraySlice<UInt32>) -> Bool {
        let hostEnd = text.firstIndex { !isHostCharacter($0) } ?? text.endIndex
        let host = text[..<hostEnd]
        guard isDomain(host) || isPublicIPv4(host) else { return false }
        var rest = text[hostEnd...]
        if rest.first == 0x3A {
            let port = rest.dropFirst().prefix { CharacterClass.digit.contains($0) }
            guard (2...5).contains(port.count) else { return false }
            rest = rest[port.endIndex...]
        }
        return rest.isEmpty || [0x2F, 0x3F, 0x23].contains(rest.first!)
    }

    /// `[A-Za-z0-9\u00a1-\uffff_-]` or `.`: what a host name or address is made of.
    private static func isHostCharacter(_ c: UInt32) -> Bool {
        isLabelCharacter(c) || c == 0x5F || c == 0x2D || c == 0x2E
    }

    private static func isLabelCharacter(_ c: UInt32) -> Bool {
        (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || (c >= 0xA1 && c <= 0xFFFF)
    }

    /// `(?:label\.)+` then a top-level domain of 2–63 `ALPHA_LOWER` letters.
    private static func isDomain(_ host: ArraySlice<UInt32>) -> Bool {
        let parts = host.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count >= 2, let top = parts.last, (2...63).contains(top.count),
              top.allSatisfy(CharacterClass.alphaLower.contains) else { return false }
        return parts.dropLast().allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 64 else { return false }
            return isLabelCharacter(first) && isLabelCharacter(last)
        }
    }

    /// Four dotted octets in the ranges the regex allows, outside 10/8, 127/8, 169.254/16,
    /// 192.168/16 and 172.16/12.
    private static func isPublicIPv4(_ host: ArraySlice<UInt32>) -> Bool {
        let parts = host.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(CharacterClass.isASCIIDigit) }) else {
            return false
        }
        let octets = parts.map { $0.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let hasLeadingZero = parts.map { $0.count > 1 && $0.first == 0x30 }
        // First: [1-9]\d?|1\d\d|2[01]\d|22[0-3]; middle: 1?\d{1,2}|2[0-4]\d|25[0-5]; last: [1-9]\d?|1\d\d|2[0-4]\d|25[0-4].
        guard (1...223).contains(octets[0]) && !hasLeadingZero[0], (1...254).contains(octets[3]) && !hasLeadingZero[3] else { return false }
        for middle in 1...2 where octets[middle] > 255 || (parts[middle].count == 3 && !(0x31...0x32).contains(parts[middle].first!)) {
            return false
        }
        let isPrivate = octets[0] == 10 || octets[0] == 127 || (octets[0] == 169 && octets[1] == 254)
            || (octets[0] == 192 && octets[1] == 168) || (octets[0] == 172 && (16...31).contains(octets[1]))
        return !isPrivate
    }
}
