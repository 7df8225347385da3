import Foundation
import Strand
import Testing

// The code of the DocC tutorial `Sources/Strand/Strand.docc/WordVectors.md`, step by step; see
// `TrainAndExplainTutorial.swift` for how the article is kept in step with it.

@Suite struct WordVectorsTutorial {
    @Test func theTutorialRuns() throws {
        // Step 1: train word2vec on the reviews.
        let texts = try TextDataset.csv(URL(fileURLWithPath: "Examples/Data/movie_reviews_sample.csv")).texts
        let sentences = texts.map(SimplePreprocessor().tokenize)
        var options = Word2VecOptions(architecture: .skipGram, vectorSize: 50, window: 5, minCount: 3, negative: 5, epochs: 2, seed: 1)
        options.threads = 1
        let vectors = Word2Vec(sentences: sentences, options: options).wordVectors
        let neighbours = try vectors.mostSimilar(positive: ["movie"], k: 5)

        // Step 2: save and read back, in word2vec's binary format.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("reviews-\(UUID()).bin")
        try vectors.writeWord2VecBinary(to: file)
        let reloaded = try WordVectors.readWord2VecBinary(file)

        // Step 3: GloVe, analogies and an evaluation.
        let glove = try WordVectors.readText(URL(fileURLWithPath: "Examples/Data/word-vectors/glove.6B.50d.sample.txt"))
        let queen = try glove.mostSimilar(positive: ["woman", "king"], negative: ["man"], k: 1)
        let evaluation = try glove.evaluateWordAnalogies(URL(fileURLWithPath: "Examples/Data/word-vectors/questions-words.sample.txt"))
        print(neighbours, queen, evaluation.total.accuracy)

        // What the tutorial promises, checked.
        try? FileManager.default.removeItem(at: file)
        #expect(neighbours.count == 5 && reloaded.words == vectors.words && reloaded.vectors == vectors.vectors)
        #expect(queen[0].word == "queen")
        #expect(evaluation.total.accuracy > 0.5)
    }
}
