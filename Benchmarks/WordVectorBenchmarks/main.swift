// word2vec and FastText training throughput on the real review corpus, mirroring
// Benchmarks/Scripts/gensim_word2vec.py (the gensim anchor): the same preprocessing (lower-case,
// "<br />" → " ", tokens = runs of [a-z0-9]), one epoch, vector 100, window 5, min count 3;
// FastText with gensim's n-grams (3–6 characters, 2,000,000 buckets).
//
//   swift run -c release WordVectorBenchmarks CSV [--threads N] [--only skipgram|cbow|fasttext_skipgram|fasttext_cbow] [--epochs 1] [--seed 1]
//                                               [--evaluate data/word-vectors]
//   swift run -c release WordVectorBenchmarks --analogies GLOVE.txt QUESTIONS.txt [--expected COUNTS.json]
//   swift run -c release WordVectorBenchmarks --load GLOVE.txt
//   swift run -c release WordVectorBenchmarks --pairs VECTORS.txt PAIRS.tsv
//
// Prints one JSON line per model: seconds for vocabulary and training together, corpus words per
// second, and the summed loss; with `--evaluate FOLDER`, also the trained vectors' analogy accuracy
// (questions-words.txt) and WordSim-353 Spearman from that folder. With `--analogies`: the seconds to read the vectors and to answer
// every question (gensim's `evaluate_word_analogies`), the counts, and whether they equal the
// expected ones (Tests/TextDataTests/Fixtures/glove50_analogies.json, written by gensim). With
// `--load`: the seconds to read a GloVe text file and the process's peak memory after reading it.
// With `--pairs`: the word-pair evaluation of any vectors file (to compare with gensim's on the same file).
import BenchmarkSupport
import Foundation
import Tensor
import TextData

/// Notebook 003's contract for both sides: lower-case, line breaks out, runs of ASCII letters and digits.
func tokens(_ text: String) -> [String] {
    let bytes = Array(text.lowercased().replacingOccurrences(of: "<br />", with: " ").utf8)
    var result: [String] = [], start: Int?
    for (position, byte) in bytes.enumerated() {
        let isToken = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        if isToken, start == nil { start = position }
        if !isToken, let first = start { result.append(String(decoding: bytes[first..<position], as: UTF8.self)); start = nil }
    }
    if let first = start { result.append(String(decoding: bytes[first...], as: UTF8.self)) }
    return result
}

/// Times reading `vectors` and answering `questions`; compares the counts with gensim's, if given.
func evaluateAnalogies(vectors path: String, questions: String, expected: String?) throws {
    let clock = ContinuousClock()
    var start = clock.now
    let vectors = try WordVectors.readText(URL(fileURLWithPath: path))
    let readSeconds = (clock.now - start) / .seconds(1)
    start = clock.now
    let result = try vectors.evaluateWordAnalogies(URL(fileURLWithPath: questions))
    let seconds = (clock.now - start) / .seconds(1)
    var matches = "null"
    if let expected {
        struct Counts: Decodable { struct Section: Decodable { let section: String; let correct: Int; let incorrect: Int }; let sections: [Section] }
        let gensim = try JSONDecoder().decode(Counts.self, from: Data(contentsOf: URL(fileURLWithPath: expected))).sections
        let mine = result.sections + [result.total]
        let differing = zip(mine, gensim).filter { $0.correct != $1.correct || $0.incorrect != $1.incorrect || $0.name != $1.section }.map(\.0.name)
        matches = mine.count == gensim.count && differing.isEmpty ? "true" : "\"differ: \(differing)\""
    }
    print(#"{"step": "analogies", "words": \#(vectors.count), "read_seconds": \#((readSeconds * 100).rounded() / 100), "seconds": \#((seconds * 100).rounded() / 100), "correct": \#(result.total.correct), "incorrect": \#(result.total.incorrect), "skipped": \#(result.skippedQuestions), "semantic": \#(result.semantic.accuracy), "syntactic": \#(result.syntactic.accuracy), "matches_gensim": \#(matches)}"#)
}

startBenchmark()
if let path = option("--load") {
    let clock = ContinuousClock(), start = clock.now
    let vectors = try WordVectors.readText(URL(fileURLWithPath: path))
    let seconds = (clock.now - start) / .seconds(1)
    print(#"{"step": "load", "words": \#(vectors.count), "dimension": \#(vectors.dimension), "seconds": \#((seconds * 100).rounded() / 100), "peak_rss_mb": \#(peakResidentMegabytes())}"#)
    exit(0)
}
if let path = option("--pairs") {
    let pairsPath = CommandLine.arguments.drop { $0 != path }.dropFirst().first!
    let result = try WordVectors.readText(URL(fileURLWithPath: path)).evaluateWordPairs(URL(fileURLWithPath: pairsPath))
    print(#"{"step": "pairs", "pearson": \#(result.pearson), "spearman": \#(result.spearman), "pairs": \#(result.pairs), "oov_ratio": \#(result.outOfVocabularyRatio)}"#)
    exit(0)
}
if let vectorsPath = option("--analogies") {
    let rest = CommandLine.arguments.drop { $0 != vectorsPath }.dropFirst()
    try evaluateAnalogies(vectors: vectorsPath, questions: rest.first!, expected: option("--expected"))
    exit(0)
}
let arguments = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("--") }
guard let path = arguments.first else { fatalError("usage: WordVectorBenchmarks CSV [--threads N] [--only skipgram|cbow]") }
let texts = try TextDataset.csv(URL(fileURLWithPath: path)).texts
let sentences = texts.map(tokens)
let corpusWords = sentences.reduce(0) { $0 + $1.count }
print(#"{"step": "corpus", "documents": \#(sentences.count), "tokens": \#(corpusWords)}"#)
let epochs = option("--epochs").flatMap(Int.init) ?? 1
for (name, architecture, negative, isFastText) in [("skipgram", Word2VecOptions.Architecture.skipGram, 20, false), ("cbow", .cbow, 5, false),
                                                   ("fasttext_skipgram", .skipGram, 20, true), ("fasttext_cbow", .cbow, 5, true)]
where option("--only") == nil || option("--only") == name {
    var options = Word2VecOptions(architecture: architecture, vectorSize: 100, window: 5, minCount: 3, negative: negative, epochs: epochs,
                                  seed: option("--seed").flatMap(UInt64.init) ?? 1)
    options.threads = Threading.count
    let clock = ContinuousClock(), start = clock.now
    let (vectors, vocabularySize, effectiveWords, losses): (WordVectors, Int, [Int], [Double])
    if isFastText {
        let model = FastText(sentences: sentences, options: FastTextOptions(word2vec: options), showsProgress: true)
        (vectors, vocabularySize, effectiveWords, losses) = (model.wordVectors, model.vocabulary.count, model.effectiveWords, model.epochLosses)
    } else {
        let model = Word2Vec(sentences: sentences, options: options, showsProgress: true)
        (vectors, vocabularySize, effectiveWords, losses) = (model.wordVectors, model.vocabulary.count, model.effectiveWords, model.epochLosses)
    }
    let seconds = (clock.now - start) / .seconds(1)
    var quality = ""
    if let folder = option("--evaluate").map(URL.init(fileURLWithPath:)) {
        let analogies = try vectors.evaluateWordAnalogies(folder.appendingPathComponent("questions-words.txt"))
        let pairs = try vectors.evaluateWordPairs(folder.appendingPathComponent("wordsim353.tsv"))
        quality = #", "analogy_accuracy": \#(analogies.total.accuracy), "analogies_answered": \#(analogies.total.correct + analogies.total.incorrect), "wordsim_spearman": \#(pairs.spearman)"#
    }
    print(#"{"step": "\#(isFastText ? "" : "word2vec_")\#(name)", "seed": \#(options.seed), "negative": \#(negative), "threads": \#(options.threads), "vocabulary": \#(vocabularySize), "seconds": \#((seconds * 100).rounded() / 100), "corpus_words_per_s": \#(Int(Double(corpusWords * epochs) / seconds)), "effective_words": \#(effectiveWords.reduce(0, +)), "loss": \#(Int(losses.reduce(0, +)))\#(quality)}"#)
}
