import Foundation
import Tensor

/// An SVG line plot of scores along the tokens (notebook 000's relevance curve), with the tokens
/// written under the axis, a zero line, and each point coloured like the attribution views.
/// Self-contained: no scripts or fonts to fetch.
public func relevancePlotSVG(tokens: [String], scores: [Float], title: String = "Relevance along the review") -> String {
    strandPrecondition(tokens.count == scores.count && !scores.isEmpty, "relevancePlotSVG: \(tokens.count) tokens and \(scores.count) scores")
    let step = 14.0, left = 60.0, top = 40.0, plotHeight = 220.0
    let width = left + step * Double(tokens.count) + 40, height = top + plotHeight + 110
    let largest = Double(scores.map { Swift.abs($0) }.max() ?? 1)
    let scale = largest > 0 ? plotHeight / 2 / largest : 1
    let zero = top + plotHeight / 2
    func x(_ index: Int) -> Double { left + step * (Double(index) + 0.5) }
    func y(_ score: Float) -> Double { zero - Double(score) * scale }
    let normalized = normalizedByNorm(scores)
    let path = scores.indices.map { String(format: "%@%.1f,%.1f", $0 == 0 ? "M" : "L", x($0), y(scores[$0])) }.joined(separator: " ")
    var svg = svgCanvas(width: width, height: height, title: title, titleX: left) + """
        <line x1="\(Int(left))" y1="\(zero)" x2="\(Int(width - 30))" y2="\(zero)" stroke="#999" stroke-dasharray="4 3"/>
        <line x1="\(Int(left))" y1="\(Int(top))" x2="\(Int(left))" y2="\(Int(top + plotHeight))" stroke="#333"/>
        <text x="\(Int(left - 6))" y="\(Int(top + 4))" font-size="10" text-anchor="end">\(String(format: "%.3g", largest))</text>
        <text x="\(Int(left - 6))" y="\(Int(zero + 4))" font-size="10" text-anchor="end">0</text>
        <text x="\(Int(left - 6))" y="\(Int(top + plotHeight + 4))" font-size="10" text-anchor="end">\(String(format: "%.3g", -largest))</text>
        <path d="\(path)" fill="none" stroke="#3366cc" stroke-width="1.5"/>

        """
    for (index, token) in tokens.enumerated() {
        let (hue, saturation, lightness) = attributionColor(normalized[index])
        svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"hsl(%d, %d%%, %d%%)\" stroke=\"#333\" stroke-width=\"0.5\"/>\n", x(index), y(scores[index]), hue, saturation, Swift.min(lightness, 85))
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" transform=\"rotate(60 %.1f %.1f)\">", x(index), top + plotHeight + 12, x(index), top + plotHeight + 12)
            + escapeHTML(token) + "</text>\n"
    }
    return svg + "</svg>\n"
}
