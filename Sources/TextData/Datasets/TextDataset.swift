import Foundation
import Tensor

/// Labelled texts for classification: in memory, from a CSV file with named columns, or from the
/// `aclImdb/` folder tree; split into stratified, seeded train/valid/test parts.
public struct TextDataset: Equatable, Sendable {
    public var texts: [String]
    public var labels: [String]
    /// Other CSV columns by name, one value per text (e.g. `source`, `is_valid`).
    public var columns: [String: [String]]

    /// A dataset of `texts` with their `labels`.
    public init(texts: [String], labels: [String], columns: [String: [String]] = [:]) {
        strandPrecondition(texts.count == labels.count && columns.values.allSatisfy { $0.count == texts.count },
                           "TextDataset: \(texts.count) texts, \(labels.count) labels and columns of \(columns.mapValues(\.count)) values must all agree")
        self.texts = texts
        self.labels = labels
        self.columns = columns
    }

    public var count: Int { texts.count }

    /// Reads a CSV file with a header, taking texts from `textColumn` and labels from
    /// `labelColumn`; the other columns are kept in ``columns``.
    ///
    /// - Throws: ``TextDataError`` for a missing column, a column named twice in the header, or a
    ///   malformed row (with its line).
    public static func csv(_ url: URL, textColumn: String = "text", labelColumn: String = "label") throws(TextDataError) -> TextDataset {
        let (header, rows) = try CSV.read(url)
        if let duplicate = header.firstRepeated { throw .duplicateColumn(path: url.path, column: duplicate) }
        func column(_ name: String) throws(TextDataError) -> Int {
            guard let index = header.firstIndex(of: name) else { throw .missingColumn(path: url.path, column: name, available: header) }
            return index
        }
        let (text, label) = (try column(textColumn), try column(labelColumn))
        var others: [String: [String]] = [:]
        for (index, name) in header.enumerated() where index != text && index != label {
            others[name] = rows.map { $0[index] }
        }
        return TextDataset(texts: rows.map { $0[text] }, labels: rows.map { $0[label] }, columns: others)
    }

    /// Reads one split of the Large Movie Review Dataset's folder tree:
    /// `directory/split/{neg,pos}/*.txt`, labelled `neg` and `pos`, files in name order.
    ///
    /// - Throws: ``TextDataError`` when a folder is missing or a file cannot be read as UTF-8.
    public static func aclImdb(_ directory: URL, split: String = "train") throws(TextDataError) -> TextDataset {
        var texts: [String] = [], labels: [String] = []
        for label in ["neg", "pos"] {
            let folder = directory.appendingPathComponent(split).appendingPathComponent(label)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
            } catch {
                throw .invalidDataset(path: folder.path, reason: "expected the aclImdb layout \(split)/\(label)/*.txt (\(unreadableFileReason(folder, error: error)))")
            }
            for name in names {
                let file = folder.appendingPathComponent(name)
                texts.append(try readUTF8Text(file))
                labels.append(label)
            }
        }
        return TextDataset(texts: texts, labels: labels)
    }

    /// The examples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> TextDataset {
        if let outside = indices.first(where: { !texts.indices.contains($0) }) {
            strandPreconditionFailure("TextDataset.subset: index \(outside) is outside 0..<\(count)")
        }
        return TextDataset(texts: indices.map { texts[$0] }, labels: indices.map { labels[$0] }, columns: columns.mapValues { values in indices.map { values[$0] } })
    }

    /// The examples whose column `name` (or label, for `"label"`) equals `value`.
    ///
    /// - Precondition: the dataset has the column (a misspelt name would otherwise select nothing).
    public func filter(column name: String, equals value: String) -> TextDataset {
        strandPrecondition(name == "label" || columns[name] != nil,
                           "TextDataset.filter: no column \"\(name)\" (columns: \(columns.keys.sorted().joined(separator: ", ")))")
        let values = name == "label" ? labels : columns[name]!
        return subset(values.indices.filter { values[$0] == value })
    }

    /// The training and validation parts given by a validity column (fastai's `is_valid`): rows
    /// whose value is `True`, `true` or `1` are validation rows.
    public func splitByValidColumn(_ name: String = "is_valid") -> (train: TextDataset, valid: TextDataset) {
        let flags = (columns[name] ?? []).map { ["true", "1"].contains($0.lowercased()) }
        strandPrecondition(flags.count == count, "splitByValidColumn: the dataset has no column \"\(name)\" (columns: \(columns.keys.sorted()))")
        return (subset(flags.indices.filter { !flags[$0] }), subset(flags.indices.filter { flags[$0] }))
    }

    /// Splits into parts of the given sizes as fractions (summing to at most 1), stratified: each
    /// label is shuffled with `seed` and dealt to the parts in proportion, so every part keeps the
    /// label balance. The same seed gives the same split on every machine.
    public func split(fractions: [Double], seed: UInt64) -> [TextDataset] {
        stratifiedParts(fractions: fractions, seed: seed).map(subset)
    }

    /// The `k` folds of stratified k-fold cross-validation (scikit-learn's `StratifiedKFold` with
    /// shuffling): the rows are dealt into `k` parts of equal size and label balance, and fold `i`
    /// tests on part `i` and trains on the other `k − 1`. Every row is tested exactly once.
    public func crossValidationFolds(_ k: Int, seed: UInt64) -> [(train: TextDataset, test: TextDataset)] {
        strandPrecondition(k >= 2 && k <= count, "crossValidationFolds: k = \(k) must be between 2 and the \(count) rows")
        let parts = stratifiedParts(fractions: Array(repeating: 1 / Double(k), count: k), seed: seed)
        return parts.indices.map { fold in
            let rest = parts.indices.filter { $0 != fold }.flatMap { parts[$0] }
            return (train: subset(rest.sorted()), test: subset(parts[fold]))
        }
    }

    /// The row indices of each part (ascending), stratified and seeded as `split` describes.
    private func stratifiedParts(fractions: [Double], seed: UInt64) -> [[Int]] {
        strandPrecondition(fractions.allSatisfy { $0 >= 0 } && fractions.reduce(0, +) <= 1 + 1e-9, "split: fractions \(fractions) must be non-negative and sum to at most 1")
        var generator = RandomGenerator(seed: seed)
        var parts = [[Int]](repeating: [], count: fractions.count)
        for label in Set(labels).sorted() {
            var members = labels.indices.filter { labels[$0] == label }
            generator.shuffle(&members)
            var start = 0
            var cumulative = 0.0
            for (part, fraction) in fractions.enumerated() {
                cumulative += fraction
                let end = min(members.count, Int((cumulative * Double(members.count)).rounded()))
                parts[part] += members[start..<max(start, end)]
                start = max(start, end)
            }
        }
        return parts.map { $0.sorted() }
    }
}
