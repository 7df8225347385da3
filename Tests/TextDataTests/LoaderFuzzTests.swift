import Foundation
import StrandTestSupport
import Tensor
import TextData
import Testing

/// Seeded mutations of valid files fed to every TextData loader: each must throw a
/// ``TextDataError`` or return an object that keeps its invariants — never trap. The suite runs a
/// few hundred mutations per loader; `STRAND_FUZZ_ITERATIONS=100000 swift test -c release --filter
/// LoaderFuzzTests` runs more.
@Suite struct LoaderFuzzTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("strand-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes each mutation of `seed` to a file and hands it to `load`, which checks what it loaded.
    func fuzz(_ seed: Data, name: String, iterations: Int = fuzzIterations(default: 300), load: (URL) throws(TextDataError) -> Void) throws {
        var mutator = ByteMutator(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        let url = folder.appendingPathComponent(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        var loaded = 0
        for _ in 0..<iterations {
            try mutator.mutate(seed).write(to: url)
            do {
                try load(url)
                loaded += 1
            } catch {
                #expect(error.description.count < 700, "\(error.description.prefix(300))")
            }
        }
        // Some mutations leave a valid file: the checks on loaded objects must have run.
        #expect(loaded > 0 || iterations < 50)
    }

    static let vectors = WordVectors(words: ["the", "movie", "was", "great", "café", "1"], vectors: Tensor(shape: [6, 3], scalars: (0..<18).map { Float($0) / 7 - 1 }))

    /// What any loaded word vectors must satisfy.
    static func expectValid(_ vectors: WordVectors) {
        #expect(vectors.vectors.shape == [vectors.words.count, vectors.dimension])
        #expect(vectors.vectors.scalars.allSatisfy { $0.isFinite })
        #expect(vectors.words.allSatisfy { !$0.isEmpty && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == " " } })
    }

    @Test func csv() throws {
        let seed = Data("text,label,source\n\"A \"\"great\"\" film,\nreally\",pos,imdb\nDull.,neg,rt\n".utf8)
        try fuzz(seed, name: "reviews.csv") { url throws(TextDataError) in
            let dataset = try TextDataset.csv(url)
            #expect(dataset.texts.count == dataset.labels.count)
        }
    }

    @Test func gloveText() throws {
        let url = folder.appendingPathComponent("seed.txt")
        try Self.vectors.writeWord2VecText(to: url, header: false)
        try fuzz(Data(contentsOf: url), name: "glove.txt") { url throws(TextDataError) in Self.expectValid(try WordVectors.readText(url)) }
    }

    @Test func word2vecText() throws {
        let url = folder.appendingPathComponent("seed.txt")
        try Self.vectors.writeWord2VecText(to: url)
        try fuzz(Data(contentsOf: url), name: "vectors.txt") { url throws(TextDataError) in Self.expectValid(try WordVectors.readText(url, hasHeader: true)) }
    }

    @Test func word2vecBinary() throws {
        let url = folder.appendingPathComponent("seed.bin")
        try Self.vectors.writeWord2VecBinary(to: url)
        try fuzz(Data(contentsOf: url), name: "vectors.bin") { url throws(TextDataError) in Self.expectValid(try WordVectors.readWord2VecBinary(url)) }
    }

    @Test func facebookFastText() throws {
        let seed = try Data(contentsOf: fixtureURL("tiny_fasttext", "bin", in: .module))
        try fuzz(seed, name: "model.bin", iterations: fuzzIterations(default: 100)) { url throws(TextDataError) in
            Self.expectValid(try WordVectors.readFacebookFastText(url))
        }
    }

    @Test func vocabularyJSON() throws {
        let url = folder.appendingPathComponent("seed.json")
        try Vocabulary.fastai(from: [["the", "movie", "the", "was", "the", "movie"]], minFrequency: 1).save(to: url)
        try fuzz(Data(contentsOf: url), name: "vocabulary.json") { url throws(TextDataError) in
            let vocabulary = try Vocabulary(contentsOf: url)
            let distinct = vocabulary.tokens.filter { $0 != SpecialTokens.fakePadding }
            #expect(Set(distinct).count == distinct.count)
            #expect(vocabulary.encode(vocabulary.decode(Array(0..<vocabulary.count))).allSatisfy { (0..<vocabulary.count).contains($0) })
        }
    }

    @Test func labelEncoderJSON() throws {
        let url = folder.appendingPathComponent("seed.json")
        try LabelEncoder(fitting: ["neg", "pos", "neutral"]).save(to: url)
        try fuzz(Data(contentsOf: url), name: "labels.json") { url throws(TextDataError) in
            let encoder = try LabelEncoder(contentsOf: url)
            #expect(try encoder.encode(encoder.classes) == Array(0..<encoder.classes.count))
        }
    }

    @Test func analogyQuestions() throws {
        let seed = Data(": family\nthe movie was great\nmovie the great was\n: other\ncafé 1 the movie\n".utf8)
        try fuzz(seed, name: "questions.txt") { url throws(TextDataError) in
            let evaluation = try Self.vectors.evaluateWordAnalogies(url)
            #expect(evaluation.sections.allSatisfy { $0.correct >= 0 && $0.incorrect >= 0 })
        }
    }

    @Test func wordPairs() throws {
        let seed = Data("# judged pairs\nthe\tmovie\t3.5\nwas\tgreat\t7.25\ncafé\t1\t1.0\ngreat\tmovie\t9\n".utf8)
        try fuzz(seed, name: "pairs.tsv") { url throws(TextDataError) in
            let evaluation = try Self.vectors.evaluateWordPairs(url)
            #expect(evaluation.pairs > 0 && (0...100).contains(evaluation.outOfVocabularyRatio))
        }
    }
}
