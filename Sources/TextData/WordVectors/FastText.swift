import Tensor

/// How a ``FastText`` model is trained: word2vec's options — read and set through this value as
/// well (`options.vectorSize = 300`) — and the character n-grams (gensim 4.4's defaults: 3 to 6
/// characters, 2,000,000 buckets).
@dynamicMemberLookup
public struct FastTextOptions: Sendable {
    public var word2vec: Word2VecOptions
    public var ngrams: CharacterNGrams

    public init(architecture: Word2VecOptions.Architecture = .cbow, vectorSize: Int = 100, window: Int = 5, minCount: Int = 5, negative: Int = 5,
                epochs: Int = 5, seed: UInt64 = 1, ngrams: CharacterNGrams = CharacterNGrams()) {
        word2vec = Word2VecOptions(architecture: architecture, vectorSize: vectorSize, window: window, minCount: minCount,
                                   negative: negative, epochs: epochs, seed: seed)
        self.ngrams = ngrams
    }

    /// word2vec's `options` with `ngrams`.
    public init(word2vec options: Word2VecOptions, ngrams: CharacterNGrams = CharacterNGrams()) {
        word2vec = options
        self.ngrams = ngrams
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Word2VecOptions, Value>) -> Value {
        get { word2vec[keyPath: keyPath] }
        set { word2vec[keyPath: keyPath] = newValue }
    }
}

/// FastText (Bojanowski et al., 2017) trained as gensim 4.4 trains it: word2vec in which a word's
/// input is its own vector plus the vectors of its character n-grams, so that words sharing
/// pieces share strength and a word never seen still gets a vector from its n-grams.
///
/// ```swift
/// let model = FastText(sentences: corpus, options: FastTextOptions(architecture: .skipGram, minCount: 3, negative: 20))
/// let vectors = model.wordVectors
/// try vectors.mostSimilar(positive: ["awsome"])    // composed from its n-grams: "awesome", …
/// ```
///
/// Everything ``Word2Vec`` says about gensim holds here, with fasttext_inner.pyx's differences:
/// the 512-entry sigmoid table over (−8, 8); skip-gram's centre word (its vector and n-grams)
/// predicting each context word; CBOW averaging over every word and n-gram row of the context
/// and saturating negative-sampling scores beyond the table instead of skipping them. gensim's
/// skip-gram divides the centre word's summed rows by its number of n-grams (fastText divides by
/// that number plus one); Strand follows gensim. The loss is reported (gensim's FastText does not).
public final class FastText: Sendable {
    public let options: FastTextOptions
    public let vocabulary: Word2VecVocabulary
    /// `[vocabulary, vectorSize]`: each word's own vector (gensim's `wv.vectors_vocab`).
    public let vocabularyVectors: Tensor
    /// The n-gram buckets' vectors (gensim's `wv.vectors_ngrams`).
    public let subwords: SubwordVectors
    /// `[vocabulary, vectorSize]`: gensim's `syn1neg` (zeros without negative sampling).
    public let outputWeights: Tensor
    /// gensim's `syn1`, the Huffman tree's inner nodes; nil without hierarchical softmax.
    public let innerNodeWeights: Tensor?
    /// Each epoch's summed loss and words trained on (see ``Word2Vec/epochLosses``).
    public let epochLosses: [Double]
    public let effectiveWords: [Int]
    /// The vectors for queries and files: each word's own and n-gram vectors averaged (gensim's
    /// `wv.vectors`), with the n-grams composing vectors for words outside the vocabulary.
    public let wordVectors: WordVectors

    /// Builds the vocabulary of `sentences` and trains on them; progress as ``Word2Vec``'s.
    public convenience init(sentences: [[String]], options: FastTextOptions = FastTextOptions(), showsProgress: Bool = false,
                            progress: (@Sendable (Word2VecProgress) -> Void)? = nil) {
        self.init(sentences: sentences, options: options, initialWeights: nil, showsProgress: showsProgress, progress: progress)
    }

    /// Trains from `initialWeights` when given (see ``InitialWeights``).
    init(sentences: [[String]], options: FastTextOptions, initialWeights: InitialWeights?, showsProgress: Bool = false,
         progress: (@Sendable (Word2VecProgress) -> Void)? = nil) {
        self.options = options
        vocabulary = Word2VecVocabulary(sentences: sentences, checking: options.word2vec, model: "FastText")
        let trainer = Word2VecTrainer(vocabulary: vocabulary,
                                      corpus: TrainingCorpus(sentences: sentences, vocabulary: vocabulary, wordsPerJob: options.wordsPerJob),
                                      options: options.word2vec, ngrams: options.ngrams, initialWeights: initialWeights)
        let epochs = trainer.train(label: "fasttext", showsProgress: showsProgress, progress: progress)
        vocabularyVectors = trainer.vectors
        subwords = SubwordVectors(ngrams: options.ngrams, vectors: trainer.ngramWeights!)
        outputWeights = trainer.outputWeights
        innerNodeWeights = trainer.innerNodeWeights
        epochLosses = epochs.map(\.loss)
        effectiveWords = epochs.map(\.effectiveWords)
        wordVectors = WordVectors(words: vocabulary.words, vectors: subwords.composedVectors(words: vocabulary.words, own: vocabularyVectors), subwords: subwords)
    }
}
