/// fastai 2.x's default text rules after `fix_html` (fastai/text/core.py), each a pass over UTF-8
/// bytes that gives what its regular expression gives on the same text. Python's `\s` and `\w` are
/// Unicode-aware, and so are these passes (``CharacterClass``); `[A-Z]` and `[a-z]` are ASCII.

/// `replace_rep`, `(\S)(\1{2,})` → ` xxrep n c `: a non-whitespace character repeated 3 or more times.
func replacingCharacterRepetitions(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(text.count + 32)
    var index = 0
    while index < text.count {
        let (isWhitespace, length) = whitespaceScalar(text, at: index)
        var run = 1
        while !isWhitespace && index + (run + 1) * length <= text.count
                && text[(index + run * length)..<(index + (run + 1) * length)].elementsEqual(text[index..<(index + length)]) {
            run += 1
        }
        if run >= 3 {
            output += Array(" \(SpecialTokens.characterRepetition) \(run) ".utf8)
            output += text[index..<(index + length)]
            output.append(0x20)
        } else {
            output += text[index..<(index + run * length)]
        }
        index += run * length
    }
    return output
}

/// `replace_wrep`, `(?:\s|^)(\w+)\s+((?:\1\s+)+)\1(\s|\W|$)` → ` xxwrep n w e`: a word repeated 3
/// or more times, each time followed by whitespace, the last time by a non-word character (kept
/// as `e`) or the end. As with the regex, the matched character after the last repetition is
/// consumed, so `a a a b b b` marks only the `a`s.
func replacingWordRepetitions(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(text.count + 32)
    var index = 0
    while index < text.count {
        if let match = wordRepetition(in: text, at: index) {
            output += Array(" \(SpecialTokens.wordRepetition) \(match.count) ".utf8)
            output += text[match.word]
            output.append(0x20)
            output += text[match.after]
            index = match.after.upperBound
        } else {
            let length = decodeScalar(text, at: index).length
            output += text[index..<(index + length)]
            index += length
        }
    }
    return output
}

/// The word repetition matching at `start` (a whitespace character before the word, or the
/// start of the text): the word's first occurrence, how many times it occurs, and the character
/// consumed after the last one.
private func wordRepetition(in text: UnsafeBufferPointer<UInt8>, at start: Int) -> (word: Range<Int>, count: Int, after: Range<Int>)? {
    let (isWhitespace, length) = whitespaceScalar(text, at: start)
    guard isWhitespace || start == 0 else { return nil }
    let wordStart = isWhitespace ? start + length : start
    let wordEnd = skipping(text, from: wordStart) { CharacterClass.word.contains($0) }
    guard wordEnd > wordStart else { return nil }
    let word = text[wordStart..<wordEnd]
    // Greedy `\s+((?:\1\s+)+)`: where each further occurrence of the word would start.
    var occurrences: [Int] = []
    var position = skipping(text, from: wordEnd) { CharacterClass.whitespace.contains($0) }
    guard position > wordEnd else { return nil }
    while text[position...].starts(with: word) {
        let next = skipping(text, from: position + word.count) { CharacterClass.whitespace.contains($0) }
        guard next > position + word.count else { break }
        occurrences.append(position)
        position = next
    }
    // Then `\1(\s|\W|$)`: the last occurrence is the one after the repetitions, or, backtracking,
    // the last repetition itself.
    for repetitions in stride(from: occurrences.count, through: 1, by: -1) {
        let last = repetitions == occurrences.count ? position : occurrences[repetitions]
        guard text[last...].starts(with: word) else { continue }
        let end = last + word.count
        if end == text.count { return (wordStart..<wordEnd, repetitions + 2, end..<end) }
        let (value, length) = decodeScalar(text, at: end)
        if !CharacterClass.word.contains(value) { return (wordStart..<wordEnd, repetitions + 2, end..<(end + length)) }
    }
    return nil
}

/// The end of the run of code points from `start` that pass `test`.
private func skipping(_ text: UnsafeBufferPointer<UInt8>, from start: Int, while test: (UInt32) -> Bool) -> Int {
    var index = start
    while index < text.count {
        let (value, length) = decodeScalar(text, at: index)
        guard test(value) else { break }
        index += length
    }
    return index
}

/// `spec_add_spaces` then `rm_useless_spaces`: spaces around `/`, `#` and `\`, then every run of
/// two or more spaces (U+0020 only; newlines stay) made one.
func spacingSpecialCharacters(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
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

/// `replace_all_caps`, `replace_maj` and `lowercase`, word by word (a word is what lies between
/// whitespace, punctuation included): a word starting with `A`–`Z` and without `a`–`z` gets `xxup`
/// before it, one starting with `A`–`Z` and without other `A`–`Z` gets `xxmaj` (neither when it is
/// one character long); everything is lower-cased (Python's `str.lower`), stripped of surrounding
/// whitespace and, when `addsBeginning`, preceded by `xxbos `.
func markingCaseAndLowercasing(_ text: UnsafeBufferPointer<UInt8>, addsBeginning: Bool) -> [UInt8] {
    var output: [UInt8] = addsBeginning ? Array("\(SpecialTokens.beginning) ".utf8) : []
    output.reserveCapacity(text.count + text.count / 8 + 8)
    var index = 0
    var pendingWhitespace = 0..<0  // written only between words: that strips both ends
    var wroteWord = false
    while index < text.count {
        let (isWhitespace, length) = whitespaceScalar(text, at: index)
        if isWhitespace {
            pendingWhitespace = (pendingWhitespace.isEmpty ? index : pendingWhitespace.lowerBound)..<(index + length)
            index += length
            continue
        }
        if wroteWord { output += text[pendingWhitespace] }
        pendingWhitespace = 0..<0
        wroteWord = true
        var end = index
        while end < text.count && !whitespaceScalar(text, at: end).isWhitespace { end += decodeScalar(text, at: end).length }
        appendMarkedWord(UnsafeBufferPointer(rebasing: text[index..<end]), to: &output)
        index = end
    }
    return output
}

/// One word with its case marker, lower-cased.
private func appendMarkedWord(_ word: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    let isUpper = { (byte: UInt8) in byte &- 0x41 < 26 }
    if isUpper(word[0]) {
        var hasLower = false, hasLaterUpper = false, characters = 0
        for (offset, byte) in word.enumerated() {
            if byte &- 0x61 < 26 { hasLower = true }
            if offset > 0 && isUpper(byte) { hasLaterUpper = true }
            if byte & 0xC0 != 0x80 { characters += 1 }
        }
        if characters > 1 && !hasLower {
            output += Array("\(SpecialTokens.allCaps) ".utf8)
        } else if characters > 1 && !hasLaterUpper {
            output += Array("\(SpecialTokens.capitalised) ".utf8)
        }
    }
    appendLowercased(word, to: &output)
}

/// Python's `str.lower` of UTF-8 text (ASCII byte by byte; other code points by their Unicode
/// lower-case mapping, without Python's final-sigma rule).
private func appendLowercased(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    var index = 0
    while index < text.count {
        let byte = text[index]
        if byte < 0x80 {
            output.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            index += 1
            continue
        }
        let (value, length) = decodeScalar(text, at: index)
        let scalar = Unicode.Scalar(value)!
        if scalar.properties.changesWhenLowercased {
            output += Array(scalar.properties.lowercaseMapping.utf8)
        } else {
            output += text[index..<(index + length)]
        }
        index += length
    }
}
