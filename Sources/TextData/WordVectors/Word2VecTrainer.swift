import CVectorMath
import Synchronization
import Tensor

/// The weights a run starts from, given instead of drawn: gensim's own initial vectors, so a test
/// can follow gensim's deterministic training (hierarchical softmax without sampling) step by step.
struct InitialWeights {
    var vectors: Tensor
    var ngramVectors: Tensor?
    var innerNodeWeights: Tensor?
}

/// The state of one word2vec or FastText training run: the weights, tables and corpus in buffers
/// that the training threads share without locks (Hogwild), and the epoch loop over jobs.
///
/// The buffers are allocated once, when training starts, and freed with the trainer; the weights
/// are copied out as tensors at the end.
final class Word2VecTrainer: @unchecked Sendable {
    private let options: Word2VecOptions
    private let corpus: TrainingCorpus
    private let vocabularySize: Int
    /// FastText's n-grams; nil for word2vec.
    private let ngrams: CharacterNGrams?
    private let input: UnsafeMutableBufferPointer<Float>
    private let output: UnsafeMutableBufferPointer<Float>
    /// FastText: the n-gram buckets' vectors, and every word's buckets back to back.
    private let ngramVectors: UnsafeMutableBufferPointer<Float>
    private let subwords: UnsafeMutableBufferPointer<UInt32>
    private let subwordStarts: UnsafeMutableBufferPointer<Int64>
    private let inputGrowth: UnsafeMutableBufferPointer<Float>
    /// Hierarchical softmax: inner-node weights and every word's code and points, back to back.
    private let inner: UnsafeMutableBufferPointer<Float>
    private let codes: UnsafeMutableBufferPointer<UInt8>
    private let points: UnsafeMutableBufferPointer<UInt32>
    private let codeStarts: UnsafeMutableBufferPointer<Int64>
    private let keep: UnsafeMutableBufferPointer<UInt32>
    private let cumulative: UnsafeMutableBufferPointer<UInt32>
    private let noiseIndex: UnsafeMutableBufferPointer<UInt32>
    private let sigmoid: UnsafeMutableBufferPointer<Float>
    private let logSigmoid: UnsafeMutableBufferPointer<Float>
    private let words: UnsafeMutableBufferPointer<Int32>

    /// Starts from `initialWeights`, or else from gensim's initialisation: word vectors (and, with a
    /// different seed, n-gram vectors) uniform in `[−1/dimension, 1/dimension)`, output weights zero.
    init(vocabulary: Word2VecVocabulary, corpus: TrainingCorpus, options: Word2VecOptions, ngrams: CharacterNGrams?,
         initialWeights: InitialWeights? = nil) {
        self.options = options
        self.corpus = corpus
        self.ngrams = ngrams
        vocabularySize = vocabulary.count
        let dimension = options.vectorSize
        input = Self.uniformVectors(count: vocabulary.count * dimension, dimension: dimension, seed: options.seed, given: initialWeights?.vectors)
        output = Self.buffer(repeatElement(0, count: vocabulary.count * dimension))
        let buckets = ngrams.map { ngrams in vocabulary.words.map { ngrams.buckets(of: $0).map(UInt32.init) } } ?? []
        ngramVectors = Self.uniformVectors(count: (ngrams?.bucketCount ?? 0) * dimension, dimension: dimension, seed: options.seed &+ 1,
                                           given: initialWeights?.ngramVectors)
        subwords = Self.buffer(buckets.joined())
        subwordStarts = Self.buffer(Self.starts(of: buckets))
        inputGrowth = Self.buffer(buckets.map(Self.inputGrowth))
        let tree = options.hierarchicalSoftmax ? HuffmanCodes(counts: vocabulary.counts) : HuffmanCodes(counts: [])
        inner = Self.buffer(initialWeights?.innerNodeWeights?.scalars
            ?? Array(repeating: 0, count: options.hierarchicalSoftmax ? max(vocabulary.count - 1, 1) * dimension : 0))
        codes = Self.buffer(tree.codes.joined())
        points = Self.buffer(tree.points.joined())
        codeStarts = Self.buffer(Self.starts(of: tree.codes))
        keep = Self.buffer(vocabulary.keepThresholds)
        cumulative = Self.buffer(vocabulary.cumulativeTable)
        noiseIndex = .allocate(capacity: Int(STRAND_W2V_NOISE_INDEX_SIZE) + 1)
        strand_w2v_noise_index(cumulative.baseAddress!, Int32(vocabulary.count), noiseIndex.baseAddress!)
        let tableSize = Int(ngrams == nil ? STRAND_W2V_TABLE_SIZE : STRAND_FASTTEXT_TABLE_SIZE)
        sigmoid = .allocate(capacity: tableSize)
        logSigmoid = .allocate(capacity: tableSize)
        strand_w2v_tables(sigmoid.baseAddress!, logSigmoid.baseAddress!, Int32(tableSize), ngrams == nil ? STRAND_W2V_MAX_EXP : STRAND_FASTTEXT_MAX_EXP)
        words = Self.buffer(corpus.words)
    }

    deinit {
        for buffer in [input, output, ngramVectors, inputGrowth, inner, sigmoid, logSigmoid] { buffer.deallocate() }
        subwords.deallocate()
        subwordStarts.deallocate()
        codes.deallocate()
        points.deallocate()
        codeStarts.deallocate()
        keep.deallocate()
        cumulative.deallocate()
        noiseIndex.deallocate()
        words.deallocate()
    }

    private static func buffer<Element>(_ values: some Collection<Element>) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(values.count, 1))
        _ = buffer.initialize(from: values)
        return buffer
    }

    /// Where each list starts when the lists are laid back to back, and where the last ends.
    private static func starts(of lists: [some Collection]) -> [Int64] {
        lists.reduce(into: [0]) { $0.append($0.last! + Int64($1.count)) }
    }

    /// How much a FastText word's skip-gram input grows per unit of error written into its rows:
    /// (1 + Σ c²) / n over the counts c of its n buckets (a bucket listed twice gains the error twice
    /// and is summed twice); the input is divided by n, or by 1 without n-grams.
    private static func inputGrowth(buckets: [UInt32]) -> Float {
        let counts = Dictionary(buckets.map { ($0, 1) }, uniquingKeysWith: +).values
        return Float(1 + counts.reduce(0) { $0 + $1 * $1 }) / Float(max(buckets.count, 1))
    }

    private static func uniformVectors(count: Int, dimension: Int, seed: UInt64, given: Tensor?) -> UnsafeMutableBufferPointer<Float> {
        if let given {
            strandPrecondition(given.count == count, "Word2VecTrainer: initial weights of shape \(given.shape) for \(count / dimension) rows of \(dimension)")
            return buffer(given.scalars)
        }
        var generator = RandomGenerator(seed: seed)
        let scale = 1 / Float(dimension)
        let vectors = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
        for i in 0..<count { vectors.initializeElement(at: i, to: (2 * generator.nextFloat() - 1) * scale) }
        return vectors
    }

    var vectors: Tensor { Tensor(shape: [vocabularySize, options.vectorSize], scalars: Array(input.prefix(vocabularySize * options.vectorSize))) }
    var outputWeights: Tensor { Tensor(shape: [vocabularySize, options.vectorSize], scalars: Array(output.prefix(vocabularySize * options.vectorSize))) }
    var innerNodeWeights: Tensor? {
        options.hierarchicalSoftmax ? Tensor(shape: [inner.count / options.vectorSize, options.vectorSize], scalars: Array(inner)) : nil
    }
    /// FastText: `[bucketCount, vectorSize]`.
    var ngramWeights: Tensor? {
        ngrams.map { Tensor(shape: [$0.bucketCount, options.vectorSize], scalars: Array(ngramVectors.prefix($0.bucketCount * options.vectorSize))) }
    }

    /// Trains every epoch, reporting each finished job to `progress` and, with `showsProgress`,
    /// drawing a progress bar labelled `label` with the effective words per second and the
    /// learning rate; returns each epoch's loss and effective words.
    func train(label: String, showsProgress: Bool, progress: (@Sendable (Word2VecProgress) -> Void)?) -> [(loss: Double, effectiveWords: Int)] {
        let bar = showsProgress ? ProgressBar(label, total: corpus.totalWords * options.epochs) : nil
        var report = progress
        if let bar {
            report = { state in
                bar.update(state.epoch * state.totalWords + state.words, detail: state.summary)
                progress?(state)
            }
        }
        let epochs = (0..<options.epochs).map { trainEpoch($0, progress: report) }
        bar?.finish()
        return epochs
    }

    /// The learning rate of a job that starts after `sentencesBefore` of the epoch's sentences:
    /// linear from `alpha` to `minAlpha` over all epochs (gensim's `_get_next_alpha`).
    private func alpha(epoch: Int, sentencesBefore: Int) -> Float {
        let progress = (Double(epoch) + Double(sentencesBefore) / Double(max(corpus.ends.count, 1))) / Double(options.epochs)
        return max(options.minAlpha, Float(Double(options.alpha) - Double(options.alpha - options.minAlpha) * progress))
    }

    /// A job's own random stream: word2vec.c's 48-bit state, from the seed, epoch and job.
    private func randomState(epoch: Int, job: Int) -> UInt64 {
        var generator = RandomGenerator(seed: options.seed &+ UInt64(epoch) << 32 &+ UInt64(job))
        return generator.next() & 0xFFFF_FFFF_FFFF
    }

    /// Trains every job of one epoch on `options.threads` threads, each taking the next job from a
    /// shared counter; returns the epoch's loss and effective words.
    private func trainEpoch(_ epoch: Int, progress: (@Sendable (Word2VecProgress) -> Void)?) -> (loss: Double, effectiveWords: Int) {
        let wordsDone = Atomic<Int>(0), effectiveDone = Atomic<Int>(0), loss = Mutex<Double>(0)
        let clock = ContinuousClock(), start = clock.now
        let largestJob = corpus.jobs.map { corpus.wordCount(of: $0.sentences) }.max() ?? 0
        let largestSentences = corpus.jobs.map(\.sentences.count).max() ?? 0
        let scratchBytes = 8 * largestSentences + 12 * options.vectorSize + 4 * (options.negative + 1) + 8 * largestJob + 64
        forEachBlockInParallel(count: corpus.jobs.count, threads: options.threads,
                               makeWorker: { JobWorker(model: model(), scratchBytes: scratchBytes, sentences: largestSentences) },
                               finish: { worker in
                                   loss.withLock { $0 += worker.loss }
                                   worker.deallocate()
                               }) { worker, jobs in
            let index = jobs.lowerBound, job = corpus.jobs[index]
            let first = job.sentences.lowerBound == 0 ? 0 : corpus.ends[job.sentences.lowerBound - 1]
            for (k, sentence) in job.sentences.enumerated() { worker.ends[k] = Int64(corpus.ends[sentence] - first) }
            let rate = alpha(epoch: epoch, sentencesBefore: job.sentences.lowerBound)
            var random = randomState(epoch: epoch, job: index)
            let result = strand_w2v_train_job(&worker.model, options.architecture == .skipGram ? 1 : 0, words.baseAddress! + first, worker.ends.baseAddress!,
                                              Int64(job.sentences.count), rate, &random, worker.scratch)
            worker.loss += result.loss
            let done = wordsDone.add(job.words, ordering: .relaxed).newValue
            let effectiveSoFar = effectiveDone.add(Int(result.effective_words), ordering: .relaxed).newValue
            if let progress {
                let seconds = (clock.now - start) / .seconds(1)
                progress(Word2VecProgress(epoch: epoch, epochs: options.epochs, words: done, totalWords: corpus.totalWords,
                                          effectiveWordsPerSecond: seconds > 0 ? Double(effectiveSoFar) / seconds : 0, alpha: rate))
            }
        }
        return (loss.withLock { $0 }, effectiveDone.load(ordering: .relaxed))
    }

    private func model() -> strand_w2v_model {
        strand_w2v_model(input: input.baseAddress, output: output.baseAddress, inner: inner.baseAddress, codes: codes.baseAddress,
                         points: points.baseAddress, code_starts: codeStarts.baseAddress, cumulative: cumulative.baseAddress, noise_index: noiseIndex.baseAddress, keep: keep.baseAddress,
                         sigmoid: sigmoid.baseAddress, log_sigmoid: logSigmoid.baseAddress, ngrams: ngramVectors.baseAddress,
                         subwords: subwords.baseAddress, subword_starts: subwordStarts.baseAddress, input_growth: inputGrowth.baseAddress, fasttext: ngrams == nil ? 0 : 1,
                         table_size: Int32(sigmoid.count), max_exp: ngrams == nil ? STRAND_W2V_MAX_EXP : STRAND_FASTTEXT_MAX_EXP,
                         vocabulary: Int32(vocabularySize),
                         dimension: Int32(options.vectorSize), negative: Int32(options.negative), hierarchical: options.hierarchicalSoftmax ? 1 : 0,
                         window: Int32(options.window),
                         downsample: options.sample > 0 ? 1 : 0, shrink_windows: options.shrinkWindows ? 1 : 0, cbow_mean: options.cbowMean ? 1 : 0)
    }
}

/// One training thread's own state: the C model view, its scratch buffers and its share of the loss.
private struct JobWorker {
    var model: strand_w2v_model
    let scratch: UnsafeMutableRawPointer
    /// The job's sentence ends, relative to its first word.
    let ends: UnsafeMutableBufferPointer<Int64>
    var loss = 0.0

    init(model: strand_w2v_model, scratchBytes: Int, sentences: Int) {
        self.model = model
        scratch = .allocate(byteCount: scratchBytes, alignment: 16)
        ends = .allocate(capacity: max(sentences, 1))
    }

    func deallocate() {
        scratch.deallocate()
        ends.deallocate()
    }
}

extension TrainingCorpus {
    /// The in-vocabulary words of the sentences in `range`.
    func wordCount(of range: Range<Int>) -> Int {
        (range.isEmpty ? 0 : ends[range.upperBound - 1]) - (range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1])
    }
}
