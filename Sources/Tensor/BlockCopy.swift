// Slicing, concatenation and padding along one axis all reduce to the same move: view each
// tensor as (outer, axis, inner) and copy one contiguous block per outer index. This is that move,
// generic over the element so `Tensor` and `IntTensor` share it.

/// One operand of a block copy: where its blocks start and how far apart they are, in elements.
struct BlockLayout {
    var start: Int
    var blockStride: Int
}

extension Shape {
    /// Copies `blocks` blocks of `length` elements from `source` to `destination`.
    static func copyBlocks<Element>(
        _ blocks: Int, length: Int,
        from source: UnsafePointer<Element>, _ sourceLayout: BlockLayout,
        to destination: UnsafeMutablePointer<Element>, _ destinationLayout: BlockLayout
    ) {
        guard length > 0 else { return }
        for block in 0..<blocks {
            (destination + destinationLayout.start + block * destinationLayout.blockStride)
                .update(from: source + sourceLayout.start + block * sourceLayout.blockStride, count: length)
        }
    }

    /// A row-major array of `count` elements, all `fill`, then written by `body`.
    static func assemble<Element>(count: Int, fill: Element, _ body: (UnsafeMutablePointer<Element>) -> Void) -> [Element] {
        var result = [Element](repeating: fill, count: count)
        result.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { body(base) }
        }
        return result
    }

    /// The elements of `range` along `axis` of a row-major array of `shape`.
    static func slice<Element: BitwiseCopyable>(_ source: [Element], shape: [Int], axis: Int, range: Range<Int>, zero: Element) -> [Element] {
        let (outer, size, inner) = split(shape, at: axis)
        let length = range.count * inner
        return assemble(count: outer * length, fill: zero) { output in
            source.withUnsafeBufferPointer { input in
                guard let base = input.baseAddress else { return }
                copyBlocks(outer, length: length,
                           from: base, BlockLayout(start: range.lowerBound * inner, blockStride: size * inner),
                           to: output, BlockLayout(start: 0, blockStride: length))
            }
        }
    }

    /// The arrays of `shapes` joined along `axis` (all other sizes equal).
    static func concatenate<Element: BitwiseCopyable>(_ sources: [[Element]], shapes: [[Int]], axis: Int, zero: Element) -> [Element] {
        let total = shapes.reduce(0) { $0 + $1[axis] }
        var outputShape = shapes[0]
        outputShape[axis] = total
        let (outer, _, inner) = split(outputShape, at: axis)
        var offset = 0
        return assemble(count: count(outputShape), fill: zero) { output in
            for (source, shape) in Swift.zip(sources, shapes) {
                let length = shape[axis] * inner
                source.withUnsafeBufferPointer { input in
                    guard let base = input.baseAddress else { return }
                    copyBlocks(outer, length: length,
                               from: base, BlockLayout(start: 0, blockStride: length),
                               to: output, BlockLayout(start: offset * inner, blockStride: total * inner))
                }
                offset += shape[axis]
            }
        }
    }

    /// The array with `before` and `after` elements of `value` added around `axis`.
    static func pad<Element: BitwiseCopyable>(_ source: [Element], shape: [Int], axis: Int, before: Int, after: Int, value: Element) -> [Element] {
        let (outer, size, inner) = split(shape, at: axis)
        let paddedSize = before + size + after
        return assemble(count: outer * paddedSize * inner, fill: value) { output in
            source.withUnsafeBufferPointer { input in
                guard let base = input.baseAddress else { return }
                copyBlocks(outer, length: size * inner,
                           from: base, BlockLayout(start: 0, blockStride: size * inner),
                           to: output, BlockLayout(start: before * inner, blockStride: paddedSize * inner))
            }
        }
    }

    /// Checks that `shapes` agree on every axis but `axis`, and resolves `axis`.
    static func checkedConcatenation(_ shapes: [[Int]], axis: Int, op: String) throws(ShapeError) -> Int {
        guard let first = shapes.first else { throw ShapeError("\(op): needs at least one tensor") }
        let resolved = try checkedAxis(axis, rank: first.count, op: op)
        for (index, shape) in shapes.enumerated() {
            var a = shape, b = first
            guard a.count == b.count else {
                throw ShapeError("\(op): tensor \(index) has shape \(describe(shape)) but tensor 0 has \(describe(first)) (ranks differ)")
            }
            a[resolved] = 0
            b[resolved] = 0
            guard a == b else {
                throw ShapeError("\(op): tensor \(index) has shape \(describe(shape)) but tensor 0 has \(describe(first)); only axis \(resolved) may differ")
            }
        }
        return resolved
    }

    /// Checks `range` against `axis` of `shape` and resolves the axis.
    static func checkedSlice(_ shape: [Int], axis: Int, range: Range<Int>, op: String) throws(ShapeError) -> Int {
        let resolved = try checkedAxis(axis, rank: shape.count, op: op)
        guard range.lowerBound >= 0, range.upperBound <= shape[resolved] else {
            throw ShapeError("\(op): range \(range) is out of bounds for axis \(resolved) of size \(shape[resolved]) (shape \(describe(shape)))")
        }
        return resolved
    }

    /// Sizes of `parts` nearly equal chunks of `size`, as `torch.chunk` makes them: each
    /// ⌈size / parts⌉ long but the last, which may be shorter (so there may be fewer than `parts`).
    static func chunkSizes(size: Int, parts: Int) -> [Int] {
        let length = Swift.max(1, (size + parts - 1) / parts)
        return stride(from: 0, to: size, by: length).map { Swift.min(length, size - $0) }
    }
}
