import Foundation
import StrandTestSupport
import Tensor
import Testing
@testable import TextData

struct Word2VecVocabularyFixture: Decodable {
    struct Vocabulary: Decodable {
        struct Settings: Decodable { let min_count: Int; let sample: Double; let max_final_vocab: Int?; let ns_exponent: Double? }
        let settings: Settings
        let words: [String]
        let counts: [Int]
        let sample_int: [UInt32]
        let cum_table: [UInt32]
        let codes: [[UInt8]]?
        let points: [[UInt32]]?
    }
    let sentences: [[String]]
    let vocabularies: [Vocabulary]
}

@Suite struct Word2VecTests {
    static let fixture = Result { try loadFixture(Word2VecVocabularyFixture.self, named: "word2vec_vocabulary", in: .module) }

    @Test(arguments: 0..<3) func vocabularyTablesAreGensims(index: Int) throws {
        let fixture = try Self.fixture.get()
        let expected = try #require(fixture.vocabularies.indices.contains(index) ? fixture.vocabularies[index] : nil)
        let settings = expected.settings
        let vocabulary = Word2VecVocabulary(sentences: fixture.sentences, minCount: settings.min_count, maxFinalVocab: settings.max_final_vocab,
                                            sample: settings.sample, negativeExponent: settings.ns_exponent ?? 0.75)
        // Order (ties: the word seen later first), counts, downsampling thresholds, noise table.
        #expect(vocabulary.words == expected.words)
        #expect(vocabulary.counts == expected.counts)
        #expect(vocabulary.keepThresholds == expected.sample_int)
        #expect(vocabulary.cumulativeTable == expected.cum_table)
    }

    @Test func huffmanCodesAndPointsAreGensims() throws {
        let expected = try Self.fixture.get().vocabularies[0]
        let tree = HuffmanCodes(counts: expected.counts)
        #expect(tree.codes == expected.codes)
        #expect(tree.points == expected.points)
    }

    static let topics = [("king", "queen", ["crown", "throne", "palace", "royal"]), ("river", "lake", ["water", "boat", "fish", "shore"]),
                         ("violin", "cello", ["strings", "bow", "concert", "orchestra"]), ("rain", "snow", ["weather", "cold", "cloud", "storm"])]

    /// Sentences on four topics: each names one of its topic's two key words amid three of the
    /// topic's context words and four shared filler words, so the two key words of a topic share
    /// their contexts (and should end up close) while never appearing together.
    static func topicCorpus(sentences: Int = 3_000, seed: UInt64 = 5) -> [[String]] {
        var generator = RandomGenerator(seed: seed)
        let filler = (0..<40).map { "w\($0)" }
        return (0..<sentences).map { _ in
            let (first, second, context) = topics[generator.nextInt(below: topics.count)]
            var sentence = (0..<4).map { _ in filler[generator.nextInt(below: filler.count)] } + (0..<3).map { _ in context[generator.nextInt(below: context.count)] }
            sentence.insert(generator.nextInt(below: 2) == 0 ? first : second, at: generator.nextInt(below: sentence.count + 1))
            return generator.permutation(sentence.count).map { sentence[$0] }
        }
    }

    /// Each topic's two key words closer to each other than to any other topic's key words, by 0.1.
    static func expectTopicPartnersClosest(_ vectors: WordVectors, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (first, second, _) in topics {
            let partner = try vectors.similarity(first, second)
            let others = topics.filter { $0.0 != first }.flatMap { [$0.0, $0.1] }
            let closestOther = try others.map { other throws(TextDataError) in try vectors.similarity(first, other) }.max()!
            #expect(partner > closestOther + 0.1, "\(label): \(first)–\(second) \(partner), closest other topic \(closestOther)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [Word2VecOptions.Architecture.skipGram, .cbow])
    func wordsSharingContextsBecomeNeighboursAndTheLossFalls(architecture: Word2VecOptions.Architecture) throws {
        var options = Word2VecOptions(architecture: architecture, vectorSize: 24, window: 3, minCount: 1, negative: 5, epochs: 5, seed: 3)
        options.sample = 0
        options.threads = 2
        let model = Word2Vec(sentences: Self.topicCorpus(), options: options)
        #expect(model.epochLosses.count == 5)
        #expect(model.epochLosses.last! < 0.95 * model.epochLosses.first!, "losses \(model.epochLosses)")
        try Self.expectTopicPartnersClosest(model.wordVectors, "\(architecture)")
    }

    @Test(arguments: [Word2VecOptions.Architecture.skipGram, .cbow])
    func hierarchicalSoftmaxAloneLearnsTheTopics(architecture: Word2VecOptions.Architecture) throws {
        var options = Word2VecOptions(architecture: architecture, vectorSize: 24, window: 3, minCount: 1, negative: 0, epochs: 5, seed: 3)
        options.hierarchicalSoftmax = true
        options.sample = 0
        let model = Word2Vec(sentences: Self.topicCorpus(), options: options)
        #expect(model.innerNodeWeights?.shape == [model.vocabulary.count - 1, 24])
        #expect(model.outputWeights.scalars.allSatisfy { $0 == 0 })
        // The filler words are unpredictable, so the path loss falls less than negative sampling's.
        #expect(model.epochLosses.last! < model.epochLosses.first!, "losses \(model.epochLosses)")
        try Self.expectTopicPartnersClosest(model.wordVectors, "\(architecture)")
    }

    @Test func oneThreadIsReproducibleAndTheSeedMatters() {
        var options = Word2VecOptions(architecture: .skipGram, vectorSize: 8, window: 2, minCount: 1, negative: 3, epochs: 2, seed: 7)
        options.threads = 1
        let corpus = Self.topicCorpus(sentences: 300)
        let first = Word2Vec(sentences: corpus, options: options), second = Word2Vec(sentences: corpus, options: options)
        #expect(first.vectors == second.vectors && first.outputWeights == second.outputWeights)
        options.seed = 8
        #expect(Word2Vec(sentences: corpus, options: options).vectors != first.vectors)
    }

    @Test func downsamplingKeepsGensimsShareOfFrequentWords() {
        // With `sample` every frequent word is dropped at its rate: the effective words of an epoch
        // match the expected kept count within a few standard deviations.
        var options = Word2VecOptions(architecture: .cbow, vectorSize: 4, window: 2, minCount: 1, negative: 2, epochs: 1, seed: 2)
        options.sample = 1e-3
        let corpus = Self.topicCorpus(sentences: 2_000)
        let model = Word2Vec(sentences: corpus, options: options)
        let expected = zip(model.vocabulary.counts, model.vocabulary.keepProbabilities).reduce(0.0) { $0 + Double($1.0) * $1.1 }
        let variance = zip(model.vocabulary.counts, model.vocabulary.keepProbabilities).reduce(0.0) { $0 + Double($1.0) * $1.1 * (1 - $1.1) }
        #expect(abs(Double(model.effectiveWords[0]) - expected) < 5 * variance.squareRoot() + 1, "kept \(model.effectiveWords[0]), expected \(expected)")
        #expect(model.effectiveWords[0] < model.vocabulary.retainedCount)
    }

    @Test func aSentenceLongerThanAJobIsSplitNotCut() {
        let long = (0..<25_000).map { "w\($0 % 50)" }
        let corpus = TrainingCorpus(sentences: [long, ["w1", "w2"]], vocabulary: Word2VecVocabulary(sentences: [long], minCount: 1), wordsPerJob: 10_000)
        #expect(corpus.words.count == 25_002 && corpus.totalWords == 25_002)
        #expect(corpus.jobs.map(\.words) == [10_000, 10_000, 5_002])
    }
}

struct AnalogyCounts: Decodable {
    struct Section: Decodable { let section: String; let correct: Int; let incorrect: Int }
    let sections: [Section]
}

@Suite struct AnalogyEvaluationTests {
    @Test func countsAreGensimsOnAGloVeSample() throws {
        // The 800 most frequent GloVe 6B 50d words and the questions among them, with gensim's counts.
        let expected = try loadFixture(AnalogyCounts.self, named: "analogy_sample", in: .module)
        let vectors = try WordVectors.readText(fixtureURL("analogy_sample_vectors", "txt", in: .module))
        let result = try vectors.evaluateWordAnalogies(fixtureURL("analogy_sample_questions", "txt", in: .module))
        // gensim's list ends with the "Total accuracy" entry.
        let (sections, total) = (expected.sections.dropLast(), try #require(expected.sections.last))
        #expect(result.sections.map(\.name) == sections.map(\.section))
        #expect(result.sections.map(\.correct) == sections.map(\.correct))
        #expect(result.sections.map(\.incorrect) == sections.map(\.incorrect))
        #expect(result.total == AnalogyEvaluation.Section(name: total.section, correct: total.correct, incorrect: total.incorrect))
        #expect(total.correct + total.incorrect > 50)
    }

    @Test func inputsAreExcludedCaseIsIgnoredAndUnknownWordsSkipped() throws {
        // b + c − a lands exactly on `expected`; `A` (an input, in another case) lies even closer and is passed over.
        let vectors = WordVectors(words: ["man", "woman", "king", "queen", "MAN", "apple"],
                                  vectors: Tensor([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1], [1, 0.02, 0.02], [-1, 0, 0]]))
        let questions = """
            : family
            man woman king queen
            MAN Woman KING Queen
            man woman king unicorn
            """
        let result = try vectors.evaluateWordAnalogies(questions: questions)
        #expect(result.sections == [AnalogyEvaluation.Section(name: "family", correct: 2, incorrect: 0)])
        #expect(result.skippedQuestions == 1)
        #expect(throws: TextDataError.self) { try vectors.evaluateWordAnalogies(questions: "man woman king queen\n: family\n") }
    }

    @Test func equalScoresGoToTheLowerRowWhicheverThreadScansIt() throws {
        // Rows 300–309 and 700–709 all lie exactly on b + c − a: more ties than a best-row list
        // holds, in different blocks of rows (scanned by different threads, in any order).
        // gensim's stable ranking answers with the lowest.
        var rows = (0..<800).map { row in [Float(-1), Float(row % 7) / 10, Float(row % 11) / 10] }
        rows[0] = [1, 0, 0]; rows[1] = [1, 1, 0]; rows[2] = [1, 0, 1]
        for tied in [300, 700] { for row in tied..<(tied + 10) { rows[row] = [1, 1, 1] } }
        let words = ["man", "woman", "king"] + (3..<800).map { "w\($0)" }
        let vectors = WordVectors(words: words, vectors: Tensor(rows))
        let result = try vectors.evaluateWordAnalogies(questions: ": family\nman woman king w300\nman woman king w301\n")
        #expect(result.sections == [AnalogyEvaluation.Section(name: "family", correct: 1, incorrect: 1)])
    }
}

struct WordPairsExpectation: Decodable { let pearson: Double; let spearman: Double; let oov_ratio: Double }

@Suite struct WordPairEvaluationTests {
    @Test func correlationsAreGensimsOnAGloVeSample() throws {
        let expected = try loadFixture(WordPairsExpectation.self, named: "word_pairs", in: .module)
        let vectors = try WordVectors.readText(fixtureURL("analogy_sample_vectors", "txt", in: .module))
        let result = try vectors.evaluateWordPairs(fixtureURL("word_pairs_sample", "tsv", in: .module))
        #expect(abs(result.pearson - expected.pearson) < 1e-5)
        #expect(abs(result.spearman - expected.spearman) < 1e-5)
        #expect(abs(result.outOfVocabularyRatio - expected.oov_ratio) < 1e-9)
    }

    @Test func spearmanRanksTiesByTheirAverage() {
        // SciPy: rankdata([3, 1, 3, 2]) = [3.5, 1, 3.5, 2]; NumPy: corrcoef([1, 2, 3], [2, 4, 7]) = 0.9933992677987828.
        #expect(averageRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(abs(pearsonCorrelation([1, 2, 3], [2, 4, 7]) - 0.9933992677987828) < 1e-12)
    }
}

@Suite struct Word2VecProgressTests {
    @Test func progressReachesEveryWordOfEveryEpoch() {
        final class Reports: @unchecked Sendable {
            let lock = NSLock()
            var all: [Word2VecProgress] = []
            func add(_ report: Word2VecProgress) { lock.lock(); all.append(report); lock.unlock() }
        }
        let reports = Reports()
        var options = Word2VecOptions(architecture: .cbow, vectorSize: 4, window: 2, minCount: 1, negative: 2, epochs: 2, seed: 1)
        options.wordsPerJob = 500
        let corpus = Word2VecTests.topicCorpus(sentences: 400)
        _ = Word2Vec(sentences: corpus, options: options) { reports.add($0) }
        let total = corpus.reduce(0) { $0 + $1.count }
        for epoch in 0..<2 {
            let epochReports = reports.all.filter { $0.epoch == epoch }
            #expect(epochReports.map(\.words).max() == total && epochReports.allSatisfy { $0.totalWords == total && $0.epochs == 2 })
        }
        // The learning rate falls from job to job.
        #expect(reports.all.first!.alpha > reports.all.last!.alpha)
    }
}
