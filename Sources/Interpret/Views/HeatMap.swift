import Foundation
import Tensor

/// An SVG heat map of a `[rows, columns]` matrix — notebook 003's picture of one filter size's
/// convolution outputs over a sentence's tokens — one cell per value, coloured by
/// ``attributionColor(_:)`` after dividing by the largest magnitude (green positive, red negative),
/// with the column labels (tokens) along the top, rotated. Self-contained: no scripts or fonts.
public func heatMapSVG(_ values: Tensor, columnLabels: [String], title: String = "Convolution outputs over the tokens") -> String {
    strandPrecondition(values.rank == 2 && values.shape[1] == columnLabels.count && values.shape[0] > 0,
                       "heatMapSVG: values must be [rows, \(columnLabels.count)] for \(columnLabels.count) column labels, got \(values.shape)")
    let (rows, columns) = (values.shape[0], values.shape[1])
    let cell = 14.0, left = 20.0, top = 40.0 + 7.0 * Double(columnLabels.map(\.count).max() ?? 0)
    let largest = Swift.max(values.scalars.map(Swift.abs).max() ?? 0, 1e-12)
    // Wide enough for the title as well as the cells.
    let width = Swift.max(left * 2 + cell * Double(columns), 8.0 * Double(title.count) + 2 * left)
    var svg = svgCanvas(width: width, height: top + cell * Double(rows) + 20, title: title, titleX: left)
    for (column, label) in columnLabels.enumerated() {
        let x = left + cell * (Double(column) + 0.7)
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-60 %.1f %.1f)\">", x, top - 4, x, top - 4)
            + escapeHTML(label) + "</text>\n"
    }
    for row in 0..<rows {
        for column in 0..<columns {
            let (hue, saturation, lightness) = attributionColor(values[element: row, column] / largest)
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" fill=\"hsl(%d, %d%%, %d%%)\"/>\n",
                          left + cell * Double(column), top + cell * Double(row), cell, cell, hue, saturation, lightness)
        }
    }
    return svg + "</svg>\n"
}
