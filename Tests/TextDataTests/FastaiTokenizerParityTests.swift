import Foundation
import StrandTestSupport
import Tensor
import Testing
@testable import TextData

/// Texts with the tokens fastai 2.8 + spaCy 3.8 give them, written by
/// Fixtures/make_tokenizer_fixture.py: `rows` are real reviews chosen for the ways a tokenizer can
/// disagree with fastai, `examples` short corner cases, both through fastai's `tokenize_df` with its
/// defaults; `spacy` are texts through spaCy's blank English tokenizer alone.
struct TokenizerFixture: Decodable {
    struct Row: Decodable {
        let text: String
        let tokens: [String]
    }

    let rows: [Row]
    let examples: [Row]
    let spacy: [Row]

    static let shared = try! loadFixture(TokenizerFixture.self, named: "fastai_tokens", in: .module)
}

/// Records the number of differing rows and the first difference, with the tokens around it.
func expectSameTokens(_ actual: [[String]], _ expected: [TokenizerFixture.Row], sourceLocation: SourceLocation = #_sourceLocation) {
    let differing = expected.indices.filter { actual[$0] != expected[$0].tokens }
    guard let row = differing.first else { return }
    let position = zip(expected[row].tokens, actual[row]).prefix { $0 == $1 }.count
    Issue.record("""
        \(differing.count) of \(expected.count) texts differ; first: \(expected[row].text.prefix(80).debugDescription), token \(position): \
        reference \(expected[row].tokens[position...].prefix(5)) / Strand \(actual[row][position...].prefix(5))
        """, sourceLocation: sourceLocation)
}

@Suite struct FastaiTokenizerParityTests {
    let fixture = TokenizerFixture.shared

    @Test func realReviewsGetFastaisTokens() {
        expectSameTokens(FastaiTokenizer().tokenize(fixture.rows.map(\.text)), fixture.rows)
    }

    @Test func cornerCasesGetFastaisTokens() {
        expectSameTokens(fixture.examples.map { FastaiTokenizer().tokenize($0.text) }, fixture.examples)
    }

    @Test func spacyTokenizerAloneGetsSpacysTokens() {
        expectSameTokens(fixture.spacy.map { SpacyTokenizer().tokenize($0.text) }, fixture.spacy)
    }

    @Test func encodingStraightToIDsMatchesTheTokens() {
        let vocabulary = Vocabulary.fastai(from: fixture.rows.map(\.tokens), minFrequency: 2)
        let ids = FastaiTokenizer().encode(fixture.rows.map(\.text), vocabulary: vocabulary)
        #expect(ids == vocabulary.encode(documents: fixture.rows.map(\.tokens)))
    }
}
