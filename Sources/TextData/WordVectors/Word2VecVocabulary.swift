import Foundation
import Tensor

/// The vocabulary of a word2vec or FastText model, built from a corpus exactly as gensim 4.4 builds
/// it, with the per-word tables training needs.
///
/// - Words seen fewer than `minCount` times are dropped; `maxFinalVocab` raises the effective
///   minimum count until at most that many words remain (gensim's `max_final_vocab`, which may keep
///   fewer when counts tie).
/// - Order: most frequent first; among equal counts, the word first seen *later* comes first
///   (gensim's `sort_by_descending_frequency`).
/// - Downsampling (`sample`): a word of count `c` is kept with probability `(√(c/t) + 1)·t/c`
///   (at most 1), where `t = sample · (retained words)`, or for `sample ≥ 1` the count
///   `⌊sample·(3 + √5)/2⌋`; stored as that probability times 2³² − 1, as gensim's `sample_int`.
/// - Negative sampling draws word `i` with probability ∝ `count^exponent` through a cumulative
///   table scaled to 2³¹ − 1 (gensim's `cum_table`, rounded half to even as Python's `round`).
public struct Word2VecVocabulary: Sendable {
    /// The words, most frequent first.
    public let words: [String]
    /// Each word's count in the corpus.
    public let counts: [Int]
    /// The sum of `counts`: the corpus length without the dropped words.
    public let retainedCount: Int
    /// Each word's keep probability · (2³² − 1).
    let keepThresholds: [UInt32]
    /// The cumulative negative-sampling table.
    let cumulativeTable: [UInt32]
    private let index: [String: Int32]

    /// Counts `sentences` and applies gensim's rules (see the type's documentation).
    public init(sentences: [[String]], minCount: Int = 5, maxFinalVocab: Int? = nil, sample: Double = 1e-3, negativeExponent: Double = 0.75) {
        strandPrecondition(minCount >= 1, "Word2VecVocabulary: minCount must be at least 1, got \(minCount)")
        strandPrecondition(sample >= 0, "Word2VecVocabulary: sample must not be negative, got \(sample)")
        // Counts in first-seen order.
        var firstSeen: [String: Int] = [:]
        var seenWords: [String] = [], seenCounts: [Int] = []
        for sentence in sentences {
            for word in sentence {
                if let position = firstSeen[word] {
                    seenCounts[position] += 1
                } else {
                    firstSeen[word] = seenWords.count
                    seenWords.append(word)
                    seenCounts.append(1)
                }
            }
        }
        var effectiveMinCount = minCount
        if let maxFinalVocab, maxFinalVocab < seenCounts.count {
            effectiveMinCount = max(minCount, seenCounts.sorted(by: >)[maxFinalVocab] + 1)
        }
        let retained = seenCounts.indices.filter { seenCounts[$0] >= effectiveMinCount }
            .sorted { seenCounts[$0] != seenCounts[$1] ? seenCounts[$0] > seenCounts[$1] : $0 > $1 }
        words = retained.map { seenWords[$0] }
        counts = retained.map { seenCounts[$0] }
        retainedCount = counts.reduce(0, +)
        index = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, Int32($0)) })
        keepThresholds = Self.keepThresholds(counts: counts, retained: retainedCount, sample: sample)
        cumulativeTable = Self.cumulativeTable(counts: counts, exponent: negativeExponent)
    }

    public var count: Int { words.count }

    /// The index of `word`, or nil when it is not in the vocabulary.
    public func index(of word: String) -> Int? { index[word].map(Int.init) }

    /// Each word's probability of being kept by downsampling, as gensim stores it.
    public var keepProbabilities: [Double] { keepThresholds.map { Double($0) / Double(UInt32.max) } }

    /// The indices of a sentence's words that are in the vocabulary, in order.
    func indices(of sentence: some Sequence<String>) -> [Int32] { sentence.compactMap { index[$0] } }

    private static func keepThresholds(counts: [Int], retained: Int, sample: Double) -> [UInt32] {
        let threshold: Double = sample == 0 ? Double(retained) : sample < 1 ? sample * Double(retained) : Double(Int(sample * (3 + 5.0.squareRoot()) / 2))
        return counts.map { count in
            let probability = min(1, ((Double(count) / threshold).squareRoot() + 1) * (threshold / Double(count)))
            return UInt32(probability * Double(UInt32.max))
        }
    }

    private static func cumulativeTable(counts: [Int], exponent: Double) -> [UInt32] {
        let domain = Double(Int32.max)
        let total = counts.reduce(0.0) { $0 + pow(Double($1), exponent) }
        var cumulative = 0.0
        return counts.map { count in
            cumulative += pow(Double(count), exponent)
            return UInt32((cumulative / total * domain).rounded(.toNearestOrEven))
        }
    }
}
