import Foundation
import Tensor

/// The tokens on coloured backgrounds for a 24-bit-colour terminal (ANSI escapes), using the same
/// colours as the HTML view; ends with a reset.
public func attributionANSI(_ record: ExplanationRecord) -> String {
    zip(record.tokens, normalizedByNorm(record.attributions)).map { token, value in
        let (red, green, blue) = rgb(attributionColor(value))
        return "\u{1B}[48;2;\(red);\(green);\(blue)m\u{1B}[30m\(token)\u{1B}[0m"
    }.joined(separator: " ")
}

/// A plain-text table of the `k` most relevant tokens, followed by the completeness verdict when
/// the record has one (a warning when the attributions do not add up).
public func topTokensTable(_ record: ExplanationRecord, k: Int = 10) -> String {
    var lines = [" rank  position  token                 score"]
    for (rank, entry) in record.topTokens(k).enumerated() {
        let token = entry.token.count > 20 ? String(entry.token.prefix(19)) + "…" : entry.token
        lines.append(String(format: "%5d  %8d  ", rank + 1, entry.position) + token.padding(toLength: 20, withPad: " ", startingAt: 0)
                     + String(format: "  %+.4f", entry.score))
    }
    if let completeness = record.completeness { lines.append(completeness.verdict()) }
    return lines.joined(separator: "\n")
}

/// HSL (degrees, percent, percent) to 8-bit RGB.
func rgb(_ hsl: (hue: Int, saturation: Int, lightness: Int)) -> (Int, Int, Int) {
    let s = Double(hsl.saturation) / 100, l = Double(hsl.lightness) / 100
    let chroma = (1 - abs(2 * l - 1)) * s
    let h = Double(hsl.hue) / 60
    let x = chroma * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
    let (r, g, b): (Double, Double, Double) = h < 1 ? (chroma, x, 0) : h < 2 ? (x, chroma, 0) : h < 3 ? (0, chroma, x) : h < 4 ? (0, x, chroma) : h < 5 ? (x, 0, chroma) : (chroma, 0, x)
    let m = l - chroma / 2
    return (Int(((r + m) * 255).rounded()), Int(((g + m) * 255).rounded()), Int(((b + m) * 255).rounded()))
}
