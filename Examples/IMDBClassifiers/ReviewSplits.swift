import ExampleSupport
import Foundation
import Strand

/// The IMDB reviews tokenised (lower-cased words), numericalised against the 25,000 most frequent
/// training tokens plus `<unk>` and `<pad>`, and split 80/10/10 (stratified, seeded).
struct ReviewSplits {
    typealias Split = EncodedReviews

    let vocabulary: Vocabulary
    let train: Split, valid: Split, test: Split
    var paddingID: Int { vocabulary["<pad>"] }
    private let tokenizer = WordTokenizer()

    init(full: Bool, seed: UInt64) throws {
        let loaded = try IMDBReviews.load(full: full, seed: seed)
        let parts = [loaded.train, loaded.valid, loaded.test]
        let tokenizer = self.tokenizer
        let tokens = parts.map { part in part.texts.map { text in Array(tokenizer.tokenize(cleanHTML(text)).map { $0.lowercased() }.prefix(400)) } }
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: 25_000, specials: ["<unk>", "<pad>"], unknownToken: "<unk>")
        let splits = zip(parts, tokens).map { EncodedReviews($0, tokens: $1, vocabulary: vocabulary) }
        self.vocabulary = vocabulary
        (train, valid, test) = (splits[0], splits[1], splits[2])
    }

    func tokenize(_ text: String) -> [String] { tokenizer.tokenize(cleanHTML(text)).map { $0.lowercased() } }

    /// Bucketed batches (similar lengths, sorted longest first inside: what packed sequences need),
    /// padded at the end; reviews shorter than the widest kernel are padded to 5 tokens.
    func batches(_ split: Split, size: Int, using generator: inout RandomGenerator) -> [PaddedBatch] {
        BatchSampling.buckets(lengths: split.ids.map(\.count), batchSize: size, using: &generator).map { indices in
            let sequences = indices.map { index in split.ids[index].count >= 5 ? split.ids[index] : split.ids[index] + Array(repeating: paddingID, count: 5 - split.ids[index].count) }
            return PaddedBatch(sequences, paddingIndex: paddingID, labels: indices.map { split.labels[$0] })
        }
    }
}
