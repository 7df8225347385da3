// The malformed-input corpora (`Fixtures/make_malformed_corpus.py` in each test target): a file
// per case and the exact error each must throw.
import Foundation
import Testing

/// One malformed input: its file in `Fixtures/Malformed`, the loader to feed it to, and the error's
/// exact description with the file's path written as `{path}`.
public struct MalformedCase: Decodable, Sendable, CustomTestStringConvertible {
    public let `case`: String
    public let loader: String
    public let expected: String

    public var testDescription: String { `case` }

    /// Every case of `bundle`'s `Fixtures/malformed_cases.json` (none when it is missing, which the
    /// suites' count checks catch).
    public static func all(in bundle: Bundle) -> [MalformedCase] {
        (try? loadFixture([MalformedCase].self, named: "malformed_cases", in: bundle)) ?? []
    }

    /// The case's file in `bundle`.
    public func url(in bundle: Bundle) throws -> URL {
        try #require(bundle.url(forResource: "Fixtures/Malformed/\(`case`)", withExtension: nil))
    }

    /// Checks `message` against the expected one, and that it stays short (besides the path).
    public func expectMessage(_ message: String, path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(message == expected.replacingOccurrences(of: "{path}", with: path), sourceLocation: sourceLocation)
        #expect(message.count - path.count <= 400, "the message is \(message.count) characters long", sourceLocation: sourceLocation)
    }
}
