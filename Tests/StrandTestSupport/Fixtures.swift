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

/// The URL of a file in a test bundle's `Fixtures` folder.
public func fixtureURL(_ name: String, _ extension: String, in bundle: Bundle) throws -> URL {
    guard let url = bundle.url(forResource: name, withExtension: `extension`, subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).\(`extension`)"])
    }
    return url
}

/// Decodes a JSON fixture from a test bundle's `Fixtures` folder.
public func loadFixture<T: Decodable>(_ type: T.Type, named name: String, in bundle: Bundle) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(contentsOf: fixtureURL(name, "json", in: bundle)))
}
