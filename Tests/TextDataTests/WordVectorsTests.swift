import Foundation
import StrandTestSupport
import Tensor
import Testing
@testable import TextData

@Suite struct WordVectorsTests {
    func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        return url
    }

    let glove = "king 0.8 0.1 0.3\nqueen 0.8 0.9 0.3\nman 0.1 0.1 0.2\nwoman 0.1 0.9 0.2\napple -0.5 0.0 0.9\n"

    @Test func gloveAndWord2VecTextFormats() throws {
        let vectors = try WordVectors.readText(file(glove))
        #expect(vectors.count == 5 && vectors.dimension == 3)
        #expect(vectors["queen"] == Tensor([0.8, 0.9, 0.3]))
        #expect(vectors["nope"] == nil)
        let word2vec = try WordVectors.readText(file("2 3\n" + glove.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"))
        #expect(word2vec.words == ["king", "queen"])
    }

    @Test func aLastLineWithoutNewlineIsRead() throws {
        // strtof must not run past the file's end: the last number is read exactly.
        let vectors = try WordVectors.readText(file("king 0.8 0.1\nqueen 0.7 0.25"))
        #expect(vectors.words == ["king", "queen"] && vectors.vectors == Tensor([[0.8, 0.1], [0.7, 0.25]]))
    }

    @Test func headerCanBeRequiredOrRuledOut() throws {
        // One-dimensional vectors whose first word is a number look like a header unless told.
        let numbers = try file("2 1\nx 0.5\n")
        #expect(throws: TextDataError.invalidDataset(path: numbers.path, reason: "the header declares 2 words but 1 follow")) { try WordVectors.readText(numbers) }
        let read1D = try WordVectors.readText(numbers, hasHeader: false)
        #expect(read1D.words == ["2", "x"] && read1D.vectors == Tensor(shape: [2, 1], scalars: [1, 0.5]))
        let noHeader = try file(glove)
        #expect(throws: TextDataError.malformedFile(path: noHeader.path, line: 1, format: "word2vec text", reason: "the header must be \"count dimension\"")) {
            try WordVectors.readText(noHeader, hasHeader: true)
        }
        let vectors = try WordVectors.readText(noHeader)
        let written = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(UUID().uuidString).txt")
        try vectors.writeWord2VecText(to: written, header: false)
        #expect(try String(contentsOf: written, encoding: .utf8).hasPrefix("king "))
        let read = try WordVectors.readText(written, hasHeader: false)
        #expect(read.words == vectors.words && read.vectors == vectors.vectors)
    }

    @Test func malformedFilesNameTheirLine() throws {
        let short = try file("a 1 2\nb 1\n")
        #expect(throws: TextDataError.malformedFile(path: short.path, line: 2, format: "word vectors", reason: "1 values where the vectors have 2")) {
            try WordVectors.readText(short)
        }
        let badNumber = try file("a 1 2\nb 1 x\n")
        #expect(throws: TextDataError.self) { try WordVectors.readText(badNumber) }
        let badCount = try file("3 2\na 1 2\n")
        #expect(throws: TextDataError.invalidDataset(path: badCount.path, reason: "the header declares 3 words but 1 follow")) { try WordVectors.readText(badCount) }
    }

    @Test func word2vecBinaryRoundTripsAndTruncationThrows() throws {
        let vectors = try WordVectors.readText(file(glove))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(UUID().uuidString).bin")
        try vectors.writeWord2VecBinary(to: url)
        let read = try WordVectors.readWord2VecBinary(url)
        #expect(read.words == vectors.words && read.vectors == vectors.vectors)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 5).write(to: url)
        #expect(throws: TextDataError.self) { try WordVectors.readWord2VecBinary(url) }
        // A header promising more than the file holds throws before anything is allocated for it.
        try Data("9223372036854775807 300\nword ".utf8).write(to: url)
        #expect(throws: TextDataError.invalidDataset(path: url.path, reason: "the header declares 9223372036854775807 words of 300 values, more than the file's 29 bytes hold")) {
            try WordVectors.readWord2VecBinary(url)
        }
        let text = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(UUID().uuidString).txt")
        try vectors.writeWord2VecText(to: text)
        #expect(try WordVectors.readText(text).vectors == vectors.vectors)
    }

    @Test func analogiesAndEmbeddingMatrices() throws {
        let vectors = try WordVectors.readText(file(glove))
        // king − man + woman → queen, as the GloVe cell of notebook 003 shows.
        let nearest = try vectors.mostSimilar(positive: ["king", "woman"], negative: ["man"], k: 1)
        #expect(nearest.first?.word == "queen")
        #expect(throws: TextDataError.unknownWord("scarring")) { try vectors.mostSimilar(positive: ["scarring"]) }
        let vocabulary = Vocabulary(tokens: ["<unk>", "<pad>", "King", "apple", "zebra"], unknownToken: "<unk>")
        var generator = RandomGenerator(seed: 1)
        let (matrix, found) = vectors.embeddingMatrix(for: vocabulary, zeroRows: [1], using: &generator)
        #expect(found == 2 && matrix.shape == [5, 3])
        #expect(matrix[2] == Tensor([0.8, 0.1, 0.3]) && matrix[1] == Tensor.zeros([3]))
        #expect(matrix[4] != Tensor.zeros([3]))
    }

    @Test func theFetchedGloVeFileLoadsWhenPresent() throws {
        // Runs only after scripts/fetch-data; the committed sample has no vectors.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/glove/glove.6B.50d.txt")
        guard FileManager.default.fileExists(atPath: url.path), ProcessInfo.processInfo.environment["STRAND_FULL_DATA_TESTS"] != nil else { return }
        let vectors = try WordVectors.readText(url)
        #expect(vectors.count == 400_000 && vectors.dimension == 50)
        #expect(vectors["the"]?.scalars.prefix(3) == [0.418, 0.24968, -0.41242])
        #expect(try vectors.mostSimilar(positive: ["king", "woman"], negative: ["man"], k: 1).first?.word == "queen")
    }
}

struct QueryFixture: Decodable {
    let most_similar, most_similar_cosmul, similar_by_vector: [[QueryValue]]
    let similarity: Float
    let doesnt_match: String
    let rank: Int

    enum QueryValue: Decodable {
        case word(String), score(Float)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let word = try? container.decode(String.self) { self = .word(word) } else { self = .score(try container.decode(Float.self)) }
        }
    }
}

@Suite struct WordVectorQueryTests {
    /// gensim's answers on the 800 most frequent GloVe 6B 50d words (make_query_fixture.py).
    @Test func queriesAnswerAsGensim() throws {
        let expected = try loadFixture(QueryFixture.self, named: "word_vector_queries", in: .module)
        let vectors = try WordVectors.readText(fixtureURL("analogy_sample_vectors", "txt", in: .module))
        func expectSame(_ actual: [(word: String, similarity: Float)], _ reference: [[QueryFixture.QueryValue]], _ name: String) {
            let words = reference.compactMap { if case .word(let w) = $0[0] { w } else { nil } }
            let scores = reference.compactMap { if case .score(let s) = $0[1] { s } else { nil } }
            #expect(actual.map(\.word) == words, "\(name)")
            for (a, e) in zip(actual.map(\.similarity), scores) { #expect(abs(a - e) < 1e-5, "\(name): \(a) vs \(e)") }
        }
        expectSame(try vectors.mostSimilar(positive: ["london", "germany"], negative: ["england"], k: 5), expected.most_similar, "mostSimilar")
        expectSame(try vectors.mostSimilarCosMul(positive: ["london", "germany"], negative: ["england"], k: 5), expected.most_similar_cosmul, "mostSimilarCosMul")
        expectSame(vectors.similarByVector(try #require(vectors["france"]), k: 5), expected.similar_by_vector, "similarByVector")
        #expect(abs(try vectors.similarity("man", "woman") - expected.similarity) < 1e-6)
        #expect(try vectors.doesntMatch(["monday", "tuesday", "friday", "music"]) == expected.doesnt_match)
        #expect(try vectors.rank("france", "europe") == expected.rank)
        #expect(throws: TextDataError.unknownWord("qwertyuiop")) { try vectors.similarity("man", "qwertyuiop") }
    }

    /// A NaN in one vector (from an in-memory source; the readers reject them) must not enter the
    /// standard deviation of the rows drawn for unknown tokens.
    @Test func oneNaNVectorDoesNotPoisonTheDrawnRows() {
        let vectors = WordVectors(words: ["good", "bad"], vectors: Tensor([[1, -1], [.nan, 0.5]]))
        var generator = RandomGenerator(seed: 3)
        let (matrix, found) = vectors.embeddingMatrix(for: Vocabulary(tokens: ["xxunk", "good", "other"]), using: &generator)
        #expect(found == 1)
        #expect(matrix[0].scalars.allSatisfy { $0.isFinite } && matrix[2].scalars.allSatisfy { $0.isFinite })
        #expect(matrix[1] == Tensor([1, -1]))
    }
}
