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

    /// Whether each question `(a, b, c, expected)` (rows) is answered right, in blocks of questions
    /// scored against the first `limit` rows by one product each, the blocks split over threads.
    private func answers(_ questions: [[Int]], keys: [[String]], limit: Int, key: (Substring) -> String) -> [Bool] {
        let norms = rowNorms(limit: limit)
        let candidates = vectors.slice(axis: 0, 0..<limit)
        let block = 128
        var correct = [Bool](repeating: false, count: questions.count)
        for start in stride(from: 0, to: questions.count, by: block) {
            let range = start..<min(questions.count, start + block)
            let means = Tensor(shape: [range.count, dimension], scalars: range.flatMap { analogyQuery(questions[$0], norms: norms) })
            let scores = matmul(means, candidates, transposeB: true)          // [questions, limit]
            scores.withUnsafeBufferPointer { scores in
                correct.withUnsafeMutableBufferPointer { correct in
                    Parallel.forEachChunk(count: range.count, costPerElement: limit) { chunk in
                        for offset in chunk {
                            let question = questions[range.lowerBound + offset], words = keys[range.lowerBound + offset]
                            let nearest = nearestRows(scores.baseAddress! + offset * limit, norms: norms, excluding: Array(question.prefix(3)), count: 5)
                            // gensim's rule: the first of the five that is not an input; else the last one.
                            let inputs = Set(words.prefix(3))
                            let predicted = nearest.map { key(Substring(self.words[$0])) }.first { !inputs.contains($0) }
                                ?? nearest.last.map { key(Substring(self.words[$0])) }
                            correct[range.lowerBound + offset] = predicted == words[3]
                        }
                    }
                }
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

    /// The `count` rows with the highest `score / norm`, best first, leaving out `excluded`.
    private func nearestRows(_ scores: UnsafePointer<Float>, norms: [Float], excluding excluded: [Int], count: Int) -> [Int] {
        // The best count + excluded.count, as gensim's argsort(topn + len(all_keys)), then the exclusion.
        let wanted = count + excluded.count
        var best: [(score: Float, row: Int)] = []
        best.reserveCapacity(wanted + 1)
        var bar = -Float.infinity    // the score a row must beat once `best` is full
        for row in 0..<norms.count {
            // A multiplication screens out nearly every row before the exact division decides
            // (the margin covers their different rounding).
            guard scores[row] >= bar * norms[row] * (bar > 0 ? 0.999 : 1.001) else { continue }
            let score = scores[row] / norms[row]
            guard best.count < wanted || score > best[best.count - 1].score else { continue }
            let position = best.firstIndex { score > $0.score } ?? best.count
            best.insert((score, row), at: position)
            if best.count > wanted { best.removeLast() }
            if best.count == wanted { bar = best[wanted - 1].score }
        }
        return Array(best.lazy.map(\.row).filter { !excluded.contains($0) }.prefix(count))
    }
}
