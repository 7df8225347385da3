import ExampleSupport
import Foundation
import Strand

/// The IMDB reviews of the bundled sample (or the full fetched file), tokenised with fastai's
/// rules, numericalised and split 80/10/10 (stratified, seeded).
struct ReviewData {
    typealias Split = EncodedReviews

    let vocabulary: Vocabulary
    let train: Split, valid: Split, test: Split

    init(full: Bool, seed: UInt64, maxLength: Int) throws {
        let loaded = try IMDBReviews.load(full: full, seed: seed)
        let parts = [loaded.train, loaded.valid, loaded.test]
        let tokenizer = FastaiTokenizer(addsBeginning: true)
        func tokenize(_ part: TextDataset, _ label: String) -> [[String]] {
            let bar = ProgressBar("tokenizing \(label)", total: part.count)
            defer { bar.finish() }
            return tokenizer.tokenize(part.texts) { bar.update($0) }.map { Array($0.prefix(maxLength)) }
        }
        let tokens = [tokenize(parts[0], "train"), tokenize(parts[1], "valid"), tokenize(parts[2], "test")]
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: 30_000, minFrequency: 2, tieBreaking: .firstOccurrence)
        let splits = zip(parts, tokens).map { EncodedReviews($0, tokens: $1, vocabulary: vocabulary) }
        self.vocabulary = vocabulary
        (train, valid, test) = (splits[0], splits[1], splits[2])
    }

    /// Token strings of `ids`.
    func tokens(_ ids: [Int]) -> [String] { vocabulary.decode(ids) }
}
