// Reading the JSON fixtures that the committed torch scripts write.
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
