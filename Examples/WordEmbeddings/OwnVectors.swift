import Foundation
import Strand

/// Step 1: word2vec and FastText trained on the review corpus with the notebook's settings
/// (skip-gram, 100 dimensions, window 5, minimum count 3, 20 noise words).
struct OwnVectors {
    let word2vec: WordVectors
    let fastText: WordVectors

    static let probes = ["movie", "great", "terrible", "actor"]
    /// Misspellings no review contains: FastText composes vectors for them, word2vec cannot.
    static let misspellings = ["terrrible", "moviee", "amazingg"]

    static func train(on corpus: [[String]], epochs: Int, seed: UInt64, folder: URL) throws -> OwnVectors {
        var options = Word2VecOptions(architecture: .skipGram, vectorSize: 100, window: 5, minCount: 3, negative: 20, epochs: epochs, seed: seed)
        options.threads = Threading.count
        let word2vec = Word2Vec(sentences: corpus, options: options, showsProgress: true)
        let vectors = word2vec.wordVectors
        print("word2vec: \(vectors.count) words; loss per epoch \(word2vec.epochLosses.map { Int($0) })")
        if let movie = vectors["movie"] {
            print("'movie' = [\(movie.scalars.prefix(8).map { String(format: "%.3f", $0) }.joined(separator: ", ")), …] (100 values)")
        }
        try printNeighbours(of: probes, in: vectors)

        // Saved and read back in word2vec's binary format: the same words and the same bits.
        let file = folder.appendingPathComponent("word2vec.bin")
        try vectors.writeWord2VecBinary(to: file)
        let reloaded = try WordVectors.readWord2VecBinary(file)
        let identical = reloaded.words == vectors.words && reloaded.vectors == vectors.vectors
        print("word2vec.bin written and read back: \(identical ? "identical" : "DIFFERENT") (\(reloaded.count) words)")

        let fastText = FastText(sentences: corpus, options: FastTextOptions(word2vec: options), showsProgress: true)
        print("FastText: \(fastText.wordVectors.count) words and \(fastText.options.ngrams.bucketCount) n-gram buckets")
        for word in misspellings where !fastText.wordVectors.contains(word) {
            let nearest = try fastText.wordVectors.mostSimilar(positive: [word], k: 5)
            print("FastText, '\(word)' (not in the vocabulary): \(format(nearest))")
            do {
                _ = try vectors.mostSimilar(positive: [word])
            } catch {
                print("word2vec, '\(word)': \(error)")
            }
        }
        return OwnVectors(word2vec: vectors, fastText: fastText.wordVectors)
    }

    static func printNeighbours(of words: [String], in vectors: WordVectors) throws {
        for word in words where vectors.contains(word) {
            print("  \(word): \(format(try vectors.mostSimilar(positive: [word], k: 6)))")
        }
    }

    static func format(_ neighbours: [(word: String, similarity: Float)]) -> String {
        neighbours.map { "\($0.word) \(String(format: "%.2f", $0.similarity))" }.joined(separator: ", ")
    }
}
