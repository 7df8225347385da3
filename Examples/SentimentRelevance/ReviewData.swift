import ExampleSupport
import Foundation
import Strand

/// The IMDB reviews of the bundled sample (or the full fetched file), tokenised with fastai's
/// rules, numericalised with the language model's vocabulary (tokens it does not know become
/// `xxunk`, as in fastai's ULMFiT) or, without one, a vocabulary of the training reviews, and split
/// 80/10/10 (stratified, seeded).
struct ReviewData {
    typealias Split = EncodedReviews

    let vocabulary: Vocabulary
    let train: Split, valid: Split, test: Split

    init(full: Bool, seed: UInt64, maxLength: Int, vocabulary: Vocabulary?) throws {
        let loaded = try IMDBReviews.load(full: full, seed: seed)
        let tokenizer = FastaiTokenizer(addsBeginning: true)
        let parts = [("train", loaded.train), ("valid", loaded.valid), ("test", loaded.test)]
        let tokens = parts.map { label, part in
            let bar = ProgressBar("tokenizing \(label)", total: part.count)
            defer { bar.finish() }
            return tokenizer.tokenize(part.texts) { bar.update($0) }.map { Array($0.prefix(maxLength)) }
        }
        let vocabulary = vocabulary ?? Vocabulary.build(from: tokens[0], maxSize: 30_000, minFrequency: 2, tieBreaking: .firstOccurrence)
        let splits = zip(parts, tokens).map { EncodedReviews($0.1, tokens: $1, vocabulary: vocabulary) }
        self.vocabulary = vocabulary
        (train, valid, test) = (splits[0], splits[1], splits[2])
    }

    /// Token strings of `ids`.
    func tokens(_ ids: [Int]) -> [String] { vocabulary.decode(ids) }
}
