import ArgumentParser
import Foundation
import Strand

/// `strand vectors`: train word2vec or FastText vectors on a corpus, and query or evaluate any
/// vectors file (word2vec binary `.bin`, word2vec or GloVe text).
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors", abstract: "Train, query and evaluate word vectors.",
        subcommands: [Train.self, Similar.self, Analogy.self, Evaluate.self])

    /// Reads a vectors file by its extension: `.bin` as word2vec binary, anything else as text
    /// (word2vec's with a header line, or GloVe's without).
    static func read(_ path: String) throws -> WordVectors {
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError("no vectors file at \(quotedForMessage(path))") }
        let url = URL(fileURLWithPath: path)
        return url.pathExtension == "bin" ? try WordVectors.readWord2VecBinary(url) : try WordVectors.readText(url)
    }

    static func printNeighbours(_ neighbours: [(word: String, similarity: Float)]) {
        for (word, similarity) in neighbours { print(word.padding(toLength: max(20, word.count), withPad: " ", startingAt: 0) + String(format: "  %.4f", similarity)) }
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Train word2vec or FastText on a text file (one document per line) or a CSV column.")

        enum Model: String, CaseIterable, ExpressibleByArgument { case word2vec, fasttext }
        enum Architecture: String, CaseIterable, ExpressibleByArgument { case skipgram, cbow }

        @Option(help: "The corpus: a text file with one document per line, or a CSV file with --text-column.") var corpus: String
        @Option(help: "With a CSV corpus: the column holding the text.") var textColumn: String?
        @Option(help: "Where to write the vectors: word2vec binary for .bin, word2vec text otherwise.") var output: String
        @Option(help: "word2vec, or fasttext (whose character n-grams answer for unseen words while training; the file keeps the words' vectors).")
        var model: Model = .word2vec
        @Option(help: "skipgram or cbow.") var architecture: Architecture = .skipgram
        @Option(help: "Values per vector.") var dimension = 100
        @Option(help: "Context words on each side.") var window = 5
        @Option(help: "Fewest occurrences for a word to get a vector.") var minCount = 5
        @Option(help: "Noise words per positive example.") var negative = 5
        @Option(help: "Passes over the corpus.") var epochs = 5
        @Option(help: "Seed for the initialisation and sampling.") var seed: UInt64 = 1

        func validate() throws {
            guard dimension > 0, window > 0, minCount > 0, negative > 0, epochs > 0 else {
                throw ValidationError("--dimension, --window, --min-count, --negative and --epochs must be positive")
            }
        }

        func run() throws {
            let sentences = try readDocuments(corpus, textColumn: textColumn).map(SimplePreprocessor().tokenize)
            print("corpus: \(sentences.count) documents, \(sentences.reduce(0) { $0 + $1.count }) tokens")
            var options = Word2VecOptions(architecture: architecture == .skipgram ? .skipGram : .cbow, vectorSize: dimension, window: window,
                                          minCount: minCount, negative: negative, epochs: epochs, seed: seed)
            options.threads = Threading.count
            let vectors = model == .word2vec
                ? Word2Vec(sentences: sentences, options: options, showsProgress: true).wordVectors
                : FastText(sentences: sentences, options: FastTextOptions(word2vec: options), showsProgress: true).wordVectors
            guard vectors.count > 0 else { throw CommandError("no word occurs \(minCount) times in \(quotedForMessage(corpus)): lower --min-count") }
            let url = URL(fileURLWithPath: output)
            if url.pathExtension == "bin" { try vectors.writeWord2VecBinary(to: url) } else { try vectors.writeWord2VecText(to: url) }
            print("Wrote \(vectors.count) vectors of \(vectors.dimension) values to \(output)")
        }
    }

    struct Similar: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The words closest to a word (cosine similarity).")
        @Argument(help: "The vectors file.") var vectors: String
        @Argument(help: "The word.") var word: String
        @Option(help: "How many neighbours.") var top = 10

        func run() throws {
            VectorsCommand.printNeighbours(try VectorsCommand.read(vectors).mostSimilar(positive: [word], k: top))
        }
    }

    struct Analogy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A is to B as C is to …? (B − A + C, gensim's most_similar).")
        @Argument(help: "The vectors file.") var vectors: String
        @Argument(help: "A, B and C: `man king woman` asks for king − man + woman.") var words: [String]
        @Option(help: "How many answers.") var top = 5

        func validate() throws {
            guard words.count == 3 else { throw ValidationError("an analogy needs three words, A B C, got \(words.count)") }
        }

        func run() throws {
            VectorsCommand.printNeighbours(try VectorsCommand.read(vectors).mostSimilar(positive: [words[1], words[2]], negative: [words[0]], k: top))
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Analogy accuracy (questions-words format) and word-pair correlation (WordSim-353 format), as gensim computes them.")
        @Argument(help: "The vectors file.") var vectors: String
        @Option(help: "Analogy questions (`: section` lines, then `a b c d`).") var analogies: String?
        @Option(help: "Word pairs with a human score, tab-separated.") var pairs: String?

        func validate() throws {
            guard analogies != nil || pairs != nil else { throw ValidationError("give --analogies FILE, --pairs FILE or both") }
        }

        func run() throws {
            let loaded = try VectorsCommand.read(vectors)
            if let analogies {
                let result = try loaded.evaluateWordAnalogies(URL(fileURLWithPath: analogies))
                for section in result.sections + [result.total] {
                    print(section.name.padding(toLength: max(30, section.name.count), withPad: " ", startingAt: 0)
                                + String(format: "  %6.1f %%  (%d of %d)", 100 * section.accuracy, section.correct, section.correct + section.incorrect))
                }
                print("questions skipped (a word without a vector): \(result.skippedQuestions)")
            }
            if let pairs {
                let result = try loaded.evaluateWordPairs(URL(fileURLWithPath: pairs))
                print(String(format: "word pairs: Pearson %.4f, Spearman %.4f over %d pairs (%.1f %% out of vocabulary)",
                                   result.pearson, result.spearman, result.pairs, 100 * result.outOfVocabularyRatio))
            }
        }
    }
}
