import Foundation

/// fastai's `fix_html`: its literal replacements, in its order and each over the whole text as
/// Python's `str.replace` does — `#39;` → `'`, `amp;` → `&`, `#146;` → `'`, `nbsp;` → space,
/// `#36;` → `$`, backslash-n → newline, `quot;` → `'`, `<br />` → newline, `\"` → `"`, `<unk>` →
/// `xxunk`, ` @.@ ` → `.`, ` @-@ ` → `-`, `...` → ` …` — then Python's `html.unescape`.
///
/// Because the replacements come first, a well-formed `&amp;` becomes `&&` and `&quot;` becomes
/// `&'`, as in fastai. With `decodingEntitiesFirst`, `html.unescape` runs before the replacements
/// instead (`&amp;` → `&`, `&quot;` → `"`).
func fastaiFixHTML(_ bytes: [UInt8], decodingEntitiesFirst: Bool = false) -> [UInt8] {
    decodingEntitiesFirst
        ? replacingFastaiFragments(htmlUnescape(bytes), fastaiHTMLReplacements)
        : htmlUnescape(replacingFastaiFragments(bytes, fastaiHTMLReplacements))
}

/// HTML clean-up that decodes well-formed entities first (`&amp;` → `&`, `&quot;` → `"`, `&#233;` →
/// `é`, with Python's `html.unescape`), then applies fastai's replacements for the damaged fragments
/// and markup of scraped reviews (`<br />`, `<br/>` and `<br>` → newline, `#39;` → `'`, `amp;` → `&`,
/// `quot;` → `'`, `nbsp;` → space, backslash-n → newline, `<unk>` → `xxunk`, ` @.@ ` → `.`, …).
///
/// fastai applies its replacements first, which turns a well-formed `&amp;` into `&&`; decoding
/// first gives the same result on fastai's own data and the intended one on well-formed HTML.
public func cleanHTML(_ text: String) -> String {
    let cleaned = replacingFastaiFragments(htmlUnescape(Array(text.utf8)), cleanHTMLReplacements)
    return String(decoding: cleaned, as: UTF8.self)
}

/// fastai's replacements (fastai/text/core.py `fix_html`), in order.
let fastaiHTMLReplacements: [(fragment: [UInt8], replacement: [UInt8])] = [
    ("#39;", "'"), ("amp;", "&"), ("#146;", "'"), ("nbsp;", " "), ("#36;", "$"), ("\\n", "\n"), ("quot;", "'"),
    ("<br />", "\n"), ("\\\"", "\""), ("<unk>", SpecialTokens.unknown), (" @.@ ", "."), (" @-@ ", "-"), ("...", " …"),
].map { (Array($0.0.utf8), Array($0.1.utf8)) }

/// ``cleanHTML(_:)``'s replacements: fastai's without the ellipsis, plus other spellings of line breaks.
private let cleanHTMLReplacements: [(fragment: [UInt8], replacement: [UInt8])] = fastaiHTMLReplacements.dropLast()
    + [("<br/>", "\n"), ("<br>", "\n"), (" @,@ ", ",")].map { (Array($0.0.utf8), Array($0.1.utf8)) }

/// Each replacement in turn over the whole text (`text.replace(a, b).replace(c, d)…`). A
/// replacement is skipped after one `memchr` when its fragment's rarest byte (`;`, `\\`, `<`, `@`)
/// does not occur.
private func replacingFastaiFragments(_ bytes: [UInt8], _ replacements: [(fragment: [UInt8], replacement: [UInt8])]) -> [UInt8] {
    var text = bytes
    for (fragment, replacement) in replacements where contains(rarestByte(of: fragment), in: text) {
        text = replacingAll(fragment, with: replacement, in: text) ?? text
    }
    return text
}

/// The byte of `fragment` least likely in text: the first of `;`, `\\`, `<`, `@` it has, else its first.
private func rarestByte(of fragment: [UInt8]) -> UInt8 {
    [0x3B, 0x5C, 0x3C, 0x40].first(where: fragment.contains) ?? fragment[0]
}

private func contains(_ byte: UInt8, in text: [UInt8]) -> Bool {
    text.withUnsafeBufferPointer { bytes in bytes.baseAddress.map { memchr($0, Int32(byte), bytes.count) != nil } ?? false }
}

/// Python's `str.replace`: non-overlapping occurrences, left to right; nil when there are none.
private func replacingAll(_ fragment: [UInt8], with replacement: [UInt8], in text: [UInt8]) -> [UInt8]? {
    text.withUnsafeBufferPointer { bytes in
        fragment.withUnsafeBufferPointer { fragment in
            let base = bytes.baseAddress!
            var output: [UInt8]? = nil
            var copied = 0
            var index = 0
            // memchr finds each candidate first byte; memcmp checks the rest.
            while index + fragment.count <= bytes.count, let found = memchr(base + index, Int32(fragment[0]), bytes.count - index) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard position + fragment.count <= bytes.count else { break }
                if memcmp(base + position, fragment.baseAddress!, fragment.count) == 0 {
                    if output == nil { output = []; output!.reserveCapacity(bytes.count + 16) }
                    output! += UnsafeBufferPointer(rebasing: bytes[copied..<position])
                    output! += replacement
                    index = position + fragment.count
                    copied = index
                } else {
                    index = position + 1
                }
            }
            output? += UnsafeBufferPointer(rebasing: bytes[copied...])
            return output
        }
    }
}

/// Python's `html.unescape`: numeric references (`&#233;`, `&#xE9;`, with or without `;`, mapped
/// as HTML5 does for invalid ones) and the HTML5 named references (the longest known name when
/// the text runs on, as in `&ampx` → `&x`); anything else is left as written.
func htmlUnescape(_ bytes: [UInt8]) -> [UInt8] {
    guard contains(0x26, in: bytes) else { return bytes }
    return bytes.withUnsafeBufferPointer { text in
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            guard text[index] == 0x26, let (replacement, end) = characterReference(text, after: index + 1) else {
                output.append(text[index])
                index += 1
                continue
            }
            output += replacement
            index = end
        }
        return output
    }
}

/// The decoded reference starting after an `&` at `start` and where it ends, if the regex
/// `#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?` matches there.
private func characterReference(_ text: UnsafeBufferPointer<UInt8>, after start: Int) -> ([UInt8], Int)? {
    guard start < text.count else { return nil }
    if text[start] == 0x23 {  // '#'
        let isHex = start + 1 < text.count && (text[start + 1] | 0x20) == 0x78
        let digitsStart = start + (isHex ? 2 : 1)
        var end = digitsStart
        var value = 0
        while end < text.count, let digit = digitValue(text[end], hex: isHex) {
            value = min(value * (isHex ? 16 : 10) + digit, 0x110000)  // anything larger decodes the same
            end += 1
        }
        guard end > digitsStart else { return nil }
        if end < text.count && text[end] == 0x3B { end += 1 }
        return (Array(numericReference(value).utf8), end)
    }
    // A name: up to 32 code points other than tab, newline, form feed, space, '<', '&', '#', ';'.
    var end = start
    var count = 0
    while end < text.count && count < 32 && ![0x09, 0x0A, 0x0C, 0x20, 0x3C, 0x26, 0x23, 0x3B].contains(text[end]) {
        end += decodeScalar(text, at: end).length
        count += 1
    }
    guard count > 0 else { return nil }
    if end < text.count && text[end] == 0x3B { end += 1 }
    let name = Array(String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self).unicodeScalars)
    // The whole name (with its `;`), else the longest known name it starts with, at least 2 long.
    for length in [name.count] + Array(stride(from: name.count - 1, through: 2, by: -1)) {
        if let decoded = htmlEntities[string(scalars: name[..<length].map(\.value))] {
            return (Array((decoded + string(scalars: name[length...].map(\.value))).utf8), end)
        }
    }
    return nil
}

private func digitValue(_ byte: UInt8, hex: Bool) -> Int? {
    if byte >= 0x30 && byte <= 0x39 { return Int(byte - 0x30) }
    let lower = byte | 0x20
    return hex && lower >= 0x61 && lower <= 0x66 ? Int(lower - 0x61 + 10) : nil
}

/// What `&#value;` decodes to in Python's `html.unescape` (HTML5's table for the C1 range and NUL,
/// U+FFFD outside Unicode, nothing for non-characters and most controls).
private func numericReference(_ value: Int) -> String {
    if value == 0 { return "\u{FFFD}" }
    if value == 0x0D { return "\r" }
    if (0x80...0x9F).contains(value) { return windows1252[value - 0x80] }
    if (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { return "\u{FFFD}" }
    let invalid = (0x01...0x08).contains(value) || (0x0E...0x1F).contains(value) || value == 0x7F || value == 0x0B
        || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    return invalid ? "" : String(Unicode.Scalar(UInt32(value))!)
}

/// HTML5's reading of references 0x80–0x9F as Windows-1252 (the five undefined ones stay as they are).
private let windows1252: [String] = [
    "\u{20AC}", "\u{81}", "\u{201A}", "\u{192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
    "\u{2C6}", "\u{2030}", "\u{160}", "\u{2039}", "\u{152}", "\u{8D}", "\u{17D}", "\u{8F}",
    "\u{90}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
    "\u{2DC}", "\u{2122}", "\u{161}", "\u{203A}", "\u{153}", "\u{9D}", "\u{17E}", "\u{178}",
]

/// HTML5's named references (``htmlEntitiesJSON``), read once.
private let htmlEntities: [String: String] = {
    guard let table = try? JSONSerialization.jsonObject(with: Data(htmlEntitiesJSON.utf8)) as? [String: String] else {
        fatalError("htmlEntitiesJSON is not a JSON object of strings; regenerate it")
    }
    return table
}()
