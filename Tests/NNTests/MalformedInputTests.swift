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
    static let cases = MalformedCase.all(in: .module)

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases) func throwsItsExactError(_ malformed: MalformedCase) throws {
        let url = try malformed.url(in: .module)
        let error = #expect(throws: SafeTensorsError.self) { try Self.load(url, with: malformed.loader) }
        malformed.expectMessage(error?.description ?? "", path: url.path)
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
            let before = optimizer.stateDict()
            defer { #expect(optimizer.stateDict().map(\.1) == before.map(\.1), "a failed load changed the optimiser") }
            try optimizer.load(from: url)
        default:
            Issue.record("unknown loader \(loader)")
        }
    }
}
