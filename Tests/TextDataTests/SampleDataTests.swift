import Foundation
import Tensor
import Testing
@testable import TextData

/// The committed sample of the real data (Examples/Data, made by scripts/make_sample.py).
let sampleURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Examples/Data/movie_reviews_sample.csv")

@Suite struct SampleDataTests {
    let dataset: TextDataset

    init() throws {
        dataset = try TextDataset.csv(sampleURL)
    }

    @Test func theSampleIsBalancedRealText() {
        #expect(dataset.count == 2000)
        let imdb = dataset.filter(column: "source", equals: "imdb")
        #expect(imdb.count == 1000)
        #expect(imdb.labels.filter { $0 == "1" }.count == 500)
        #expect(dataset.filter(column: "source", equals: "rotten_tomatoes").labels.filter { $0 == "0" }.count == 500)
        #expect(imdb.texts.contains { $0.contains("<br />") })
    }

    @Test func fastaiVocabularyFacts() {
        let imdb = dataset.filter(column: "source", equals: "imdb")
        let tokens = FastaiTokenizer().tokenize(imdb.texts)
        #expect(tokens.allSatisfy { $0.first == SpecialTokens.beginning && $0.count > 5 })
        #expect(!tokens.joined().contains { $0.contains("<br") || $0.contains("br />") })
        let vocabulary = Vocabulary.fastai(from: tokens)
        #expect(Array(vocabulary.tokens.prefix(9)) == SpecialTokens.all)
        #expect(vocabulary.count % 8 == 0)
        // The most frequent tokens of English movie reviews.
        let top = Array(vocabulary.tokens[9..<29])
        for expected in ["the", ".", ",", "and", "a", "of", "to", "is", "xxbos", "xxmaj", "i", "it"] where !SpecialTokens.all.contains(expected) {
            #expect(top.contains(expected), "\(expected) not among \(top)")
        }
        // Every kept token occurs at least 3 times (fastai's min_freq).
        var counts: [String: Int] = [:]
        for document in tokens { for token in document { counts[token, default: 0] += 1 } }
        #expect(vocabulary.tokens.dropFirst(9).allSatisfy { $0.hasPrefix("xxfake") || counts[$0, default: 0] >= 3 })
        // fastai's make_vocab on fastai's tokens of these reviews has 4,544 entries, its 9 specials,
        // then "the", ".", ",", "and", …, ending in one "xxfake" (checked with fastai 2.8 + spaCy 3.8).
        #expect(vocabulary.count == 4544)
        #expect(vocabulary.tokens[9..<13] == ["the", ".", ",", "and"] && vocabulary.tokens.suffix(2) == ["saura", "xxfake"])
    }

    @Test func torchtextStyleVocabularyForNotebook002() {
        let words = dataset.texts.map(WordTokenizer().tokenize)
        let vocabulary = Vocabulary.build(from: words, maxSize: 2_500, specials: ["<unk>", "<pad>"], unknownToken: "<unk>")
        #expect(vocabulary.count == 2_502)
        #expect(vocabulary.tokens[0] == "<unk>" && vocabulary.tokens[1] == "<pad>")
        #expect(Set(vocabulary.tokens[2..<5]) == [".", "the", ","])
    }
}
