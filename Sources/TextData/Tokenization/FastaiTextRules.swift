import Foundation

/// fastai 2.x's default text rules after `fix_html` (fastai/text/core.py), each a pass over UTF-8
/// bytes that gives what its regular expression gives on the same text. Python's `\s` and `\w` are
/// Unicode-aware, and so are these passes (``CharacterClass``); `[A-Z]` and `[a-z]` are ASCII.
/// A pass that changes nothing returns nil, so the common text is scanned, not copied.

/// Collects a pass's output: the unchanged stretches of the input are copied in one go.
private struct Rewriter {
    let text: UnsafeBufferPointer<UInt8>
    var output: [UInt8] = []
    var copied = 0

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// Copies the input up to `index`, then writes `replacement`, and continues after `resumeAt`.
    mutating func replace(upTo index: Int, with replacement: some Sequence<UInt8>, resumingAt resume: Int) {
        if output.isEmpty { output.reserveCapacity(text.count + 64) }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<index]))
        output.append(contentsOf: replacement)
        copied = resume
    }

    /// The output, or nil when nothing was replaced.
    mutating func finish() -> [UInt8]? {
        guard copied > 0 || !output.isEmpty else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied...]))
        return output
    }
}

/// `replace_rep`, `(\S)(\1{2,})` → ` xxrep n c `: a non-whitespace character repeated 3 or more times.
func replacingCharacterRepetitions(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var rewriter = Rewriter(text)
    var index = 0
    while index < text.count {
        let byte = text[index]
        // Most characters are ASCII and not followed by themselves twice: one comparison rules them out.
        if byte < 0x80 && (index + 2 >= text.count || text[index + 1] != byte || text[index + 2] != byte) {
            index += 1
            continue
        }
        let (isWhitespace, length) = whitespaceScalar(text, at: index)
        guard !isWhitespace else { index += length; continue }
        var end = index + length
        while end + length <= text.count && memcmp(text.baseAddress! + end, text.baseAddress! + index, length) == 0 { end += length }
        let run = (end - index) / length
        if run >= 3 {
            rewriter.replace(upTo: index, with: Array(" \(SpecialTokens.characterRepetition) \(run) ".utf8) + text[index..<(index + length)] + [0x20],
                             resumingAt: end)
        }
        index = end
    }
    return rewriter.finish()
}

/// `replace_wrep`, `(?:\s|^)(\w+)\s+((?:\1\s+)+)\1(\s|\W|$)` → ` xxwrep n w e`: a word repeated 3
/// or more times, each time followed by whitespace, the last time by a non-word character (kept
/// as `e`) or the end. As with the regex, the matched character after the last repetition is
/// consumed, so `a a a b b b` marks only the `a`s.
func replacingWordRepetitions(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var rewriter = Rewriter(text)
    var index = 0
    while index < text.count {
        let (isWhitespace, length) = whitespaceScalar(text, at: index)
        guard isWhitespace || index == 0 else {
            // Only whitespace (or the start) begins a match: skip the rest of the word.
            index = endOfNonWhitespace(text, from: index)
            continue
        }
        let wordStart = isWhitespace ? index + length : index
        let wordEnd = endOfWord(text, from: wordStart)
        if let match = wordRepetition(in: text, of: wordStart..<wordEnd) {
            let replacement = Array(" \(SpecialTokens.wordRepetition) \(match.count) ".utf8) + text[match.word] + [0x20] + text[match.after]
            rewriter.replace(upTo: index, with: replacement, resumingAt: match.after.upperBound)
            index = match.after.upperBound
        } else {
            index = max(wordEnd, index + length)
        }
    }
    return rewriter.finish()
}

/// The word repetition of `word` (the `\w+` after a whitespace character or at the start of the
/// text), if there is one: the word's first occurrence, how many times it occurs, and the
/// character consumed after the last one.
private func wordRepetition(in text: UnsafeBufferPointer<UInt8>, of word: Range<Int>)
    -> (word: Range<Int>, count: Int, after: Range<Int>)? {
    let (wordStart, wordEnd) = (word.lowerBound, word.upperBound)
    guard wordEnd > wordStart else { return nil }
    let length = wordEnd - wordStart
    func isWord(at position: Int) -> Bool {
        position + length <= text.count && text[position] == text[wordStart]
            && memcmp(text.baseAddress! + position, text.baseAddress! + wordStart, length) == 0
    }
    // Greedy `\s+((?:\1\s+)+)`: where each further occurrence of the word would start.
    var occurrences: [Int] = []
    var position = endOfWhitespace(text, from: wordEnd)
    guard position > wordEnd, isWord(at: position) else { return nil }
    while isWord(at: position) {
        let next = endOfWhitespace(text, from: position + length)
        guard next > position + length else { break }
        occurrences.append(position)
        position = next
    }
    // Then `\1(\s|\W|$)`: the last occurrence is the one after the repetitions or, backtracking,
    // the last repetition itself.
    for repetitions in stride(from: occurrences.count, through: 1, by: -1) {
        let last = repetitions == occurrences.count ? position : occurrences[repetitions]
        guard isWord(at: last) else { continue }
        let end = last + length
        if end == text.count { return (wordStart..<wordEnd, repetitions + 2, end..<end) }
        let (value, characterLength) = decodeScalar(text, at: end)
        if !CharacterClass.word.contains(value) { return (wordStart..<wordEnd, repetitions + 2, end..<(end + characterLength)) }
    }
    return nil
}

/// The end of the run of `\w` characters from `start`.
private func endOfWord(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    while index < text.count {
        let byte = text[index]
        if byte < 0x80 {
            guard isASCIIWordCharacter(byte) else { break }
            index += 1
        } else {
            let (value, length) = decodeScalar(text, at: index)
            guard CharacterClass.word.contains(value) else { break }
            index += length
        }
    }
    return index
}

/// `spec_add_spaces` then `rm_useless_spaces`: spaces around `/`, `#` and `\`, then every run of
/// two or more spaces (U+0020 only; newlines stay) made one.
func spacingSpecialCharacters(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    // Most texts have none of these: vectorised scans are cheaper than a byte loop.
    guard let base = text.baseAddress else { return nil }
    let needsWork = [0x2F, 0x23, 0x5C].contains { memchr(base, $0, text.count) != nil } || containsTwoSpaces(text)
    guard needsWork else { return nil }
    var output: [UInt8] = []
    output.reserveCapacity(text.count + 16)
    func appendSpace() { if output.last != 0x20 { output.append(0x20) } }
    for byte in text {
        if byte == 0x2F || byte == 0x23 || byte == 0x5C {
            appendSpace()
            output.append(byte)
            appendSpace()
        } else if byte == 0x20 {
            appendSpace()
        } else {
            output.append(byte)
        }
    }
    return output
}

/// Whether two spaces follow each other somewhere, tested eight positions at a time.
private func containsTwoSpaces(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let base = UnsafeRawPointer(text.baseAddress!)
    let spaces: UInt64 = 0x2020_2020_2020_2020
    var index = 0
    while index + 9 <= text.count {
        let pairs = (base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ spaces)
            | (base.loadUnaligned(fromByteOffset: index + 1, as: UInt64.self) ^ spaces)
        // A zero byte in `pairs` is a space followed by a space (the classic has-zero-byte test).
        if (pairs &- 0x0101_0101_0101_0101) & ~pairs & 0x8080_8080_8080_8080 != 0 { return true }
        index += 8
    }
    while index + 1 < text.count {
        if text[index] == 0x20 && text[index + 1] == 0x20 { return true }
        index += 1
    }
    return false
}

/// `replace_all_caps`, `replace_maj` and `lowercase` on one word (what lies between whitespace,
/// punctuation included): a word starting with `A`–`Z` and without `a`–`z` gets `xxup` before it,
/// one starting with `A`–`Z` and without other `A`–`Z` gets `xxmaj` (neither when it is one
/// character long); it is lower-cased as Python's `str.lower` does. The rest of `lowercase`
/// (surrounding whitespace stripped, `xxbos ` in front) is the tokenizer's: these rules change
/// nothing across whitespace, so they run word by word, once per distinct word.
func markedAndLowercased(_ word: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    // A marker (6 bytes) and lower-casing at most 1.5 times as long fit in 2n + 8.
    [UInt8](unsafeUninitializedCapacity: 2 * word.count + 8) { buffer, count in
        var output = ByteWriter(buffer.baseAddress!)
        writeMarkedWord(word, to: &output)
        count = output.count
    }
}

/// Writes bytes through a pointer into room reserved beforehand.
private struct ByteWriter {
    let start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(_ start: UnsafeMutablePointer<UInt8>) { self.start = start }

    @inline(__always) mutating func write(_ byte: UInt8) {
        start[count] = byte
        count += 1
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        (start + count).update(from: bytes.baseAddress!, count: bytes.count)
        count += bytes.count
    }

    mutating func write(_ text: String) {
        for byte in text.utf8 { write(byte) }
    }
}

/// One word with its case marker, lower-cased.
private func writeMarkedWord(_ word: UnsafeBufferPointer<UInt8>, to output: inout ByteWriter) {
    let isUpper = { (byte: UInt8) in byte &- 0x41 < 26 }
    if isUpper(word[0]) {
        var hasLower = false, hasLaterUpper = false, characters = 0
        for (offset, byte) in word.enumerated() {
            if byte &- 0x61 < 26 { hasLower = true }
            if offset > 0 && isUpper(byte) { hasLaterUpper = true }
            if byte & 0xC0 != 0x80 { characters += 1 }
        }
        if characters > 1 && !hasLower {
            output.write("\(SpecialTokens.allCaps) ")
        } else if characters > 1 && !hasLaterUpper {
            output.write("\(SpecialTokens.capitalised) ")
        }
    }
    writeLowercased(word, to: &output)
}

/// Python's `str.lower` of one word: ASCII byte by byte, other code points by their Unicode
/// lower-case mapping, and a capital sigma at the end of a word as final sigma `ς`.
private func writeLowercased(_ word: UnsafeBufferPointer<UInt8>, to output: inout ByteWriter) {
    var index = 0
    var followsCased = false
    while index < word.count {
        let byte = word[index]
        if byte < 0x80 {
            output.write(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            // Letters are cased; `'`, `.`, `:`, `^` and the backtick are case-ignorable.
            followsCased = (byte | 0x20) &- 0x61 < 26 || (followsCased && [0x27, 0x2E, 0x3A, 0x5E, 0x60].contains(byte))
            index += 1
            continue
        }
        let (value, length) = decodeScalar(word, at: index)
        let properties = Unicode.Scalar(value)!.properties
        if value == 0x3A3 && followsCased && !casedLetterFollows(word, from: index + length) {
            output.write("\u{3C2}")  // ς
        } else if properties.changesWhenLowercased {
            output.write(properties.lowercaseMapping)
        } else {
            output.write(UnsafeBufferPointer(rebasing: word[index..<(index + length)]))
        }
        followsCased = properties.isCased || (followsCased && properties.isCaseIgnorable)
        index += length
    }
}

/// Whether a cased letter comes after `start`, past case-ignorable characters (the Final_Sigma condition).
private func casedLetterFollows(_ word: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
    var index = start
    while index < word.count {
        let (value, length) = decodeScalar(word, at: index)
        let properties = Unicode.Scalar(value)!.properties
        if properties.isCased { return true }
        if !properties.isCaseIgnorable { return false }
        index += length
    }
    return false
}
