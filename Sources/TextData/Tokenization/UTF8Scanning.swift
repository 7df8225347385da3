/// Reading code points from valid UTF-8 (Swift strings and the rules' own output are always valid).

/// The code point starting at byte `index` and its length in bytes.
@inline(__always)
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
    let lead = UInt32(bytes[index])
    if lead < 0x80 { return (lead, 1) }
    if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
    if lead < 0xF0 {
        return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
    }
    return ((lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
            | UInt32(bytes[index + 3] & 0x3F), 4)
}

/// Whether the code point at `index` is whitespace in Python's sense (`str.isspace()`), and its length.
@inline(__always)
func whitespaceScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (isWhitespace: Bool, length: Int) {
    let byte = bytes[index]
    if byte < 0x80 { return (isASCIIWhitespace(byte), 1) }
    // Python's whitespace beyond ASCII (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) starts
    // with one of four lead bytes; anything else needs only its length.
    guard byte == 0xC2 || byte &- 0xE1 < 3 else { return (false, byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4) }
    let (value, length) = decodeScalar(bytes, at: index)
    return (CharacterClass.whitespace.contains(value), length)
}

/// The end of the run of whitespace from `start`.
@inline(__always)
func endOfWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    while index < bytes.count {
        let (isWhitespace, length) = whitespaceScalar(bytes, at: index)
        guard isWhitespace else { break }
        index += length
    }
    return index
}

/// The end of the run of characters other than whitespace from `start`.
@inline(__always)
func endOfNonWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    while index < bytes.count {
        // Printable ASCII other than space, the common case, takes one comparison.
        if bytes[index] &- 0x21 < 0x5E { index += 1; continue }
        let (isWhitespace, length) = whitespaceScalar(bytes, at: index)
        guard !isWhitespace else { break }
        index += length
    }
    return index
}

/// Python's whitespace among ASCII: tab, line feed, vertical tab, form feed, carriage return,
/// the four separators 0x1C–0x1F and space (``CharacterClass/whitespace`` agrees; this needs no table).
@inline(__always)
func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte &- 0x09 < 5 || byte &- 0x1C < 4
}

/// Python's `\w` among ASCII: letters, digits and `_`.
@inline(__always)
func isASCIIWordCharacter(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F
}

/// The code points of UTF-8 bytes.
func scalarValues(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32] {
    var values: [UInt32] = []
    values.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
        let (value, length) = decodeScalar(bytes, at: index)
        values.append(value)
        index += length
    }
    return values
}

/// The text of code points, encoded straight into the string's storage (sized exactly, so short
/// strings stay inline).
func string<C: Collection>(scalars: C) -> String where C.Element == UInt32 {
    let length = scalars.reduce(0) { $0 + ($1 < 0x80 ? 1 : $1 < 0x800 ? 2 : $1 < 0x10000 ? 3 : 4) }
    return String(unsafeUninitializedCapacity: length) { buffer in
        var count = 0
        for value in scalars {
            UTF8.encode(Unicode.Scalar(value)!) { byte in
                buffer[count] = byte
                count += 1
            }
        }
        return count
    }
}

/// spaCy's split of a text into chunks (`Tokenizer._tokenize_affixes`): alternating runs of
/// whitespace and of other characters; a single space `' '` after a run is dropped (it becomes the
/// previous token's trailing space), so the whitespace runs that remain — a newline, two spaces,
/// `"\n "` — are chunks of their own and become tokens. Calls `body` with each chunk's byte range.
@inline(__always)
func forEachSpacyChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
    guard !bytes.isEmpty else { return }
    var inWhitespace = whitespaceScalar(bytes, at: 0).isWhitespace
    var start = 0
    var index = 0
    while index < bytes.count {
        let (isWhitespace, length) = whitespaceScalar(bytes, at: index)
        if isWhitespace != inWhitespace {
            if start < index { body(start..<index) }
            start = bytes[index] == 0x20 ? index + 1 : index
            inWhitespace = isWhitespace
        }
        index += length
    }
    if start < bytes.count { body(start..<bytes.count) }
}

/// spaCy's chunks of the text fastai's case rules would make of `bytes`, found in `bytes` itself.
/// Those rules work on whitespace-separated words (each becomes its case marker and itself lower
/// cased, which spaCy sees as chunks of their own) and strip the text's leading and trailing
/// whitespace, so the chunks are: each word, and between two words the whitespace less one leading
/// space, when anything is left (see ``forEachSpacyChunk(_:_:)``). Calls `body` with each and
/// whether it is a word, until `body` returns false; returns false when it did.
@inline(__always)
func forEachWordAndSpacing(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, _ isWord: Bool) -> Bool) -> Bool {
    var start = endOfWhitespace(bytes, from: 0)
    while start < bytes.count {
        let end = endOfNonWhitespace(bytes, from: start)
        guard body(UnsafeBufferPointer(rebasing: bytes[start..<end]), true) else { return false }
        start = endOfWhitespace(bytes, from: end)
        guard start < bytes.count else { break }
        let spacing = bytes[end] == 0x20 ? end + 1 : end
        if spacing < start { guard body(UnsafeBufferPointer(rebasing: bytes[spacing..<start]), false) else { return false } }
    }
    return true
}
