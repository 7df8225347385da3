import Foundation
import Strand

/// `strand train`'s data: the CSV's rows split (stratified, seeded) into training, validation and
/// test parts, tokenised with fastai's rules, a vocabulary counted on the training part, and a
/// label encoder over every label of the file.
struct ClassifierData {
    /// One part's token ids and class ids, row by row.
    struct Part {
        let ids: [[Int]]
        let labels: [Int]
        var count: Int { ids.count }
    }

    let vocabulary: Vocabulary
    let labels: LabelEncoder
    let train: Part, valid: Part, test: Part
    /// How many texts `maxTokens` cut.
    let cutTexts: Int
    let maxTokens: Int?
    var paddingID: Int { vocabulary[SpecialTokens.padding] }

    init(csv path: String, textColumn: String, labelColumn: String, fractions: [Double], seed: UInt64, minFrequency: Int, maxVocabulary: Int,
         maxTokens: Int?) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError("no file at \(quotedForMessage(path))") }
        let rows = try TextDataset.csv(URL(fileURLWithPath: path), textColumn: textColumn, labelColumn: labelColumn)
        let classes = Set(rows.labels)
        guard rows.count >= 10, classes.count >= 2 else {
            throw CommandError("\(quotedForMessage(path)) has \(rows.count) rows and \(classes.count) distinct labels in \(quotedForMessage(labelColumn)): "
                               + "training needs at least 10 rows and 2 labels")
        }
        let parts = rows.split(fractions: fractions, seed: seed)
        let tokenizer = FastaiTokenizer(addsBeginning: true)
        let whole = parts.map { part in
            let bar = ProgressBar("tokenizing", total: part.count)
            defer { bar.finish() }
            return tokenizer.tokenize(part.texts) { bar.update($0) }
        }
        let limit = maxTokens ?? .max
        let tokens = whole.map { $0.map { Array($0.prefix(limit)) } }
        (self.maxTokens, cutTexts) = (maxTokens, whole.joined().filter { $0.count > limit }.count)
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: maxVocabulary, minFrequency: minFrequency, tieBreaking: .firstOccurrence)
        let labels = LabelEncoder(fitting: rows.labels)
        let encoded = try zip(parts, tokens).map { part, tokens in
            Part(ids: vocabulary.encode(documents: tokens), labels: try labels.encode(part.labels))
        }
        (self.vocabulary, self.labels) = (vocabulary, labels)
        (train, valid, test) = (encoded[0], encoded[1], encoded[2])
    }

    var summary: String {
        "texts: \(train.count) train, \(valid.count) valid, \(test.count) test; classes \(labels.classes); vocabulary \(vocabulary.count) tokens"
            + (maxTokens.map { "; \(cutTexts) texts cut to their first \($0) tokens (--max-tokens)" } ?? "")
    }

    /// `part`'s batches in `order` (in file order, 64 a batch, when nil), made as `model` reads them.
    func batches(_ part: Part, order: [[Int]]? = nil, model: TextClassifier) -> [PaddedBatch] {
        let order = order ?? stride(from: 0, to: part.count, by: 64).map { Array($0..<min(part.count, $0 + 64)) }
        return order.map { rows in model.batch(rows.map { part.ids[$0] }, labels: rows.map { part.labels[$0] }) }
    }
}
