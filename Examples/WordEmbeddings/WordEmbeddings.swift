// Notebook 003: word vectors trained here (word2vec and FastText on the review corpus), GloVe 6B 50d
// explored (neighbours, analogies, a bias probe, PCA), and both evaluated side by side.
//
//   swift run -c release WordEmbeddings [--full] [--epochs 5] [--seed 3] [--output output/word-embeddings]
import ArgumentParser
import ExampleSupport
import Foundation
import Strand

@main
struct WordEmbeddings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Notebook 003: word2vec and FastText trained on movie reviews, GloVe 6B 50d explored, all evaluated.")

    @Flag(help: "Train on all 33,530 reviews and sentences and use the whole GloVe 6B 50d (scripts/fetch-data) instead of the bundled samples.")
    var full = false
    @Option(help: "Epochs of word2vec and FastText training (gensim's default: 5).") var epochs = 5
    @Option(help: "Seed for the word-vector initialisation and sampling.") var seed: UInt64 = 3
    @Option(help: "Folder for the vectors, the PCA picture and evaluation.json.") var output = "output/word-embeddings"
    @Option(help: "Threads for training (default: every core).") var threads: Int?

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive, got \(epochs)") }
    }

    mutating func run() throws {
        if let threads { Threading.setCount(threads) }
        print(RuntimeReport.current)
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        print("\n== 1. Word vectors trained on the reviews")
        let corpus = try ReviewCorpus.load(full: full)
        print("corpus: \(corpus.count) texts, \(corpus.reduce(0) { $0 + $1.count }) tokens (notebook 003's preprocessing)")
        let own = try OwnVectors.train(on: corpus, epochs: epochs, seed: seed, folder: folder)

        print("\n== 2. GloVe 6B 50d")
        let glove = try GloVeTour.load(full: full)
        try GloVeTour.explore(glove, folder: folder)

        print("\n== Evaluation: analogies (questions-words.txt) and word pairs (WordSim-353)")
        let evaluation = try VectorEvaluation(["GloVe 6B 50d": glove, "word2vec (reviews)": own.word2vec, "FastText (reviews)": own.fastText], full: full)
        print(evaluation.table)
        try evaluation.json.write(to: folder.appendingPathComponent("evaluation.json"))
        print("\nWrote word2vec.bin, glove_pca.svg and evaluation.json to \(folder.path)")
    }
}
