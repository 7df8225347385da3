import Testing
@testable import Tensor

/// The message of the `ShapeError` a check throws, or nil when it does not throw.
func shapeErrorMessage<T>(_ check: () throws(ShapeError) -> T) -> String? {
    do {
        _ = try check()
        return nil
    } catch {
        return error.message
    }
}

/// A seeded random tensor for tests.
func randomTensor(_ shape: [Int], seed: UInt64 = 1) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.normal(shape, using: &generator)
}

/// Reference broadcasting by explicit multi-indices: `f` applied to the elements each output
/// position maps to, written as plainly as possible to check the fast kernels.
func referenceBroadcast(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    let rank = max(a.rank, b.rank)
    let shapeA = Array(repeating: 1, count: rank - a.rank) + a.shape
    let shapeB = Array(repeating: 1, count: rank - b.rank) + b.shape
    let outputShape = zip(shapeA, shapeB).map { $0 == 0 || $1 == 0 ? 0 : max($0, $1) }
    let count = outputShape.reduce(1, *)
    var values: [Float] = []
    for flat in 0..<count {
        let index = multiIndex(flat, in: outputShape)
        func element(_ t: Tensor, _ shape: [Int]) -> Float {
            var position = 0
            for axis in 0..<rank { position = position * shape[axis] + (shape[axis] == 1 ? 0 : index[axis]) }
            return t.scalars[position]
        }
        values.append(f(element(a, shapeA), element(b, shapeB)))
    }
    return Tensor(shape: outputShape, scalars: values)
}

/// The multi-index of a row-major position.
func multiIndex(_ flat: Int, in shape: [Int]) -> [Int] {
    var remainder = flat
    var index = [Int](repeating: 0, count: shape.count)
    for axis in shape.indices.reversed() {
        index[axis] = remainder % shape[axis]
        remainder /= shape[axis]
    }
    return index
}

/// The row-major position of a multi-index.
func flatPosition(_ index: [Int], in shape: [Int]) -> Int {
    zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
}
