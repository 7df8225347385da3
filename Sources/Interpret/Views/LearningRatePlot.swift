import Foundation
import NN
import Tensor

/// An SVG plot of the learning-rate finder's smoothed loss against the learning rate (log scale),
/// without the last `skipEnd` batches, with fastai's valley suggestion marked — fastai's
/// `plot_lr_find`. Self-contained: no scripts or fonts to fetch.
public func learningRateFinderSVG(_ result: LearningRateFinderResult, skipEnd: Int = 5, title: String = "Learning rate finder") -> String {
    let count = Swift.max(result.losses.count - skipEnd, 0)
    let points = (0..<count).map { (rate: Double(result.learningRates[$0]), loss: Double(result.losses[$0])) }.filter { $0.loss.isFinite }
    strandPrecondition(points.count >= 2, "learningRateFinderSVG: needs at least two finite losses, got \(points.count)")
    let (left, top, plotWidth, plotHeight) = (70.0, 40.0, 520.0, 300.0)
    let (lowRate, highRate) = (log10(points.first!.rate), log10(points.last!.rate))
    let (lowLoss, highLoss) = (points.map(\.loss).min()!, points.map(\.loss).max()!)
    func x(_ rate: Double) -> Double { left + (log10(rate) - lowRate) / Swift.max(highRate - lowRate, 1e-12) * plotWidth }
    func y(_ loss: Double) -> Double { top + (highLoss - loss) / Swift.max(highLoss - lowLoss, 1e-12) * plotHeight }
    let path = points.enumerated().map { String(format: "%@%.1f,%.1f", $0.offset == 0 ? "M" : "L", x($0.element.rate), y($0.element.loss)) }.joined(separator: " ")
    var svg = svgCanvas(width: left + plotWidth + 40, height: top + plotHeight + 60, title: title, titleX: left) + """
        <line x1="\(Int(left))" y1="\(Int(top + plotHeight))" x2="\(Int(left + plotWidth))" y2="\(Int(top + plotHeight))" stroke="#333"/>
        <line x1="\(Int(left))" y1="\(Int(top))" x2="\(Int(left))" y2="\(Int(top + plotHeight))" stroke="#333"/>
        <text x="\(Int(left + plotWidth / 2))" y="\(Int(top + plotHeight + 45))" font-size="12" text-anchor="middle">Learning rate (log scale)</text>
        <text x="14" y="\(Int(top + plotHeight / 2))" font-size="12" transform="rotate(-90 14 \(Int(top + plotHeight / 2)))" text-anchor="middle">Loss</text>
        <text x="\(Int(left - 6))" y="\(Int(top + 4))" font-size="10" text-anchor="end">\(String(format: "%.3g", highLoss))</text>
        <text x="\(Int(left - 6))" y="\(Int(top + plotHeight + 4))" font-size="10" text-anchor="end">\(String(format: "%.3g", lowLoss))</text>
        <path d="\(path)" fill="none" stroke="#3366cc" stroke-width="1.5"/>

        """
    for exponent in Int(lowRate.rounded(.up))...Swift.max(Int(highRate.rounded(.down)), Int(lowRate.rounded(.up))) {
        let rate = Foundation.pow(10, Double(exponent))
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">1e%d</text>\n", x(rate), top + plotHeight + 16, exponent)
    }
    let valley = result.valley
    svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#dc3912\"/>\n", x(Double(valley.learningRate)), y(Double(valley.loss)))
    svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#dc3912\">valley: %.2e</text>\n", x(Double(valley.learningRate)) + 8, y(Double(valley.loss)) - 8, valley.learningRate)
    return svg + "</svg>\n"
}
