import Foundation
import StrandTestSupport
import Tensor
import Testing
@testable import TextData

/// gensim 4.4's answers, from `Fixtures/make_fasttext_fixture.py`.
struct FastTextFixture: Decodable {
    struct NGrams: Decodable { let word: String; let minN: Int; let maxN: Int; let ngrams: [String]; let hashes: [UInt32]; let buckets: [Int] }
    struct Training: Decodable {
        let fasttext: Bool
        let skipGram: Bool
        let cbowMean: Bool
        let words: [String]
        let vectors: [[Float]]
        let syn1: [[Float]]
        let vocabularyVectors: [[Float]]?
        let ngramVectors: [[Float]]?
    }
    struct Facebook: Decodable {
        struct Probe: Decodable { let word: String; let inVocabulary: Bool; let vector: [Float] }
        let file: String
        let words: Int
        let firstWords: [String]
        let dimension: Int
        let minN: Int
        let maxN: Int
        let buckets: Int
        let probes: [Probe]
    }
    let ngrams: [NGrams]
    let sentences: [[String]]
    let training: [Training]
    let facebook: [Facebook]
}

@Suite struct FastTextTests {
    static let fixture = Result { try loadFixture(FastTextFixture.self, named: "fasttext", in: .module) }

    @Test func ngramsHashesAndBucketsAreGensimsForNonASCIIWords() throws {
        for expected in try Self.fixture.get().ngrams {
            let ngrams = CharacterNGrams(minN: expected.minN, maxN: expected.maxN)
            #expect(ngrams.ngrams(of: expected.word) == expected.ngrams, "\(expected.word) \(expected.minN)–\(expected.maxN)")
            #expect(expected.ngrams.map { CharacterNGrams.hash($0.utf8) } == expected.hashes, "\(expected.word)")
            #expect(CharacterNGrams(minN: expected.minN, maxN: expected.maxN, bucketCount: 2_000_000).buckets(of: expected.word) == expected.buckets)
        }
    }

    /// The fixture's initial weights: row r, column k → ((31r + 17k) mod 23 / 22 − 0.5) / dimension.
    static func formulaWeights(rows: Int, dimension: Int, offset: Int = 0) -> Tensor {
        func value(_ r: Int, _ k: Int) -> Float {
            let residue = Double((31 * (r + offset) + 17 * k) % 23)
            return Float((residue / 22 - 0.5) / Double(dimension))
        }
        return Tensor(shape: [rows, dimension], scalars: (0..<rows).flatMap { r in (0..<dimension).map { k in value(r, k) } })
    }

    /// Hierarchical softmax without sampling, shrinking or threads has no randomness: from the same
    /// weights, one epoch must give gensim's weights (up to the order of float sums in the dot
    /// products; see the fixture script for why the inner nodes do not start from zero).
    @Test(arguments: 0..<5) func deterministicTrainingFollowsGensimStepByStep(run: Int) throws {
        let fixture = try Self.fixture.get()
        let expected = try #require(fixture.training.indices.contains(run) ? fixture.training[run] : nil)
        var options = FastTextOptions(architecture: expected.skipGram ? .skipGram : .cbow, vectorSize: 8, window: 3, minCount: 3, negative: 0, epochs: 1,
                                      ngrams: CharacterNGrams(minN: 3, maxN: 4, bucketCount: 1000))
        options.hierarchicalSoftmax = true
        options.sample = 0
        options.shrinkWindows = false
        options.threads = 1
        options.cbowMean = expected.cbowMean
        let vocabularySize = expected.words.count
        let initial = InitialWeights(vectors: Self.formulaWeights(rows: vocabularySize, dimension: 8),
                                     ngramVectors: expected.fasttext ? Self.formulaWeights(rows: 1000, dimension: 8, offset: 1000) : nil,
                                     innerNodeWeights: Self.formulaWeights(rows: vocabularySize - 1, dimension: 8, offset: 2000))
        func firstRows(_ rows: [[Float]]) -> Tensor { Tensor(shape: [rows.count, 8], scalars: rows.flatMap { $0 }) }
        let name = "\(expected.fasttext ? "FastText" : "word2vec") \(expected.skipGram ? "skip-gram" : "CBOW")\(expected.cbowMean ? "" : " sum")"
        let rows = 0..<expected.vectors.count
        if expected.fasttext {
            let model = FastText(sentences: fixture.sentences, options: options, initialWeights: initial)
            #expect(model.vocabulary.words == expected.words)
            expectMatches(model.vocabularyVectors[rows], firstRows(try #require(expected.vocabularyVectors)), tolerance: 1e-5, "\(name) vectors_vocab")
            expectMatches(model.subwords.vectors[rows], firstRows(try #require(expected.ngramVectors)), tolerance: 1e-5, "\(name) vectors_ngrams")
            expectMatches(model.wordVectors.vectors[rows], firstRows(expected.vectors), tolerance: 1e-5, "\(name) composed vectors")
            expectMatches(model.innerNodeWeights?[rows], firstRows(expected.syn1), tolerance: 1e-5, "\(name) syn1")
        } else {
            let model = Word2Vec(sentences: fixture.sentences, options: options.word2vec, initialWeights: initial)
            #expect(model.vocabulary.words == expected.words)
            expectMatches(model.vectors[rows], firstRows(expected.vectors), tolerance: 1e-5, "\(name) vectors")
            expectMatches(model.innerNodeWeights?[rows], firstRows(expected.syn1), tolerance: 1e-5, "\(name) syn1")
        }
    }

    static func checkFacebookFile(_ url: URL, against expected: FastTextFixture.Facebook) throws {
        let vectors = try WordVectors.readFacebookFastText(url)
        #expect(vectors.count == expected.words)
        #expect(Array(vectors.words.prefix(expected.firstWords.count)) == expected.firstWords)
        #expect(vectors.dimension == expected.dimension)
        let subwords = try #require(vectors.subwords)
        #expect(subwords.ngrams == CharacterNGrams(minN: expected.minN, maxN: expected.maxN, bucketCount: expected.buckets))
        for probe in expected.probes {
            #expect(vectors.contains(probe.word) == probe.inVocabulary, "\(probe.word)")
            expectMatches(try vectors.vector(for: probe.word), Tensor(probe.vector), tolerance: 1e-6, "\(expected.file) '\(probe.word)'")
        }
    }

    @Test func facebookModelReadsAsGensimReadsIt() throws {
        let expected = try #require(try Self.fixture.get().facebook.first { $0.file == "tiny_fasttext.bin" })
        try Self.checkFacebookFile(try fixtureURL("tiny_fasttext", "bin", in: .module), against: expected)
    }

    /// gensim's own test model, fetched by `scripts/fetch-data` (not committed: it is gensim's).
    static let leeModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/word-vectors/lee_fasttext.bin").standardized

    @Test(.enabled(if: FileManager.default.fileExists(atPath: leeModel.path), "needs data/word-vectors/lee_fasttext.bin from scripts/fetch-data"))
    func gensimsLeeModelReadsAsGensimReadsIt() throws {
        let expected = try #require(try Self.fixture.get().facebook.first { $0.file == "lee_fasttext.bin" })
        try Self.checkFacebookFile(Self.leeModel, against: expected)
    }

    @Test func malformedModelsThrowNamingTheByte() throws {
        let good = try Data(contentsOf: try fixtureURL("tiny_fasttext", "bin", in: .module))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strand-fasttext-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var notAModel = good
        notAModel.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0])
        var hugeDictionary = good
        hugeDictionary.replaceSubrange(64..<68, with: [0xFF, 0xFF, 0xFF, 0x7F])
        for (name, bytes, reason) in [("truncated", good.prefix(good.count - 3), "the file ends"), ("header", good.prefix(30), "the file ends"),
                                      ("not a model", notAModel, "not a fastText model"), ("trailing", good + [0], "should end after the output matrix"),
                                      ("dictionary", hugeDictionary, "entries of which")] {
            let url = directory.appendingPathComponent("\(name).bin")
            try bytes.write(to: url)
            #expect {
                try WordVectors.readFacebookFastText(url)
            } throws: { error in
                "\(error)".contains("byte ") && "\(error)".contains(reason)
            }
        }
    }

    static func options(_ architecture: Word2VecOptions.Architecture) -> FastTextOptions {
        var options = FastTextOptions(architecture: architecture, vectorSize: 24, window: 3, minCount: 1, negative: 5, epochs: 5, seed: 3,
                                      ngrams: CharacterNGrams(minN: 3, maxN: 5, bucketCount: 5_000))
        options.sample = 0
        options.threads = 2
        return options
    }

    @Test(arguments: [Word2VecOptions.Architecture.skipGram, .cbow])
    func wordsSharingContextsBecomeNeighboursAndUnseenSpellingsFindTheirWord(architecture: Word2VecOptions.Architecture) throws {
        let model = FastText(sentences: Word2VecTests.topicCorpus(), options: Self.options(architecture))
        #expect(model.epochLosses.last! < 0.95 * model.epochLosses.first!, "losses \(model.epochLosses)")
        let vectors = model.wordVectors
        try Word2VecTests.expectTopicPartnersClosest(vectors, "FastText \(architecture)")
        // Misspellings never seen in training get vectors from their n-grams, among the three
        // nearest their word (CBOW packs a topic's context words within 0.01 of each other).
        for (misspelling, word) in [("orchestraa", "orchestra"), ("thrones", "throne"), ("weatherr", "weather")] {
            #expect(!vectors.contains(misspelling))
            let nearest = try vectors.mostSimilar(positive: [misspelling], k: 3)
            #expect(nearest.contains { $0.word == word }, "\(architecture): \(misspelling) → \(nearest)")
        }
    }

    @Test func composedVectorsAverageTheWordAndItsNGrams() throws {
        let model = FastText(sentences: Word2VecTests.topicCorpus(sentences: 200), options: Self.options(.skipGram))
        let ngrams = model.options.ngrams, word = "orchestra"
        let row = try #require(model.vocabulary.index(of: word)), buckets = ngrams.buckets(of: word)
        let sum = buckets.reduce(model.vocabularyVectors[row]) { $0 + model.subwords.vectors[$1] }
        expectMatches(model.wordVectors[word], sum / Float(buckets.count + 1), tolerance: 1e-6, "in the vocabulary")
        let unseen = ngrams.buckets(of: "orchestr")
        expectMatches(model.wordVectors["orchestr"], unseen.reduce(Tensor.zeros([24])) { $0 + model.subwords.vectors[$1] } / Float(unseen.count),
                      tolerance: 1e-6, "outside the vocabulary")
    }

    @Test func wordsWithoutAVectorThrowClearErrors() throws {
        let corpus = Word2VecTests.topicCorpus(sentences: 200)
        var options = Self.options(.cbow)
        options.epochs = 1
        let fastText = FastText(sentences: corpus, options: options).wordVectors
        // "<>" has no n-gram of three characters or more.
        #expect(throws: TextDataError.noCharacterNGrams("", minN: 3, maxN: 5)) { try fastText.vector(for: "") }
        #expect(fastText["x"] != nil)
        let word2vec = Word2Vec(sentences: corpus, options: options.word2vec).wordVectors
        #expect(throws: TextDataError.unknownWord("orchestraa")) { try word2vec.mostSimilar(positive: ["orchestraa"]) }
        #expect(throws: TextDataError.unknownWord("orchestraa")) { try fastText.rank("orchestraa", "orchestra") }
    }
}
