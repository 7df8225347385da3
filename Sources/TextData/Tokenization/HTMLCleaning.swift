/// HTML clean-up before tokenising: well-formed entities are decoded first (`&amp;` → `&`,
/// `&quot;` → `"`, `&#233;` → `é`, `&#x27;` → `'`), then fastai's `fix_html` replacements undo the
/// damaged fragments and markup found in scraped reviews (`<br />` → newline, `#39;` → `'`,
/// `amp;` → `&`, `quot;` → `'`, `nbsp;` → space, `\n` → newline, `<unk>` → `xxunk`,
/// ` @.@ ` → `.`, …).
///
/// fastai applies its replacements first, which turns a well-formed `&amp;` into `&&`; decoding
/// first gives the same result on fastai's own data and the intended one on well-formed HTML.
public func cleanHTML(_ text: String) -> String {
    let decoded = text.utf8.contains(UInt8(ascii: "&")) ? decodeEntities(text) : text
    return replacingFragments(decoded)
}

/// fastai's replacements in one pass over the bytes (each position checked only against the
/// fragments that start with its byte).
private func replacingFragments(_ text: String) -> String {
    let bytes = Array(text.utf8)
    var output = [UInt8]()
    output.reserveCapacity(bytes.count)
    var index = 0
    var changed = false
    scan: while index < bytes.count {
        for (fragment, replacement) in fragmentsByFirstByte[Int(bytes[index])] where bytes[index...].starts(with: fragment) {
            output += replacement
            index += fragment.count
            changed = true
            continue scan
        }
        output.append(bytes[index])
        index += 1
    }
    return changed ? String(decoding: output, as: UTF8.self) : text
}

private let fragmentsByFirstByte: [[(fragment: [UInt8], replacement: [UInt8])]] = {
    var table = [[([UInt8], [UInt8])]](repeating: [], count: 256)
    for (fragment, replacement) in htmlReplacements {
        table[Int(fragment.utf8.first!)].append((Array(fragment.utf8), Array(replacement.utf8)))
    }
    return table
}()

private let htmlReplacements: [(String, String)] = [
    ("#39;", "'"), ("amp;", "&"), ("#146;", "'"), ("nbsp;", " "), ("#36;", "$"), ("\\n", "\n"), ("quot;", "'"),
    ("<br />", "\n"), ("<br/>", "\n"), ("<br>", "\n"), ("\\\"", "\""), ("<unk>", SpecialTokens.unknown),
    (" @.@ ", "."), (" @-@ ", "-"), (" @,@ ", ","),
]

private let namedEntities: [String: Character] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]

/// Decodes `&name;`, `&#NNN;` and `&#xHH;` entities; anything else is left as written.
private func decodeEntities(_ text: String) -> String {
    var output = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
        output += rest[..<ampersand]
        let afterAmpersand = rest.index(after: ampersand)
        guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
            output.append("&")
            rest = rest[afterAmpersand...]
            continue
        }
        let name = rest[afterAmpersand..<semicolon]
        if let decoded = decodeEntity(name) {
            output.append(decoded)
            rest = rest[rest.index(after: semicolon)...]
        } else {
            output.append("&")
            rest = rest[afterAmpersand...]
        }
    }
    return output + rest
}

private func decodeEntity(_ name: Substring) -> Character? {
    if let named = namedEntities[String(name)] { return named }
    guard name.first == "#" else { return nil }
    let digits = name.dropFirst()
    let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
    return value.flatMap(Unicode.Scalar.init).map(Character.init)
}
