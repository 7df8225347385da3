import ExampleSupport
import Foundation
import Strand

/// The IMDB reviews tokenised (lower-cased words), numericalised against the 25,000 most frequent
/// training tokens plus `<unk>` and `<pad>`, and split 80/10/10 (stratified, seeded).
///
/// Two departures from the notebook: a review is cut to its first `maximumTokens` tokens (the
/// example's `--max-tokens`, 400 unless asked, for the 2-core CPU this runs on; the count of cut
/// reviews is printed), and one shorter than the widest convolution kernel is padded to
/// ``minimumTokens`` so every model sees the same ids.
struct ReviewSplits {
    typealias Split = EncodedReviews
    static let minimumTokens = 5

    let vocabulary: Vocabulary
    let train: Split, valid: Split, test: Split
    var paddingID: Int { vocabulary["<pad>"] }

    /// - Parameter maximumTokens: the longest review kept whole; nil keeps every review whole, as the notebook does.
    init(full: Bool, seed: UInt64, maximumTokens: Int?) throws {
        let loaded = try IMDBReviews.load(full: full, seed: seed)
        let parts = [loaded.train, loaded.valid, loaded.test]
        var tokens = parts.map { part in part.texts.map(Self.tokenize) }
        if let maximumTokens {
            let reviews = tokens.joined()
            let cut = reviews.filter { $0.count > maximumTokens }.count
            print("\(cut) of \(reviews.count) reviews are longer than \(maximumTokens) tokens and are cut to their first \(maximumTokens)")
            tokens = tokens.map { part in part.map { Array($0.prefix(maximumTokens)) } }
        }
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: 25_000, specials: ["<unk>", "<pad>"], unknownToken: "<unk>")
        let padding = vocabulary["<pad>"]
        let splits = zip(parts, tokens).map { part, tokens in
            var split = EncodedReviews(part, tokens: tokens, vocabulary: vocabulary)
            split.ids = split.ids.map { $0 + Array(repeating: padding, count: max(0, Self.minimumTokens - $0.count)) }
            return split
        }
        self.vocabulary = vocabulary
        (train, valid, test) = (splits[0], splits[1], splits[2])
    }

    /// Lower-cased words of `text` with its HTML (`<br />`, entities) removed.
    static func tokenize(_ text: String) -> [String] { WordTokenizer().tokenize(cleanHTML(text)).map { $0.lowercased() } }

    /// Bucketed batches of review indices (similar lengths, sorted longest first inside: what packed
    /// sequences need).
    func order(_ split: Split, size: Int, using generator: inout RandomGenerator) -> [[Int]] {
        BatchSampling.buckets(lengths: split.ids.map(\.count), batchSize: size, using: &generator)
    }
}
