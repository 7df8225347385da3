/// HTML clean-up before tokenising: well-formed entities are decoded first (`&amp;` → `&`,
/// `&quot;` → `"`, `&#233;` → `é`, `&#x27;` → `'`), then fastai's `fix_html` replacements undo the
/// damaged fragments and markup found in scraped reviews (`<br />` → newline, `#39;` → `'`,
/// `amp;` → `&`, `quot;` → `'`, `nbsp;` → space, `\n` → newline, `<unk>` → `xxunk`,
/// ` @.@ ` → `.`, …).
///
/// fastai applies its replacements first, which turns a well-formed `&amp;` into `&&`; decoding
/// first gives the same result on fastai's own data and the intended one on well-formed HTML.
public func cleanHTML(_ text: String) -> String {
    var result = text.contains("&") ? decodeEntities(text) : text
    for (fragment, replacement) in htmlReplacements where result.contains(fragment) {
        result = result.replacingAll(fragment, with: replacement)
    }
    return result
}

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

extension String {
    /// This string with every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var output = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            output += rest[..<range.lowerBound]
            output += replacement
            rest = rest[range.upperBound...]
        }
        return output + rest
    }
}

extension Substring {
    /// The range of the first occurrence of `target`, if any.
    func range(of target: String) -> Range<Index>? {
        let needle = Array(target)
        guard let first = needle.first else { return nil }
        var index = startIndex
        while let candidate = self[index...].firstIndex(of: first) {
            if self[candidate...].starts(with: needle) {
                return candidate..<self.index(candidate, offsetBy: needle.count)
            }
            index = self.index(after: candidate)
        }
        return nil
    }
}
