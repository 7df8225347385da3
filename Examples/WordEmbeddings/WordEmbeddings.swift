// Notebook 003: word vectors trained here (word2vec and FastText on the review corpus), GloVe 6B 50d
// explored (neighbours, analogies, a bias probe, PCA), both evaluated side by side, then the n-gram
// CNN trained on labelled sentences with random, GloVe and word2vec embeddings, saved, reloaded and
// asked about one sentence.
//
//   swift run -c release WordEmbeddings [--full] [--epochs 5] [--seed 3] [--output output/word-embeddings]
//                                       [--csv FILE --text-column T --label-column L] [--stop-words keep-negations]
//                                       [--classifier-only] [--folds 10]
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
    @Option(help: "Classify the sentences of this CSV instead of the Rotten Tomatoes sentences (e.g. the notebook's AG News, title,category).")
    var csv: String?
    @Option(help: "The CSV column holding the text (with --csv).") var textColumn = "text"
    @Option(help: "The CSV column holding the label (with --csv); any number of classes.") var labelColumn = "label"
    @Option(help: "Stop words removed before classifying: notebook (NLTK's English list), keep-negations (that list without not, no and the n't forms, which sentiment needs), none.")
    var stopWords: SentencePreprocessing.StopWords = .notebook
    @Option(help: "Most epochs of classifier training (early stopping with patience 5).") var classifierEpochs = 10
    @Flag(help: "Only the sentence classifier (steps 3–5): no word-vector training; GloVe is read, and the word2vec run uses the word2vec.bin an earlier full run left in --output (no word2vec run without it).")
    var classifierOnly = false
    @Option(help: "Cross-validate step 3 over this many stratified folds (each tested once, the rest split 8 : 1 for training and validation) instead of the one 70/15/15 split; writes cross_validation_STOPWORDS.json and skips steps 4–5.")
    var folds: Int?
    @Option(help: "A sentence to classify with the reloaded model.") var sentence = "A gripping, beautifully acted story that never lets go."

    func validate() throws {
        guard epochs > 0, classifierEpochs > 0 else { throw ValidationError("--epochs and --classifier-epochs must be positive, got \(epochs), \(classifierEpochs)") }
        if let folds, folds < 3 { throw ValidationError("--folds must be at least 3 (one fold tests, one validates, the rest train), got \(folds)") }
    }

    mutating func run() throws {
        if let threads { Threading.setCount(threads) }
        print(RuntimeReport.current)
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let glove: WordVectors, word2vec: WordVectors?
        if classifierOnly {
            glove = try GloVeTour.load(full: full)
            word2vec = try previousWord2Vec(in: folder)
        } else {
            (glove, word2vec) = try exploreWordVectors(folder: folder)
        }

        print("\n== 3. Sentence classification: the n-gram CNN \(word2vec == nil ? "three" : "four") ways")
        let source: SentenceData.Source = csv.map { .csv(path: $0, textColumn: textColumn, labelColumn: labelColumn) } ?? .rottenTomatoes(full: full)
        let sentences = try SentenceData.load(source)
        if let folds {
            try crossValidate(sentences, folds: folds, glove: glove, word2vec: word2vec, folder: folder)
            return
        }
        let data = try SentenceData(splitting: sentences, stopWords: stopWords, seed: seed)
        describe(data)
        let (results, savedModel) = try classify(data, glove: glove, word2vec: word2vec, exportPrefix: "")
        print("\n" + SentenceClassification.table(results))

        print("\n== 4. Artefacts, reloaded")
        try Artefacts.save(data: data, model: savedModel, results: results, to: folder)
        print("\"\(sentence)\" → \(data.preprocessing.tokens(sentence).joined(separator: " "))")
        for (label, probability) in try Artefacts.predict(sentence, from: folder, preprocessing: data.preprocessing) {
            print("  \(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%.3f", probability))")
        }
        print("\n== 5. What the filters pick (max pooling over the test sentences)")
        for (width, ngram, picks, total) in FilterInterpretation.mostPickedNGrams(model: savedModel, data: data) {
            print("  [\(width)-gram] \(ngram)   (\(picks) of \(total) picks)")
        }
        try FilterInterpretation.heatMap(of: sentence, width: 3, model: savedModel, data: data)
            .write(to: folder.appendingPathComponent("filters_heatmap.svg"), atomically: true, encoding: .utf8)

        print("\nWrote word2vec.bin, glove_pca.svg, evaluation.json, filters_heatmap.svg, tokenizer.json, label_encoder.json, model.safetensors and performance.json to \(folder.path)")
    }

    /// Steps 1–2 and the evaluation: word2vec and FastText trained on the reviews, GloVe explored,
    /// all evaluated side by side; returns GloVe and the word2vec vectors.
    func exploreWordVectors(folder: URL) throws -> (glove: WordVectors, word2vec: WordVectors) {
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
        return (glove, own.word2vec)
    }

    /// The word2vec vectors an earlier run of step 1 wrote to `folder`, if any.
    func previousWord2Vec(in folder: URL) throws -> WordVectors? {
        let file = folder.appendingPathComponent("word2vec.bin")
        guard FileManager.default.fileExists(atPath: file.path) else {
            print("no \(file.path) from an earlier run: the classifier runs without the word2vec embeddings")
            return nil
        }
        let vectors = try WordVectors.readWord2VecBinary(file)
        print("word2vec vectors of an earlier step 1 read from \(file.path) (\(vectors.count) words)")
        return vectors
    }

    func describe(_ data: SentenceData) {
        print("sentences: \(data.train.count) train, \(data.valid.count) valid, \(data.test.count) test; classes \(data.labels.classes); "
              + "vocabulary \(data.vocabulary.count); stop words: \(stopWords.rawValue)")
    }

    /// The runs: random 100-d embeddings, GloVe 50d frozen and fine-tuned, and (when trained) the
    /// word2vec vectors of step 1 fine-tuned; returns their results and the GloVe fine-tuned model.
    /// `exportPrefix` starts the names of the runs written for PyTorch (`STRAND_EXPORT_RUN`).
    func classify(_ data: SentenceData, glove: WordVectors, word2vec: WordVectors?, exportPrefix: String) throws -> (results: [SentenceClassification.Result], model: NGramCNN) {
        RandomGenerator.manualSeed(seed)
        var generator = RandomGenerator(seed: seed)
        let (gloveRows, gloveFound) = glove.embeddingMatrix(for: data.vocabulary, zeroRows: [data.paddingID], using: &generator)
        let word2vecRows = word2vec.map { $0.embeddingMatrix(for: data.vocabulary, zeroRows: [data.paddingID], using: &generator) }
        print("pretrained vectors found: GloVe \(gloveFound)\(word2vecRows.map { ", word2vec \($0.found)" } ?? "") of \(data.vocabulary.count) tokens")
        let (tokens, classes) = (data.vocabulary.count, data.labels.classes.count)
        let training = SentenceClassification(data: data, epochs: classifierEpochs, seed: seed)
        func train(_ model: NGramCNN, _ embeddings: SentenceClassification.Embeddings) throws -> SentenceClassification.Result {
            try training.train(model, embeddings, exportName: exportPrefix + embeddings.key)
        }
        let fineTunedGloVe = NGramCNN(vocabularySize: tokens, dimension: 50, classes: classes, pretrained: gloveRows)
        var results = [
            try train(NGramCNN(vocabularySize: tokens, dimension: 100, classes: classes), .random),
            try train(NGramCNN(vocabularySize: tokens, dimension: 50, classes: classes, pretrained: gloveRows, freeze: true), .gloveFrozen),
            try train(fineTunedGloVe, .gloveFineTuned),
        ]
        if let word2vecRows {
            results.append(try train(NGramCNN(vocabularySize: tokens, dimension: 100, classes: classes, pretrained: word2vecRows.matrix), .word2vec))
        }
        return (results, fineTunedGloVe)
    }

    /// Step 3 over `folds` stratified folds: every run on every fold, then each run's mean and
    /// standard deviation, printed and written to `cross_validation_STOPWORDS.json`.
    func crossValidate(_ sentences: TextDataset, folds: Int, glove: WordVectors, word2vec: WordVectors?, folder: URL) throws {
        let parts = sentences.crossValidationFolds(folds, seed: seed)
        var runs: [[SentenceClassification.Result]] = []
        for fold in 0..<folds {
            print("\n=== fold \(fold + 1) of \(folds)")
            let data = try SentenceData(fold: fold, of: parts, stopWords: stopWords, seed: seed)
            describe(data)
            runs.append(try classify(data, glove: glove, word2vec: word2vec, exportPrefix: "fold\(fold)_").results)
        }
        let summary = CrossValidation(folds: runs)
        print("\n\(folds)-fold cross-validation, stop words: \(stopWords.rawValue)\n" + summary.table)
        try summary.json(stopWords: stopWords.rawValue).write(to: folder.appendingPathComponent("cross_validation_\(stopWords.rawValue).json"))
        print("\nWrote cross_validation_\(stopWords.rawValue).json to \(folder.path)")
    }
}

extension SentencePreprocessing.StopWords: ExpressibleByArgument {}
