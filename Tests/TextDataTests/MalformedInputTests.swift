import Foundation
import StrandTestSupport
import Tensor
import TextData
import Testing

/// Every loader on the malformed corpus (`Fixtures/make_malformed_corpus.py`): each input throws,
/// and the error says exactly what the corpus expects — the file, what was expected, what was
/// found — in a few hundred characters at most.
@Suite struct MalformedInputTests {
    static let cases = MalformedCase.all(in: .module)

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases) func throwsItsExactError(_ malformed: MalformedCase) throws {
        let url = try malformed.url(in: .module)
        let error = #expect(throws: TextDataError.self) { try Self.load(url, with: malformed.loader) }
        malformed.expectMessage(error?.description ?? "", path: url.path)
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
