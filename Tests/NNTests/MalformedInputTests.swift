import Autograd
import Foundation
import NN
import StrandTestSupport
import Tensor
import Testing

/// Safetensors files, state dicts and optimiser states from the malformed corpus
/// (`Fixtures/make_malformed_corpus.py`): each throws exactly the error the corpus expects, and
/// nothing it loads into is changed.
@Suite struct MalformedInputTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let `case`: String
        let loader: String
        let expected: String

        var testDescription: String { `case` }
    }

    static let cases = (try? loadFixture([Case].self, named: "malformed_cases", in: .module)) ?? []

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases) func throwsItsExactError(_ malformed: Case) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/Malformed/\(malformed.case)", withExtension: nil))
        let error = #expect(throws: SafeTensorsError.self) { try Self.load(url, with: malformed.loader) }
        let message = error?.description ?? ""
        #expect(message == malformed.expected.replacingOccurrences(of: "{path}", with: url.path))
        #expect(message.count - url.path.count <= 400, "the message is \(message.count) characters long")
    }

    static func load(_ url: URL, with loader: String) throws(SafeTensorsError) {
        switch loader {
        case "safetensors":
            _ = try SafeTensors.read(url)
        case "batchNorm":
            let module = BatchNorm1d(2)
            let before = module.stateDict()
            defer { #expect(module.stateDict().map(\.1) == before.map(\.1), "a failed load changed the module") }
            try module.load(from: url)
        case "adam":
            let optimizer = Adam(groups: [ParameterGroup([Parameter(Tensor([1, 2]))])])
            try optimizer.load(from: url)
        default:
            Issue.record("unknown loader \(loader)")
        }
    }
}
