import Foundation

// Printing in PyTorch's layout: `tensor([[1.0000, 2.5000], …], shape=[2, 2])`, with nested
// brackets aligned under each other, and only the first and last three entries of each axis
// once a tensor has more than 1,000 elements.

/// Lays out formatted elements of a row-major array in nested brackets.
struct TensorFormatter {
    static let summaryThreshold = 1000
    static let edgeItems = 3

    let shape: [Int]
    let summarize: Bool

    init(shape: [Int]) {
        self.shape = shape
        self.summarize = Shape.count(shape) > Self.summaryThreshold
    }

    /// The indices shown along an axis of `size` (`nil` marks the elided middle).
    func shownIndices(_ size: Int) -> [Int?] {
        guard summarize, size > 2 * Self.edgeItems else { return Array(0..<size) }
        return Array(0..<Self.edgeItems) + [nil] + Array((size - Self.edgeItems)..<size)
    }

    /// The flat positions of the shown elements, used to pick a common number format.
    func shownPositions() -> [Int] {
        var positions = [0]
        for size in shape {
            let shown = shownIndices(size).compactMap { $0 }
            positions = positions.flatMap { base in shown.map { base * size + $0 } }
        }
        return positions
    }

    /// `prefix(` + nested brackets + `suffix)`.
    func render(prefix: String, suffix: String, element: (Int) -> String) -> String {
        let width = shownPositions().map { element($0).count }.max() ?? 0
        let padded = { (position: Int) -> String in
            let text = element(position)
            return String(repeating: " ", count: width - text.count) + text
        }
        guard !shape.isEmpty else { return "\(prefix)(\(element(0))\(suffix))" }
        let indent = prefix.count + 1
        return "\(prefix)(" + block(axis: 0, offset: 0, indent: indent, element: padded) + "\(suffix))"
    }

    private func block(axis: Int, offset: Int, indent: Int, element: (Int) -> String) -> String {
        let size = shape[axis]
        let stride = Shape.count(Array(shape[(axis + 1)...]))
        let parts = shownIndices(size).map { index -> String in
            // PyTorch writes the elided entries as " ..." among numbers, "..." among rows.
            guard let index else { return axis == shape.count - 1 ? " ..." : "..." }
            let position = offset + index * stride
            return axis == shape.count - 1 ? element(position) : block(axis: axis + 1, offset: position, indent: indent, element: element)
        }
        if axis == shape.count - 1 { return "[" + parts.joined(separator: ", ") + "]" }
        let separator = "," + String(repeating: "\n", count: shape.count - axis - 1) + String(repeating: " ", count: indent + axis + 1)
        return "[" + parts.joined(separator: separator) + "]"
    }
}

/// How a tensor's elements are written: whole numbers as `2.`, others with four decimals, and
/// scientific notation when magnitudes span more than three decades (PyTorch's rules).
enum FloatStyle {
    case integral, fixed, scientific

    init(values: [Float]) {
        let finite = values.filter(\.isFinite)
        let magnitudes = finite.map { Swift.abs($0) }.filter { $0 > 0 }
        let integral = finite.allSatisfy { $0 == $0.rounded() }
        guard let largest = magnitudes.max(), let smallest = magnitudes.min() else {
            self = integral ? .integral : .fixed
            return
        }
        let spansDecades = largest / smallest > 1000 || largest > 1e8
        if integral {
            self = spansDecades ? .scientific : .integral
        } else {
            self = spansDecades || smallest < 1e-4 ? .scientific : .fixed
        }
    }

    func format(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        switch self {
        case .integral: return String(format: "%.0f.", Double(value))
        case .fixed: return String(format: "%.4f", Double(value))
        case .scientific: return String(format: "%.4e", Double(value))
        }
    }
}

extension Tensor: CustomStringConvertible {
    /// The tensor in PyTorch's layout with its shape, e.g. `tensor([1.5000, 2.0000], shape=[2])`.
    public var description: String {
        let formatter = TensorFormatter(shape: shape)
        let style = FloatStyle(values: formatter.shownPositions().compactMap { $0 < count ? scalars[$0] : nil })
        let suffix = count == 0 || rank > 0 ? ", shape=\(Shape.describe(shape))" : ""
        if count == 0 { return "tensor([]\(suffix))" }
        return formatter.render(prefix: "tensor", suffix: suffix) { style.format(scalars[$0]) }
    }
}

extension IntTensor: CustomStringConvertible {
    /// The tensor in PyTorch's layout with its shape, e.g. `tensor([1, 2], shape=[2])`.
    public var description: String {
        let suffix = count == 0 || rank > 0 ? ", shape=\(Shape.describe(shape))" : ""
        if count == 0 { return "tensor([]\(suffix))" }
        return TensorFormatter(shape: shape).render(prefix: "tensor", suffix: suffix) { String(scalars[$0]) }
    }
}
