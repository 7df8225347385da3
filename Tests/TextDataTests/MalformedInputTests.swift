import Foundation
import StrandTestSupport
import Tensor
import TextData
import Testing

/// Every loader on the malformed corpus (`Fixtures/make_malformed_corpus.py`): each input throws,
/// and the error says exactly what the corpus expects — the file, what was expected, what was
/// found — in a few hundred characters at most.
@Suite struct MalformedInputTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let `case`: String
        let loader: String
        let expected: String

        var testDescription: String { `case` }
    }

    static let cases = (try? loadFixture([Case].self, named: "malformed_cases", in: .module)) ?? []

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases) func throwsItsExactError(_ malformed: Case) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/Malformed/\(malformed.case)", withExtension: nil))
        let error = #expect(throws: TextDataError.self) { try Self.load(url, with: malformed.loader) }
        let message = error?.description ?? ""
        #expect(message == malformed.expected.replacingOccurrences(of: "{path}", with: url.path))
        #expect(message.count - url.path.count <= 400, "the message is \(message.count) characters long")
    }

    static func load(_ url: URL, with loader: String) throws(TextDataError) {
        switch loader {
        case "csv": _ = try TextDataset.csv(url)
        case "glove": _ = try WordVectors.readText(url)
        case "word2vecText": _ = try WordVectors.readText(url, hasHeader: true)
        case "word2vecBinary": _ = try WordVectors.readWord2VecBinary(url)
        case "fastText": _ = try WordVectors.readFacebookFastText(url)
        case "vocabulary": _ = try Vocabulary(contentsOf: url)
        case "labelEncoder": _ = try LabelEncoder(contentsOf: url)
        case "aclImdb": _ = try TextDataset.aclImdb(url)
        default: Issue.record("unknown loader \(loader)")
        }
    }
}
