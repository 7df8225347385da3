import CVectorMath
import Foundation
import Synchronization
import Tensor

/// How a ``Word2Vec`` model is trained: gensim 4.4's parameters, names and defaults.
public struct Word2VecOptions: Sendable {
    /// Skip-gram (each context word predicts the centre word; gensim `sg=1`) or CBOW (the context's
    /// mean — or sum, with `cbowMean` false — predicts it; `sg=0`, the default).
    public enum Architecture: Sendable { case skipGram, cbow }

    public var architecture: Architecture = .cbow
    /// `vector_size`.
    public var vectorSize = 100
    /// The learning rate, decayed linearly to `minAlpha` over all epochs.
    public var alpha: Float = 0.025
    public var minAlpha: Float = 1e-4
    /// The largest half-window; each position draws its own in `1...window` when `shrinkWindows`.
    public var window = 5
    public var shrinkWindows = true
    public var minCount = 5
    /// gensim's `max_final_vocab`: raise the minimum count until at most this many words remain.
    public var maxFinalVocab: Int?
    /// The downsampling threshold for frequent words (0: none).
    public var sample = 1e-3
    /// Noise words per target (negative sampling; 0 turns it off, leaving hierarchical softmax).
    public var negative = 5
    /// gensim's `hs`: also train hierarchical softmax over the words' Huffman tree (before
    /// negative sampling when both are on, as gensim does).
    public var hierarchicalSoftmax = false
    /// `ns_exponent`: noise words are drawn ∝ count^this.
    public var negativeExponent = 0.75
    /// CBOW: average (true, gensim's default) or sum the context vectors.
    public var cbowMean = true
    public var epochs = 5
    public var seed: UInt64 = 1
    /// Threads training at once on the shared weights, lock-free (Hogwild, as gensim and word2vec.c).
    /// With one thread a seed gives the same vectors on every run.
    public var threads = Threading.count
    /// gensim's `batch_words`: whole sentences are grouped into jobs of at most this many words; the
    /// learning rate is constant within a job.
    public var wordsPerJob = 10_000

    public init(architecture: Architecture = .cbow, vectorSize: Int = 100, window: Int = 5, minCount: Int = 5, negative: Int = 5,
                epochs: Int = 5, seed: UInt64 = 1) {
        self.architecture = architecture
        self.vectorSize = vectorSize
        self.window = window
        self.minCount = minCount
        self.negative = negative
        self.epochs = epochs
        self.seed = seed
    }
}

/// Where training stands, reported after each job — from the training threads, so a progress
/// closure may be called from several threads at once.
public struct Word2VecProgress: Sendable {
    /// The epoch being trained (from 0) and how many there are.
    public let epoch: Int
    public let epochs: Int
    /// Corpus words (in the vocabulary or not) in this epoch's finished jobs, and in the whole corpus.
    public let words: Int
    public let totalWords: Int
    /// Words trained on (after dropping unknown and downsampled ones) per second, this epoch.
    public let effectiveWordsPerSecond: Double
    /// The learning rate of the job just finished.
    public let alpha: Float
}

extension Word2VecProgress {
    /// `epoch 2/5  812345 words/s  alpha 0.02110`, as the progress bar shows it.
    public var summary: String {
        let rate = Int(effectiveWordsPerSecond), learningRate = String(format: "%.5f", Double(alpha))
        return "epoch \(epoch + 1)/\(epochs)  \(rate) words/s  alpha \(learningRate)"
    }
}

/// word2vec (Mikolov et al., 2013) trained as gensim 4.4 trains it: skip-gram or CBOW with negative
/// sampling and/or hierarchical softmax, gensim's vocabulary and Huffman tree, downsampling, window shrinking, learning-rate decay and sigmoid
/// table (`../shared/REFERENCE.md`, and ``Word2VecVocabulary``), on all cores.
///
/// ```swift
/// let model = Word2Vec(sentences: corpus, options: Word2VecOptions(architecture: .skipGram, minCount: 3, negative: 20))
/// let vectors = model.wordVectors                  // WordVectors: queries, files, embedding matrices
/// try vectors.mostSimilar(positive: ["movie"])
/// ```
///
/// Where it differs from gensim on purpose: each job draws from its own random stream, seeded from
/// `seed`, the epoch and the job's position (gensim seeds one stream per worker thread), so with one
/// thread the result does not depend on scheduling; a sentence longer than `wordsPerJob` is split
/// into pieces rather than cut at 10,000 words, so no word is silently dropped; the initial vectors
/// are drawn from Strand's generator, not NumPy's.
public final class Word2Vec: Sendable {
    public let options: Word2VecOptions
    public let vocabulary: Word2VecVocabulary
    /// `[vocabulary, vectorSize]`: the word vectors (gensim's `wv.vectors`, `syn0`).
    public let vectors: Tensor
    /// `[vocabulary, vectorSize]`: the output weights of negative sampling (gensim's `syn1neg`;
    /// zeros without it).
    public let outputWeights: Tensor
    /// `[vocabulary − 1, vectorSize]`: the Huffman tree's inner-node weights of hierarchical softmax
    /// (gensim's `syn1`); nil without it.
    public let innerNodeWeights: Tensor?
    /// Each epoch's summed loss, Σ −log σ(±u·h) over the targets trained (gensim's
    /// `compute_loss`, per epoch rather than running).
    public let epochLosses: [Double]
    /// Each epoch's words trained on, after dropping unknown and downsampled words.
    public let effectiveWords: [Int]

    /// Builds the vocabulary of `sentences` (lists of tokens) and trains on them, reporting each
    /// finished job to `progress` and, with `showsProgress`, drawing a progress bar on standard
    /// error with the effective words per second and the learning rate.
    public convenience init(sentences: [[String]], options: Word2VecOptions = Word2VecOptions(), showsProgress: Bool = false,
                            progress: (@Sendable (Word2VecProgress) -> Void)? = nil) {
        self.init(sentences: sentences, options: options, initialWeights: nil, showsProgress: showsProgress, progress: progress)
    }

    /// Trains from `initialWeights` when given (see ``InitialWeights``).
    init(sentences: [[String]], options: Word2VecOptions, initialWeights: InitialWeights?, showsProgress: Bool = false,
         progress: (@Sendable (Word2VecProgress) -> Void)? = nil) {
        self.options = options
        vocabulary = Word2VecVocabulary(sentences: sentences, checking: options, model: "Word2Vec")
        let trainer = Word2VecTrainer(vocabulary: vocabulary, corpus: TrainingCorpus(sentences: sentences, vocabulary: vocabulary, wordsPerJob: options.wordsPerJob),
                                      options: options, ngrams: nil, initialWeights: initialWeights)
        let epochs = trainer.train(label: "word2vec", showsProgress: showsProgress, progress: progress)
        vectors = trainer.vectors
        outputWeights = trainer.outputWeights
        innerNodeWeights = trainer.innerNodeWeights
        epochLosses = epochs.map(\.loss)
        effectiveWords = epochs.map(\.effectiveWords)
    }

    /// The trained vectors with their words, for queries and files.
    public var wordVectors: WordVectors { WordVectors(words: vocabulary.words, vectors: vectors) }
}

extension Word2VecVocabulary {
    /// The vocabulary of a training run, after checking its options (`model` names the caller in
    /// the messages).
    init(sentences: [[String]], checking options: Word2VecOptions, model: String) {
        strandPrecondition(options.vectorSize > 0 && options.window > 0 && options.epochs > 0 && options.threads > 0 && options.wordsPerJob > 0,
                           "\(model): vectorSize, window, epochs, threads and wordsPerJob must be positive, got \(options)")
        strandPrecondition(options.negative >= 0 && (options.negative > 0 || options.hierarchicalSoftmax),
                           "\(model): needs negative sampling (negative > 0) or hierarchicalSoftmax, got negative \(options.negative)")
        self.init(sentences: sentences, minCount: options.minCount, maxFinalVocab: options.maxFinalVocab,
                  sample: options.sample, negativeExponent: options.negativeExponent)
        strandPrecondition(count > 0, "\(model): no word occurs at least minCount (\(options.minCount)) times in the \(sentences.count) sentences")
    }
}

/// The corpus as vocabulary indices, sentences back to back, grouped into jobs as gensim groups
/// them: whole sentences while the job's words (counting unknown ones) stay within `wordsPerJob`.
struct TrainingCorpus: Sendable {
    /// In-vocabulary word indices of every sentence, back to back.
    let words: [Int32]
    /// The end of each sentence in `words`.
    let ends: [Int]
    /// Per job: its sentences and its corpus words (unknown ones included).
    let jobs: [(sentences: Range<Int>, words: Int)]
    let totalWords: Int

    init(sentences: [[String]], vocabulary: Word2VecVocabulary, wordsPerJob: Int) {
        var words: [Int32] = [], ends: [Int] = [], rawLengths: [Int] = []
        for sentence in sentences {
            // A sentence longer than a job is split, so each piece fits one.
            for start in stride(from: 0, to: max(sentence.count, 1), by: wordsPerJob) {
                let piece = sentence[start..<min(sentence.count, start + wordsPerJob)]
                words += vocabulary.indices(of: piece)
                ends.append(words.count)
                rawLengths.append(piece.count)
            }
        }
        var jobs: [(sentences: Range<Int>, words: Int)] = []
        var first = 0, size = 0
        for (sentence, length) in rawLengths.enumerated() {
            if size + length > wordsPerJob && sentence > first {
                jobs.append((first..<sentence, size))
                (first, size) = (sentence, 0)
            }
            size += length
        }
        if first < rawLengths.count { jobs.append((first..<rawLengths.count, size)) }
        self.words = words
        self.ends = ends
        self.jobs = jobs
        totalWords = rawLengths.reduce(0, +)
    }
}
