import CVectorMath
import Synchronization
import Tensor

/// The state of one word2vec training run: the weights, tables and corpus in buffers that the
/// training threads share without locks (Hogwild), and the epoch loop over jobs.
///
/// The buffers are allocated once, when training starts, and freed with the trainer; the weights
/// are copied out as tensors at the end.
final class Word2VecTrainer: @unchecked Sendable {
    private let options: Word2VecOptions
    private let corpus: TrainingCorpus
    private let vocabularySize: Int
    private let input: UnsafeMutableBufferPointer<Float>
    private let output: UnsafeMutableBufferPointer<Float>
    /// Hierarchical softmax: inner-node weights and every word's code and points, back to back.
    private let inner: UnsafeMutableBufferPointer<Float>
    private let codes: UnsafeMutableBufferPointer<UInt8>
    private let points: UnsafeMutableBufferPointer<UInt32>
    private let codeStarts: UnsafeMutableBufferPointer<Int64>
    private let keep: UnsafeMutableBufferPointer<UInt32>
    private let cumulative: UnsafeMutableBufferPointer<UInt32>
    private let sigmoid: UnsafeMutableBufferPointer<Float>
    private let logSigmoid: UnsafeMutableBufferPointer<Float>
    private let words: UnsafeMutableBufferPointer<Int32>

    init(vocabulary: Word2VecVocabulary, corpus: TrainingCorpus, options: Word2VecOptions, initialVectors: Tensor) {
        self.options = options
        self.corpus = corpus
        vocabularySize = vocabulary.count
        input = .allocate(capacity: initialVectors.count)
        _ = input.initialize(from: initialVectors.scalars)
        output = .allocate(capacity: initialVectors.count)
        output.initialize(repeating: 0)
        let tree = options.hierarchicalSoftmax ? HuffmanCodes(counts: vocabulary.counts) : HuffmanCodes(counts: [])
        inner = .allocate(capacity: options.hierarchicalSoftmax ? max(vocabulary.count - 1, 1) * options.vectorSize : 0)
        inner.initialize(repeating: 0)
        codes = .allocate(capacity: tree.codes.reduce(0) { $0 + $1.count })
        _ = codes.initialize(from: tree.codes.joined())
        points = .allocate(capacity: tree.points.reduce(0) { $0 + $1.count })
        _ = points.initialize(from: tree.points.joined())
        codeStarts = .allocate(capacity: tree.codes.count + 1)
        _ = codeStarts.initialize(from: [0] + tree.codes.reduce(into: [Int64]()) { $0.append(($0.last ?? 0) + Int64($1.count)) })
        keep = .allocate(capacity: vocabulary.count)
        _ = keep.initialize(from: vocabulary.keepThresholds)
        cumulative = .allocate(capacity: vocabulary.count)
        _ = cumulative.initialize(from: vocabulary.cumulativeTable)
        sigmoid = .allocate(capacity: Int(STRAND_W2V_TABLE_SIZE))
        logSigmoid = .allocate(capacity: Int(STRAND_W2V_TABLE_SIZE))
        strand_w2v_tables(sigmoid.baseAddress!, logSigmoid.baseAddress!)
        words = .allocate(capacity: max(corpus.words.count, 1))
        _ = words.initialize(from: corpus.words)
    }

    deinit {
        for buffer in [input, output, inner, sigmoid, logSigmoid] { buffer.deallocate() }
        codes.deallocate()
        points.deallocate()
        codeStarts.deallocate()
        keep.deallocate()
        cumulative.deallocate()
        words.deallocate()
    }

    var vectors: Tensor { Tensor(shape: [vocabularySize, options.vectorSize], scalars: Array(input)) }
    var outputWeights: Tensor { Tensor(shape: [vocabularySize, options.vectorSize], scalars: Array(output)) }
    var innerNodeWeights: Tensor? {
        options.hierarchicalSoftmax ? Tensor(shape: [inner.count / options.vectorSize, options.vectorSize], scalars: Array(inner)) : nil
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
    func trainEpoch(_ epoch: Int, progress: (@Sendable (Word2VecProgress) -> Void)?) -> (loss: Double, effectiveWords: Int) {
        let nextJob = Atomic<Int>(0), wordsDone = Atomic<Int>(0), effectiveDone = Atomic<Int>(0)
        let totals = Mutex<(loss: Double, effectiveWords: Int)>((0, 0))
        let clock = ContinuousClock(), start = clock.now
        let largestJob = corpus.jobs.map { corpus.wordCount(of: $0.sentences) }.max() ?? 0
        let largestSentences = corpus.jobs.map(\.sentences.count).max() ?? 0
        Parallel.perform(iterations: min(options.threads, max(corpus.jobs.count, 1))) { _ in
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: 8 * largestSentences + 8 * options.vectorSize + 8 * largestJob + 64, alignment: 16)
            let ends = UnsafeMutableBufferPointer<Int64>.allocate(capacity: max(largestSentences, 1))
            defer { scratch.deallocate(); ends.deallocate() }
            var model = self.model()
            var loss = 0.0, effective = 0
            while case let index = nextJob.add(1, ordering: .relaxed).oldValue, index < corpus.jobs.count {
                let job = corpus.jobs[index]
                let first = job.sentences.lowerBound == 0 ? 0 : corpus.ends[job.sentences.lowerBound - 1]
                for (k, sentence) in job.sentences.enumerated() { ends[k] = Int64(corpus.ends[sentence] - first) }
                let rate = alpha(epoch: epoch, sentencesBefore: job.sentences.lowerBound)
                var random = randomState(epoch: epoch, job: index)
                let result = strand_w2v_train_job(&model, options.architecture == .skipGram ? 1 : 0, words.baseAddress! + first, ends.baseAddress!,
                                                  Int64(job.sentences.count), rate, &random, scratch)
                loss += result.loss
                effective += Int(result.effective_words)
                let done = wordsDone.add(job.words, ordering: .relaxed).newValue
                let effectiveSoFar = effectiveDone.add(Int(result.effective_words), ordering: .relaxed).newValue
                if let progress {
                    let seconds = (clock.now - start) / .seconds(1)
                    progress(Word2VecProgress(epoch: epoch, epochs: options.epochs, words: done, totalWords: corpus.totalWords,
                                              effectiveWordsPerSecond: seconds > 0 ? Double(effectiveSoFar) / seconds : 0, alpha: rate))
                }
            }
            totals.withLock { $0 = ($0.loss + loss, $0.effectiveWords + effective) }
        }
        return totals.withLock { $0 }
    }

    private func model() -> strand_w2v_model {
        strand_w2v_model(input: input.baseAddress, output: output.baseAddress, inner: inner.baseAddress, codes: codes.baseAddress,
                         points: points.baseAddress, code_starts: codeStarts.baseAddress, cumulative: cumulative.baseAddress, keep: keep.baseAddress,
                         sigmoid: sigmoid.baseAddress, log_sigmoid: logSigmoid.baseAddress, vocabulary: Int32(vocabularySize),
                         dimension: Int32(options.vectorSize), negative: Int32(options.negative), hierarchical: options.hierarchicalSoftmax ? 1 : 0,
                         window: Int32(options.window),
                         downsample: options.sample > 0 ? 1 : 0, shrink_windows: options.shrinkWindows ? 1 : 0, cbow_mean: options.cbowMean ? 1 : 0)
    }
}

extension TrainingCorpus {
    /// The in-vocabulary words of the sentences in `range`.
    func wordCount(of range: Range<Int>) -> Int {
        (range.isEmpty ? 0 : ends[range.upperBound - 1]) - (range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1])
    }
}
