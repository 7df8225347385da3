import CVectorMath
import Foundation
import Tensor

/// The result of ``WordVectors/evaluateWordAnalogies(_:restrictVocab:caseInsensitive:)``: per
/// section of the questions file, how many analogies were answered right and wrong.
public struct AnalogyEvaluation: Sendable {
    public struct Section: Sendable, Equatable {
        public let name: String
        public let correct: Int
        public let incorrect: Int
        /// `correct / (correct + incorrect)`, 0 for a section without answered questions.
        public var accuracy: Double { correct + incorrect == 0 ? 0 : Double(correct) / Double(correct + incorrect) }
    }

    /// The sections in file order (gensim's list without its final "Total accuracy" entry).
    public let sections: [Section]
    /// Questions skipped because one of their four words is outside the evaluated vocabulary.
    public let skippedQuestions: Int

    /// Every section together (gensim's "Total accuracy").
    public var total: Section { combined("Total accuracy", sections) }
    /// The semantic sections (`capital-common-countries` … `family`) and the syntactic ones (`gram…`).
    public var semantic: Section { combined("semantic", sections.filter { !$0.name.hasPrefix("gram") }) }
    public var syntactic: Section { combined("syntactic", sections.filter { $0.name.hasPrefix("gram") }) }

    private func combined(_ name: String, _ parts: [Section]) -> Section {
        Section(name: name, correct: parts.reduce(0) { $0 + $1.correct }, incorrect: parts.reduce(0) { $0 + $1.incorrect })
    }
}

extension WordVectors {
    /// Answers the analogies of a questions file (`questions-words.txt`: `: section` lines, then
    /// `a b c expected` per line) as gensim 4.4's `evaluate_word_analogies` does: only the first
    /// `restrictVocab` words take part; a question with a word outside them is skipped; the answer
    /// is the best of the five words closest to `b + c − a` (3CosAdd on unit vectors, the three
    /// inputs excluded) that is not one of the inputs, compared case-insensitively by default.
    ///
    /// All questions are scored by a few large matrix products instead of one query each.
    ///
    /// - Throws: ``TextDataError`` for an unreadable file or a question before the first section.
    public func evaluateWordAnalogies(_ url: URL, restrictVocab: Int = 300_000, caseInsensitive: Bool = true) throws(TextDataError) -> AnalogyEvaluation {
        let text = String(decoding: try readFile(url), as: UTF8.self)
        return try evaluateWordAnalogies(questions: text, path: url.path, restrictVocab: restrictVocab, caseInsensitive: caseInsensitive)
    }

    /// The same on the text of a questions file.
    public func evaluateWordAnalogies(questions text: String, path: String = "<questions>", restrictVocab: Int = 300_000,
                                      caseInsensitive: Bool = true) throws(TextDataError) -> AnalogyEvaluation {
        let limit = min(restrictVocab, count)
        let key = { (word: Substring) in caseInsensitive ? word.uppercased() : String(word) }
        // The most frequent (lowest) row wins when several words share a key.
        var rows: [String: Int] = [:]
        for row in (0..<limit).reversed() { rows[key(Substring(words[row]))] = row }

        var sectionNames: [String] = [], questions: [(section: Int, rows: [Int], keys: [String])] = [], skipped = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix(": ") {
                sectionNames.append(line.dropFirst(2).trimmingCharacters(in: .whitespaces))
                continue
            }
            let parts = line.split(whereSeparator: \.isWhitespace)
            guard parts.count == 4 else { continue }     // gensim skips lines that are not four words
            guard !sectionNames.isEmpty else {
                throw .malformedFile(path: path, line: number + 1, format: "analogy questions", reason: "a question before the first ': section' line")
            }
            let keys = parts.map(key)
            let questionRows = keys.compactMap { rows[$0] }
            guard questionRows.count == 4 else {
                skipped += 1
                continue
            }
            questions.append((sectionNames.count - 1, questionRows, keys))
        }
        let correct = answers(questions.map(\.rows), keys: questions.map(\.keys), limit: limit, key: key)
        let sections = sectionNames.indices.map { section in
            let answered = questions.indices.filter { questions[$0].section == section }
            let right = answered.filter { correct[$0] }.count
            return AnalogyEvaluation.Section(name: sectionNames[section], correct: right, incorrect: answered.count - right)
        }
        return AnalogyEvaluation(sections: sections, skippedQuestions: skipped)
    }

    /// Whether each question `(a, b, c, expected)` (rows) is answered right. Each thread takes
    /// blocks of questions and scores them against the first `limit` unit rows a block at a time —
    /// one single-threaded product into a buffer that stays in its core's cache, then a scan that
    /// keeps each question's best rows.
    private func answers(_ questions: [[Int]], keys: [[String]], limit: Int, key: (Substring) -> String) -> [Bool] {
        let unit = normalizedRows()
        let (questionBlock, candidateBlock, wanted) = (512, 512, 8)     // 8: gensim's topn 5 + 3 inputs
        let means = questions.flatMap { analogyQuery($0, unit: unit) }
        var best = NearestRows(questions: questions.count, wanted: wanted)
        unit.withUnsafeBufferPointer { unit in
            means.withUnsafeBufferPointer { means in
                best.withBuffers { best in
                    forEachBlockInParallel(count: questions.count, block: questionBlock,
                                           makeWorker: { UnsafeMutablePointer<Float>.allocate(capacity: questionBlock * candidateBlock) },
                                           finish: { $0.deallocate() }) { scores, range in
                        for first in stride(from: 0, to: limit, by: candidateBlock) {
                            let width = min(candidateBlock, limit - first)
                            sgemm(means.baseAddress! + range.lowerBound * dimension, false, unit.baseAddress! + first * dimension, true, scores,
                                  m: range.count, n: width, k: dimension, beta: 0, singleThreaded: true)
                            best.update(scores: scores, width: width, questions: range, firstRow: first)
                        }
                    }
                }
            }
        }
        return questions.indices.map { index in
            let question = questions[index], words = keys[index]
            let nearest = best.rows(of: index).filter { !question.prefix(3).contains($0) }.prefix(5)
            // gensim's rule: the first of the five that is not an input; else the last one.
            let inputs = Set(words.prefix(3))
            let predicted = nearest.map { key(Substring(self.words[$0])) }.first { !inputs.contains($0) }
                ?? nearest.last.map { key(Substring(self.words[$0])) }
            return predicted == words[3]
        }
    }

    /// gensim's query vector for `b + c − a`: the signed sum of the three unit vectors in float32,
    /// divided by 3 and normalised in double, as `get_mean_vector` computes it.
    private func analogyQuery(_ question: [Int], unit: Tensor) -> [Float] {
        var mean = [Float](repeating: 0, count: dimension)
        unit.withUnsafeBufferPointer { values in
            for (row, sign) in [(question[1], Float(1)), (question[2], 1), (question[0], -1)] {
                for k in 0..<dimension { mean[k] += sign * values[row * dimension + k] }
            }
        }
        let scaled = mean.map { Double($0) / 3 }
        let length = scaled.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return scaled.map { Float(length > 0 ? $0 * (1 / length) : $0) }
    }
}

/// Each question's `wanted` best rows by score so far, best first, in flat buffers that the
/// threads update for their own questions (the scan is C: it is the hot loop, and needs vector
/// comparisons that Swift's generic SIMD types do not compile to).
private struct NearestRows {
    private var scores: [Float]
    private var rowIndices: [Int64]
    private var filled: [Int32]
    private let wanted: Int

    init(questions: Int, wanted: Int) {
        scores = [Float](repeating: -.infinity, count: questions * wanted)
        rowIndices = [Int64](repeating: -1, count: questions * wanted)
        filled = [Int32](repeating: 0, count: questions)
        self.wanted = wanted
    }

    /// The best rows of question `question`, best first.
    func rows(of question: Int) -> [Int] { rowIndices[(question * wanted)..<(question * wanted + Int(filled[question]))].map(Int.init) }

    /// The buffers' addresses, for threads that each update their own questions.
    struct Buffers: @unchecked Sendable {
        let scores: UnsafeMutablePointer<Float>
        let rows: UnsafeMutablePointer<Int64>
        let filled: UnsafeMutablePointer<Int32>
        let wanted: Int

        /// Merges a block of scores (`[questions.count, width]`, rows from `firstRow`) into the best
        /// rows of `questions`.
        func update(scores block: UnsafePointer<Float>, width: Int, questions: Range<Int>, firstRow: Int) {
            let first = questions.lowerBound
            strand_nearest_rows_update(block, Int64(width), Int64(questions.count), Int64(firstRow), Int32(wanted),
                                       scores + first * wanted, rows + first * wanted, filled + first)
        }
    }

    mutating func withBuffers(_ body: (Buffers) -> Void) {
        let wanted = wanted
        scores.withUnsafeMutableBufferPointer { scores in
            rowIndices.withUnsafeMutableBufferPointer { rows in
                filled.withUnsafeMutableBufferPointer { filled in
                    body(Buffers(scores: scores.baseAddress!, rows: rows.baseAddress!, filled: filled.baseAddress!, wanted: wanted))
                }
            }
        }
    }
}
