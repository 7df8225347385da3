import ExampleSupport
import Foundation
import Strand

/// The analogy questions (`questions-words.txt`) and WordSim-353 pairs answered by several sets of
/// vectors, side by side: accuracy per section, Spearman's correlation with human judgement.
struct VectorEvaluation {
    static let folder = "data/word-vectors"
    static let sampleFolder = "Examples/Data/word-vectors"
    let names: [String]
    let analogies: [AnalogyEvaluation]
    let pairs: [WordPairEvaluation]

    /// With `full`, gensim's whole files (scripts/fetch-data); otherwise the samples whose words the
    /// GloVe sample has.
    init(_ vectors: KeyValuePairs<String, WordVectors>, full: Bool) throws {
        let (questions, wordSim) = full ? ("\(Self.folder)/questions-words.txt", "\(Self.folder)/wordsim353.tsv")
            : ("\(Self.sampleFolder)/questions-words.sample.txt", "\(Self.sampleFolder)/wordsim353.sample.tsv")
        for path in [questions, wordSim] where !FileManager.default.fileExists(atPath: path) { throw MissingData(path: path) }
        print("questions: \(questions); pairs: \(wordSim)")
        names = vectors.map(\.key)
        analogies = try vectors.map { try $0.value.evaluateWordAnalogies(URL(fileURLWithPath: questions)) }
        pairs = try vectors.map { try $0.value.evaluateWordPairs(URL(fileURLWithPath: wordSim)) }
    }

    /// Sections as rows, vector sets as columns: accuracy and answered questions.
    var table: String {
        let rows = analogies[0].sections.indices.map { section in
            [analogies[0].sections[section].name] + analogies.map { cell($0.sections[section]) }
        } + [["semantic"] + analogies.map { cell($0.semantic) }, ["syntactic"] + analogies.map { cell($0.syntactic) },
             ["total"] + analogies.map { cell($0.total) },
             ["WordSim-353 Spearman"] + pairs.map { String(format: "%.3f (%.0f %% of pairs unknown)", $0.spearman, $0.outOfVocabularyRatio) }]
        let header = ["section"] + names
        let widths = header.indices.map { column in (rows + [header]).map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    private func cell(_ section: AnalogyEvaluation.Section) -> String {
        section.correct + section.incorrect == 0 ? "–" : String(format: "%.1f %% of %d", 100 * section.accuracy, section.correct + section.incorrect)
    }

    var json: Data {
        get throws {
            let entries = names.indices.map { index -> [String: Any] in
                ["vectors": names[index], "analogy_accuracy": analogies[index].total.accuracy,
                 "sections": analogies[index].sections.map { ["name": $0.name, "correct": $0.correct, "incorrect": $0.incorrect] },
                 "wordsim_spearman": pairs[index].spearman, "wordsim_pearson": pairs[index].pearson]
            }
            return try JSONSerialization.data(withJSONObject: entries, options: [.prettyPrinted, .sortedKeys])
        }
    }
}
