// Helpers shared by the test suites: reading the JSON fixtures that the committed torch scripts
// write, and comparing tensors the way those tests need.
import Foundation
import Tensor

/// A tensor stored in a fixture as `{"shape": [...], "values": [...]}`.
public struct FixtureTensor: Decodable, Sendable {
    public let shape: [Int]
    public let values: [Double]

    public var tensor: Tensor { Tensor(shape: shape, scalars: values.map(Float.init)) }
    public var ints: IntTensor { IntTensor(shape: shape, scalars: values.map { Int($0) }) }
}

/// Decodes a JSON fixture from a test bundle's `Fixtures` folder.
public func loadFixture<T: Decodable>(_ type: T.Type, named name: String, in bundle: Bundle) throws -> T {
    guard let url = bundle.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
    }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// Why `actual` differs from `expected` by more than `tolerance` relative to the largest magnitude
/// in `expected` (a norm-wise relative error: elements that cancel to near zero are judged on the
/// tensor's scale) plus `absoluteTolerance`, or nil when it does not.
public func mismatch(_ actual: Tensor?, _ expected: Tensor, tolerance: Float = 1e-5, absoluteTolerance: Float = 0) -> String? {
    guard let actual else { return "no value" }
    guard actual.shape == expected.shape else { return "shape \(actual.shape), expected \(expected.shape)" }
    let scale = max(expected.scalars.map { abs($0) }.max() ?? 0, Float.leastNormalMagnitude)
    var worst: (error: Float, index: Int) = (0, 0)
    for (index, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() where !(a == e) {
        let error = a.isNaN || e.isNaN ? .infinity : abs(a - e)
        if error > worst.error { worst = (error, index) }
    }
    guard worst.error > tolerance * scale + absoluteTolerance else { return nil }
    return "element \(worst.index): \(actual.scalars[worst.index]) vs \(expected.scalars[worst.index]) (error \(worst.error), scale \(scale))"
}
