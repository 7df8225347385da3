import CVectorMath
import Foundation
import Synchronization
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
    /// The questions share their few hundred distinct words, so each row's products with those
    /// words are computed once and every question's score of the row is three of them added up —
    /// the ranking gensim's normalised query gives, at a fraction of the arithmetic.
    ///
    /// - Throws: ``TextDataError`` for an unreadable file or a question before the first section.
    public func evaluateWordAnalogies(_ url: URL, restrictVocab: Int = 300_000, caseInsensitive: Bool = true) throws(TextDataError) -> AnalogyEvaluation {
        let text = try readUTF8Text(url)
        return try evaluateWordAnalogies(questions: text, path: url.path, restrictVocab: restrictVocab, caseInsensitive: caseInsensitive)
    }

    /// The same on the text of a questions file.
    public func evaluateWordAnalogies(questions text: String, path: String = "<questions>", restrictVocab: Int = 300_000,
                                      caseInsensitive: Bool = true) throws(TextDataError) -> AnalogyEvaluation {
        strandPrecondition(restrictVocab >= 0, "evaluateWordAnalogies: restrictVocab must not be negative, got \(restrictVocab)")
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

    /// Whether each question `(a, b, c, expected)` (rows) is answered right.
    ///
    /// gensim ranks the rows by their dot product with `b + c − a` (normalised, which does not
    /// change the order), that is by `U·b + U·c − U·a`. The questions use only a few hundred
    /// distinct words, so their products with every row are computed once, a block of rows at a
    /// time, and each question adds three of them up: 3 additions per row and question instead of
    /// `dimension` multiply-adds. Each thread takes blocks of rows and keeps its own best-row lists,
    /// merged at the end.
    private func answers(_ questions: [[Int]], keys: [[String]], limit: Int, key: (Substring) -> String) -> [Bool] {
        let unit = normalizedRows()
        let (rowBlock, wanted) = (256, 8)     // 8: gensim's topn 5 + 3 inputs
        let inputWords = Array(Set(questions.flatMap { $0.prefix(3) })).sorted()
        let inputIndex = Dictionary(uniqueKeysWithValues: inputWords.enumerated().map { ($1, Int32($0)) })
        let terms = questions.flatMap { question in [question[1], question[2], question[0]].map { inputIndex[$0]! } }
        let inputVectors = unit.indexSelect(IntTensor(inputWords)).scalars
        let lists = Mutex<[NearestRows]>([])
        unit.withUnsafeBufferPointer { unit in
            forEachBlockInParallel(count: limit, block: rowBlock,
                                   makeWorker: { (NearestRows(questions: questions.count, wanted: wanted), [Float](repeating: 0, count: inputWords.count * rowBlock)) },
                                   finish: { worker in lists.withLock { $0.append(worker.0) } }) { worker, rows in
                sgemm(inputVectors, false, unit.baseAddress! + rows.lowerBound * dimension, true, &worker.1,
                      m: inputWords.count, n: rows.count, k: dimension, beta: 0, singleThreaded: true)
                worker.0.combine(wordScores: worker.1, width: rows.count, terms: terms, firstRow: rows.lowerBound)
            }
        }
        let best = lists.withLock { NearestRows.merged($0) }
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
}

/// Each question's `wanted` best rows so far, best first (by score, then by lower row), in flat
/// buffers that the C scan updates (it is the hot loop, and needs vector comparisons that Swift's
/// generic SIMD types do not compile to).
private struct NearestRows: Sendable {
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
    func rows(of question: Int) -> [Int] { entries(of: question).map(\.row) }

    private func entries(of question: Int) -> [(score: Float, row: Int)] {
        (0..<Int(filled[question])).map { (scores[question * wanted + $0], Int(rowIndices[question * wanted + $0])) }
    }

    /// Merges every question's scores of a block of rows: `wordScores` is `[inputs, width]`, and
    /// `terms` names each question's three inputs (b, c, a) among its rows.
    mutating func combine(wordScores: [Float], width: Int, terms: [Int32], firstRow: Int) {
        let (questions, wanted) = (filled.count, Int32(wanted))
        strand_nearest_rows_combine(wordScores, Int64(width), terms, Int64(questions), Int64(firstRow), wanted,
                                    &scores, &rowIndices, &filled)
    }

    /// Higher score first, then lower row (the C scan's order).
    private static func ranksBefore(_ first: (score: Float, row: Int), _ second: (score: Float, row: Int)) -> Bool {
        first.score > second.score || (first.score == second.score && first.row < second.row)
    }

    /// The lists of several threads (disjoint rows) as one: each question's best entries of all.
    static func merged(_ parts: [NearestRows]) -> NearestRows {
        guard var result = parts.first else { preconditionFailure("no thread scanned any rows") }
        for question in result.filled.indices {
            let entries: [(score: Float, row: Int)] = parts.flatMap { $0.entries(of: question) }
            let best = entries.sorted(by: NearestRows.ranksBefore).prefix(result.wanted)
            for (slot, entry) in best.enumerated() {
                result.scores[question * result.wanted + slot] = entry.score
                result.rowIndices[question * result.wanted + slot] = Int64(entry.row)
            }
            result.filled[question] = Int32(best.count)
        }
        return result
    }
}
