import Foundation

/// A self-contained HTML page like Captum's `visualize_text`: a table with each example's true
/// label, predicted label (probability), attribution label, attribution score and its words with
/// backgrounds coloured by their normalised attributions (green supports, red opposes). No scripts
/// or network assets.
public func attributionHTML(_ records: [ExplanationRecord], title: String = "Word importance") -> String {
    var rows = ""
    for record in records {
        let words = zip(record.tokens, normalizedByNorm(record.attributions)).map { token, value -> String in
            let (hue, saturation, lightness) = attributionColor(value)
            return "<mark style=\"background-color: hsl(\(hue), \(saturation)%, \(lightness)%); line-height: 1.75\" title=\"\(String(format: "%.4f", value))\">\(escapeHTML(token))</mark>"
        }.joined(separator: " ")
        let delta = record.completeness.map(completenessHTML) ?? ""
        rows += """
            <tr><td>\(escapeHTML(record.trueLabel ?? "–"))</td>\
            <td><b>\(escapeHTML(record.predictedLabel))</b> (\(String(format: "%.2f", record.predictedProbability)))</td>\
            <td>\(escapeHTML(record.attributionLabel))</td>\
            <td>\(String(format: "%.2f", record.attributionScore))\(delta)</td><td>\(words)</td></tr>

            """
    }
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escapeHTML(title))</title>
        <style>body { font-family: sans-serif; margin: 2em; } table { border-collapse: collapse; }
        th, td { border: 1px solid #ccc; padding: 6px 10px; vertical-align: top; text-align: left; }
        mark { padding: 1px 2px; color: black; } .legend mark { margin-right: 1em; } .warning { color: #b00; }</style></head>
        <body><h1>\(escapeHTML(title))</h1>
        <p class="legend">Legend: <mark style="background-color: hsl(0, 75%, 60%)">negative</mark>\
        <mark style="background-color: hsl(0, 75%, 100%)">neutral</mark>\
        <mark style="background-color: hsl(120, 75%, 50%)">positive</mark></p>
        <table><tr><th>True Label</th><th>Predicted Label</th><th>Attribution Label</th><th>Attribution Score</th><th>Word Importance</th></tr>
        \(rows)</table></body></html>

        """
}

/// The convergence delta under the score and, when the attributions are incomplete, a warning in
/// red with the verdict.
private func completenessHTML(_ completeness: Completeness) -> String {
    let delta = "<br><small>δ = \(String(format: "%.2e", completeness.delta))</small>"
    guard !completeness.holds() else { return delta }
    return delta + "<br><small class=\"warning\" title=\"\(escapeHTML(completeness.verdict()))\">⚠ incomplete: δ is "
        + (completeness.relativeError.isFinite ? String(format: "%.0f %%", completeness.relativeError * 100) : "all")
        + " of F(x) − F(x′); the ranking is not meaningful</small>"
}

/// `text` with `&`, `<`, `>` and `"` escaped for HTML and SVG.
func escapeHTML(_ text: String) -> String {
    var escaped = ""
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        default: escaped.append(character)
        }
    }
    return escaped
}
