import Foundation
import Tensor

/// An SVG scatter plot of labelled 2-D points — notebook 003's picture of words projected by PCA
/// (`PrincipalComponents`) — with axes through the origin and each label beside its point.
/// Self-contained: no scripts or fonts to fetch.
public func scatterPlotSVG(points: Tensor, labels: [String], title: String = "Word vectors, first two principal components") -> String {
    strandPrecondition(points.rank == 2 && points.shape[1] == 2 && points.shape[0] == labels.count && !labels.isEmpty,
                       "scatterPlotSVG: points must be [\(labels.count), 2] for \(labels.count) labels, got \(points.shape)")
    let size = 560.0, margin = 50.0, top = 40.0
    let xs = (0..<labels.count).map { Double(points[element: $0, 0]) }, ys = (0..<labels.count).map { Double(points[element: $0, 1]) }
    let extent = Swift.max(xs.map(Swift.abs).max()!, ys.map(Swift.abs).max()!, 1e-9) * 1.1
    func x(_ value: Double) -> Double { margin + (value + extent) / (2 * extent) * size }
    func y(_ value: Double) -> Double { top + (extent - value) / (2 * extent) * size }
    var svg = svgCanvas(width: size + 2 * margin, height: size + top + margin, title: title, titleX: margin) + """
        <line x1="\(x(-extent))" y1="\(y(0))" x2="\(x(extent))" y2="\(y(0))" stroke="#999" stroke-dasharray="4 3"/>
        <line x1="\(x(0))" y1="\(y(-extent))" x2="\(x(0))" y2="\(y(extent))" stroke="#999" stroke-dasharray="4 3"/>

        """
    for (index, label) in labels.enumerated() {
        svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#3366cc\"/>\n", x(xs[index]), y(ys[index]))
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">", x(xs[index]) + 6, y(ys[index]) - 6) + escapeHTML(label) + "</text>\n"
    }
    return svg + "</svg>\n"
}
