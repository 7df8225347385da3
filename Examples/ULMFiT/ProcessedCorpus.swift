import ExampleSupport
import Foundation
import Strand

/// Notebook 001's step 1: the reviews and sentences tokenised with fastai's rules and numericalised
/// with fastai's vocabulary (minimum frequency 2, at most 60,000 tokens), cached in the output
/// folder so a second run skips tokenising.
///
/// The language model reads the IMDB training reviews and every Rotten Tomatoes sentence (unlabelled
/// text, as ULMFiT's language model reads IMDB's); the classifier trains on the IMDB reviews split
/// 80/10/10, and its test reviews are never seen by either.
struct ProcessedCorpus {
    let vocabulary: Vocabulary
    /// Documents for the language model: training and validation.
    let languageModelTrain: [[Int]], languageModelValid: [[Int]]
    /// The labelled IMDB reviews.
    let train: EncodedReviews, valid: EncodedReviews, test: EncodedReviews

    /// Loads the cache in `folder` if it was made from the same file and seed, else tokenises.
    static func load(full: Bool, seed: UInt64, folder: URL) throws -> ProcessedCorpus {
        let cache = folder.appendingPathComponent("corpus.safetensors"), vocabularyFile = folder.appendingPathComponent("vocabulary.json")
        let source = full ? IMDBReviews.fullPath : IMDBReviews.samplePath
        if let contents = try? SafeTensors.read(cache), contents.metadata["source"] == source, contents.metadata["seed"] == String(seed),
           let vocabulary = try? Vocabulary(contentsOf: vocabularyFile), let corpus = ProcessedCorpus(contents, vocabulary: vocabulary) {
            print("Reloaded the tokenised corpus from \(cache.path) (delete it to tokenise again)")
            return corpus
        }
        let corpus = try tokenize(full: full, seed: seed)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SafeTensors.write(corpus.tensors, metadata: ["source": source, "seed": String(seed)], to: cache)
        try corpus.vocabulary.save(to: vocabularyFile)
        print("Saved the tokenised corpus to \(cache.path) and the vocabulary to \(vocabularyFile.path)")
        return corpus
    }

    private static func tokenize(full: Bool, seed: UInt64) throws -> ProcessedCorpus {
        let reviews = try IMDBReviews.load(full: full, seed: seed)
        let sentences = try TextDataset.csv(URL(fileURLWithPath: full ? IMDBReviews.fullPath : IMDBReviews.samplePath))
            .filter(column: "source", equals: "rotten_tomatoes")
        let tokenizer = FastaiTokenizer()
        func tokens(_ texts: [String], _ label: String) -> [[String]] {
            let bar = ProgressBar("tokenizing \(label)", total: texts.count)
            defer { bar.finish() }
            return tokenizer.tokenize(texts) { bar.update($0) }
        }
        let (trainTokens, validTokens, testTokens) = (tokens(reviews.train.texts, "train"), tokens(reviews.valid.texts, "valid"), tokens(reviews.test.texts, "test"))
        let sentenceTokens = tokens(sentences.texts, "sentences")
        // The language model's text: what the classifier trains on plus the unlabelled sentences;
        // a tenth of it held out for the language model's validation.
        let unlabelled = trainTokens + sentenceTokens
        let vocabulary = Vocabulary.fastai(from: unlabelled, minFrequency: 2, maxSize: 60_000)
        let documents = vocabulary.encode(documents: unlabelled)
        var generator = RandomGenerator(seed: seed &+ 3)
        let order = generator.permutation(documents.count)
        let held = documents.count / 10
        return ProcessedCorpus(vocabulary: vocabulary,
                               languageModelTrain: order.dropFirst(held).map { documents[$0] }, languageModelValid: order.prefix(held).map { documents[$0] },
                               train: EncodedReviews(reviews.train, tokens: trainTokens, vocabulary: vocabulary),
                               valid: EncodedReviews(reviews.valid, tokens: validTokens, vocabulary: vocabulary),
                               test: EncodedReviews(reviews.test, tokens: testTokens, vocabulary: vocabulary))
    }

    private init(vocabulary: Vocabulary, languageModelTrain: [[Int]], languageModelValid: [[Int]], train: EncodedReviews, valid: EncodedReviews, test: EncodedReviews) {
        (self.vocabulary, self.languageModelTrain, self.languageModelValid) = (vocabulary, languageModelTrain, languageModelValid)
        (self.train, self.valid, self.test) = (train, valid, test)
    }

    // MARK: The cache: each part as its concatenated ids, the documents' lengths and the labels.

    private static let parts = ["lm_train", "lm_valid", "train", "valid", "test"]

    private var documentsByPart: [[[Int]]] { [languageModelTrain, languageModelValid, train.ids, valid.ids, test.ids] }

    private var tensors: [(String, StateTensor)] {
        zip(Self.parts, documentsByPart).flatMap { name, documents in
            [("\(name).ids", StateTensor.int(IntTensor(documents.flatMap { $0 }))), ("\(name).lengths", .int(IntTensor(documents.map(\.count))))]
        } + [("train.labels", .int(IntTensor(train.labels))), ("valid.labels", .int(IntTensor(valid.labels))), ("test.labels", .int(IntTensor(test.labels)))]
    }

    /// The corpus in a cache file; nil if any part is missing or inconsistent (then it is rebuilt).
    private init?(_ contents: SafeTensors.Contents, vocabulary: Vocabulary) {
        func ints(_ key: String) -> [Int]? {
            guard case .int(let values)? = contents[key] else { return nil }
            return values.scalars
        }
        var documents: [[[Int]]] = []
        for part in Self.parts {
            // Checked before summing: lengths from a damaged file could overflow the sum.
            guard let ids = ints("\(part).ids"), let lengths = ints("\(part).lengths"), lengths.allSatisfy({ (0...ids.count).contains($0) }),
                  lengths.reduce(0, +) == ids.count, ids.allSatisfy({ (0..<vocabulary.count).contains($0) }) else { return nil }
            var start = 0
            documents.append(lengths.map { length in
                defer { start += length }
                return Array(ids[start..<(start + length)])
            })
        }
        let labels = ["train", "valid", "test"].compactMap { ints("\($0).labels") }
        guard labels.count == 3, zip(labels, documents[2...]).allSatisfy({ $0.count == $1.count }),
              labels.joined().allSatisfy({ (0..<2).contains($0) }) else { return nil }
        self.init(vocabulary: vocabulary, languageModelTrain: documents[0], languageModelValid: documents[1],
                  train: EncodedReviews(ids: documents[2], labels: labels[0]),
                  valid: EncodedReviews(ids: documents[3], labels: labels[1]),
                  test: EncodedReviews(ids: documents[4], labels: labels[2]))
    }

    /// Notebook 001's `show_batch`: the first texts of the classifier's training part, decoded, cut to 100 tokens.
    func showBatch(count: Int = 3) {
        for (ids, label) in zip(train.ids, train.labels).prefix(count) {
            let text = vocabulary.decode(Array(ids.prefix(100))).joined(separator: " ").replacingOccurrences(of: "\n", with: "⏎")
            print("[\(label == 1 ? "positive" : "negative")] " + text)
        }
    }
}
