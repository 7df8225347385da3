import Foundation
import Strand
import Testing
@testable import WordEmbeddings

/// Notebook 003's classification pipeline end to end on a tiny CSV with three classes: preprocess,
/// split, train one epoch, save the artefacts, read them back and classify a sentence.
@Suite struct WordEmbeddingsPipelineTests {
    static let rows: [(String, String)] = (0..<20).flatMap { index in [
        ("A wonderful, moving film number \(index)", "praise"),
        ("Not funny and far too long (take \(index))", "complaint"),
        ("The city council met on day \(index) to vote", "news"),
    ] }

    @Test func trainsSavesReloadsAndPredictsThreeClasses() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strand-word-embeddings-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("titles.csv")
        try ("title,category\n" + Self.rows.map { "\"\($0.0)\",\($0.1)" }.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)

        let sentences = try SentenceData.load(.csv(path: csv.path, textColumn: "title", labelColumn: "category"))
        let data = try SentenceData(splitting: sentences, stopWords: .keepNegations, seed: 1)
        #expect(data.labels.classes.sorted() == ["complaint", "news", "praise"])
        #expect(data.train.count + data.valid.count + data.test.count == 60)
        // The notebook's preprocessing: stop words and the parenthesised text gone, negations kept.
        #expect(data.preprocessing.tokens("Not funny and far too long (take 3)") == ["not", "funny", "far", "long"])

        let model = NGramCNN(vocabularySize: data.vocabulary.count, dimension: 50, classes: 3)
        let result = try SentenceClassification(data: data, epochs: 1, seed: 1).train(model, .random, exportName: "random")
        #expect(result.epochs == 1 && result.metrics.total == data.test.count)

        try Artefacts.save(data: data, model: model, results: [result], to: folder)
        let sentence = "A wonderful film"
        let reloaded = try Artefacts.predict(sentence, from: folder, preprocessing: data.preprocessing)
        let direct = SentenceClassification.probabilities(of: sentence, model: model, vocabulary: data.vocabulary, preprocessing: data.preprocessing)
        #expect(reloaded.count == 3)
        #expect(abs(reloaded.map(\.probability).reduce(0, +) - 1) < 1e-5)
        // The reloaded model gives the trained model's probabilities.
        for (label, probability) in reloaded {
            let index = try #require(data.labels.classes.firstIndex(of: label))
            #expect(abs(probability - direct[index]) < 1e-6, "\(label)")
        }
    }

    @Test func crossValidationFoldsTestEverySentenceOnce() throws {
        let sentences = TextDataset(texts: Self.rows.map(\.0), labels: Self.rows.map(\.1))
        let folds = sentences.crossValidationFolds(4, seed: 1)
        let parts = try folds.indices.map { try SentenceData(fold: $0, of: folds, stopWords: .notebook, seed: 1) }
        for data in parts {
            // 15 test sentences, the other 45 split 2 : 1 into training and validation parts.
            #expect(data.train.count == 30 && data.valid.count == 15 && data.test.count == 15)
        }
        #expect(parts.flatMap(\.testTokens).count == 60)
    }
}
