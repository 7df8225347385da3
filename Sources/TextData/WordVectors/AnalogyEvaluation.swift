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

    /// Whether each question `(a, b, c, expected)` (rows) is answered right. Questions are taken in
    /// blocks and scored against the first `limit` rows block by block — one product per pair of
    /// blocks, small enough to stay in cache — each question keeping its best rows as it goes.
    private func answers(_ questions: [[Int]], keys: [[String]], limit: Int, key: (Substring) -> String) -> [Bool] {
        let norms = rowNorms(limit: limit)
        let (questionBlock, candidateBlock, wanted) = (512, 16_384, 8)     // 8: gensim's topn 5 + 3 inputs
        let candidates = stride(from: 0, to: limit, by: candidateBlock).map { vectors.slice(axis: 0, $0..<min(limit, $0 + candidateBlock)) }
        var correct = [Bool](repeating: false, count: questions.count)
        for start in stride(from: 0, to: questions.count, by: questionBlock) {
            let range = start..<min(questions.count, start + questionBlock)
            let means = Tensor(shape: [range.count, dimension], scalars: range.flatMap { analogyQuery(questions[$0], norms: norms) })
            var best = NearestRows(questions: range.count, wanted: wanted)
            for (block, rows) in candidates.enumerated() {
                let scores = matmul(means, rows, transposeB: true)          // [questions, rows in block]
                best.update(with: scores, firstRow: block * candidateBlock, norms: norms)
            }
            for offset in 0..<range.count {
                let question = questions[range.lowerBound + offset], words = keys[range.lowerBound + offset]
                let nearest = best.rows(of: offset).filter { !question.prefix(3).contains($0) }.prefix(5)
                // gensim's rule: the first of the five that is not an input; else the last one.
                let inputs = Set(words.prefix(3))
                let predicted = nearest.map { key(Substring(self.words[$0])) }.first { !inputs.contains($0) }
                    ?? nearest.last.map { key(Substring(self.words[$0])) }
                correct[range.lowerBound + offset] = predicted == words[3]
            }
        }
        return correct
    }

    /// gensim's query vector for `b + c − a`: the signed sum of the three unit vectors in float32,
    /// divided by 3 and normalised in double, as `get_mean_vector` computes it.
    private func analogyQuery(_ question: [Int], norms: [Float]) -> [Float] {
        var mean = [Float](repeating: 0, count: dimension)
        vectors.withUnsafeBufferPointer { values in
            for (row, sign) in [(question[1], Float(1)), (question[2], 1), (question[0], -1)] {
                for k in 0..<dimension { mean[k] += sign * (values[row * dimension + k] / norms[row]) }
            }
        }
        let scaled = mean.map { Double($0) / 3 }
        let length = scaled.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return scaled.map { Float(length > 0 ? $0 * (1 / length) : $0) }
    }

    /// The Euclidean length of each of the first `limit` rows.
    private func rowNorms(limit: Int) -> [Float] {
        vectors.withUnsafeBufferPointer { values in
            (0..<limit).map { row in
                Float((0..<dimension).reduce(0.0) { $0 + Double(values[row * dimension + $1]) * Double(values[row * dimension + $1]) }.squareRoot())
            }
        }
    }
}

/// Each question's `wanted` best rows by `score / norm` so far, best first, kept in flat buffers
/// that the threads scanning a block of scores update for their own questions.
private struct NearestRows {
    private var scores: [Float]
    private var rowIndices: [Int]
    private var filled: [Int]
    private let wanted: Int

    init(questions: Int, wanted: Int) {
        scores = [Float](repeating: -.infinity, count: questions * wanted)
        rowIndices = [Int](repeating: -1, count: questions * wanted)
        filled = [Int](repeating: 0, count: questions)
        self.wanted = wanted
    }

    /// The best rows of question `question`, best first.
    func rows(of question: Int) -> [Int] { Array(rowIndices[(question * wanted)..<(question * wanted + filled[question])]) }

    /// Merges one block of scores (`[questions, rows]`, rows from `firstRow`) into each question's best.
    mutating func update(with block: Tensor, firstRow: Int, norms: [Float]) {
        let (questions, width, wanted) = (block.shape[0], block.shape[1], wanted)
        block.withUnsafeBufferPointer { block in
            scores.withUnsafeMutableBufferPointer { scores in
                rowIndices.withUnsafeMutableBufferPointer { rowIndices in
                    filled.withUnsafeMutableBufferPointer { filled in
                        let (block, scores, rowIndices, filled) = (block.baseAddress!, scores.baseAddress!, rowIndices.baseAddress!, filled.baseAddress!)
                        Parallel.forEachChunk(count: questions, costPerElement: width) { chunk in
                            for question in chunk {
                                let (best, indices, row0) = (scores + question * wanted, rowIndices + question * wanted, block + question * width)
                                var count = filled[question]
                                // The score a row must beat once the list is full.
                                var bar = count == wanted ? best[wanted - 1] : -Float.infinity
                                for column in 0..<width {
                                    let row = firstRow + column
                                    // A multiplication screens out nearly every row before the exact
                                    // division decides (the margin covers their different rounding).
                                    guard row0[column] >= bar * norms[row] * (bar > 0 ? 0.999 : 1.001) else { continue }
                                    let score = row0[column] / norms[row]
                                    guard count < wanted || score > best[wanted - 1] else { continue }
                                    var position = min(count, wanted - 1)
                                    while position > 0 && score > best[position - 1] {
                                        (best[position], indices[position]) = (best[position - 1], indices[position - 1])
                                        position -= 1
                                    }
                                    (best[position], indices[position]) = (score, row)
                                    count = min(count + 1, wanted)
                                    if count == wanted { bar = best[wanted - 1] }
                                }
                                filled[question] = count
                            }
                        }
                    }
                }
            }
        }
    }
}
