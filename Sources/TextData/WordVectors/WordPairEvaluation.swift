import Foundation
import Tensor

/// The result of ``WordVectors/evaluateWordPairs(_:delimiter:restrictVocab:caseInsensitive:)``:
/// how well the vectors' cosine similarities follow human similarity judgements.
public struct WordPairEvaluation: Sendable, Equatable {
    /// Pearson's and Spearman's correlation (ties ranked by their average) between the judgements
    /// and the cosine similarities of the pairs whose words are both known.
    public let pearson: Double
    public let spearman: Double
    /// Pairs scored, and the percentage of pairs skipped for an unknown word (gensim's `oov_ratio`).
    public let pairs: Int
    public let outOfVocabularyRatio: Double
}

extension WordVectors {
    /// Scores a file of judged word pairs (WordSim-353, SimLex-999: `word1<TAB>word2<TAB>score`
    /// per line, `#` comments) as gensim 4.4's `evaluate_word_pairs` does: only the first
    /// `restrictVocab` words count, case-insensitively by default; lines that are not three
    /// fields with a number are skipped; so are pairs with an unknown word, counted in
    /// ``WordPairEvaluation/outOfVocabularyRatio``. (gensim's p-values are not computed.)
    ///
    /// - Throws: ``TextDataError`` for an unreadable file, or one without any scorable pair.
    public func evaluateWordPairs(_ url: URL, delimiter: Character = "\t", restrictVocab: Int = 300_000,
                                  caseInsensitive: Bool = true) throws(TextDataError) -> WordPairEvaluation {
        let text = try readUTF8Text(url)
        let key = { (word: Substring) in caseInsensitive ? word.uppercased() : String(word) }
        var rows: [String: Int] = [:]
        strandPrecondition(restrictVocab >= 0, "evaluateWordPairs: restrictVocab must not be negative, got \(restrictVocab)")
        for row in (0..<min(restrictVocab, count)).reversed() { rows[key(Substring(words[row]))] = row }
        let unit = normalizedRows()
        var judged: [Double] = [], computed: [Double] = [], unknown = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: delimiter, omittingEmptySubsequences: false)
            guard fields.count == 3, let score = Double(fields[2].trimmingCharacters(in: .whitespaces)) else { continue }
            guard score.isFinite else {
                throw .invalidDataset(path: url.path, reason: "the pair \(quotedForMessage(fields[0])), \(quotedForMessage(fields[1])) has the score \(score), not a finite number")
            }
            guard let first = rows[key(fields[0])], let second = rows[key(fields[1])] else {
                unknown += 1
                continue
            }
            judged.append(score)
            computed.append(Double((unit[first] * unit[second]).sum().item))
        }
        guard !judged.isEmpty else {
            throw .invalidDataset(path: url.path, reason: "no judged word pair has both words among the first \(min(restrictVocab, count)) words")
        }
        return WordPairEvaluation(pearson: pearsonCorrelation(judged, computed), spearman: pearsonCorrelation(averageRanks(judged), averageRanks(computed)),
                                  pairs: judged.count, outOfVocabularyRatio: Double(unknown) / Double(judged.count + unknown) * 100)
    }
}

/// Pearson's correlation coefficient of two equally long samples.
func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double {
    let (meanX, meanY) = (x.reduce(0, +) / Double(x.count), y.reduce(0, +) / Double(y.count))
    var (covariance, varianceX, varianceY) = (0.0, 0.0, 0.0)
    for (a, b) in zip(x, y) {
        covariance += (a - meanX) * (b - meanY)
        varianceX += (a - meanX) * (a - meanX)
        varianceY += (b - meanY) * (b - meanY)
    }
    return covariance / (varianceX * varianceY).squareRoot()
}

/// Ranks from 1, tied values sharing the average of their ranks (as SciPy's `rankdata`).
func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
        for position in start...end { ranks[order[position]] = Double(start + end) / 2 + 1 }
        start = end + 1
    }
    return ranks
}
