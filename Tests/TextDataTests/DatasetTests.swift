import Foundation
import Tensor
import StrandTestSupport
import Testing
@testable import TextData

@Suite struct CSVTests {
    func parse(_ text: String) throws(TextDataError) -> (header: [String], rows: [[String]]) {
        try CSV.parse(Data(text.utf8), path: "test.csv")
    }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let (header, rows) = try parse("text,label\n\"Great, \"\"really\"\"\nfilm\",1\r\nplain,0\n\"\",1\n")
        #expect(header == ["text", "label"])
        #expect(rows == [["Great, \"really\"\nfilm", "1"], ["plain", "0"], ["", "1"]])
        #expect(try parse("\u{FEFF}a,b\nünï,😀").rows == [["ünï", "😀"]])
        #expect(try parse("").header.isEmpty)
        // Blank lines (a trailing one is common) are skipped, and later lines keep their numbers.
        #expect(try parse("a,b\n1,2\n\n\r\n3,4\n\n").rows == [["1", "2"], ["3", "4"]])
        #expect(throws: TextDataError.malformedFile(path: "test.csv", line: 3, format: "CSV", reason: "3 fields where the header has 2")) { try parse("a,b\n\n1,2,3\n") }
    }

    @Test(arguments: [
        ("text,label\n\"multi\nline\",1\nbad,row,3\n", "test.csv:4: malformed CSV: 3 fields where the header has 2"),
        ("a,b\n\"open,1\n", "test.csv:2: malformed CSV: a quoted field is not closed before the end of the file"),
        ("a,b\nsay \"hi\",1\n", "test.csv:2: malformed CSV: a quote inside unquoted field 1"),
        ("a,b\n\"x\"y,1\n", "test.csv:2: malformed CSV: text after a closing quote in field 1"),
    ])
    func malformedRowsNameTheirLine(text: String, message: String) {
        #expect(throws: TextDataError.self) { try parse(text) }
        do { _ = try parse(text) } catch { #expect(error.description == message) }
    }

    @Test func invalidUTF8IsReportedNotCrashed() {
        var bytes = Data("a,b\n".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE, UInt8(ascii: ","), UInt8(ascii: "1")])
        #expect(throws: TextDataError.malformedFile(path: "x.csv", line: 2, format: "CSV", reason: "field 1 is not valid UTF-8")) { try CSV.parse(bytes, path: "x.csv") }
    }
}

@Suite struct TextDatasetTests {
    @Test func csvColumnsAndMissingColumnErrors() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reviews-\(UUID().uuidString).csv")
        try Data("title,category,source\nGood one,pos,a\nBad one,neg,b\n".utf8).write(to: url)
        let dataset = try TextDataset.csv(url, textColumn: "title", labelColumn: "category")
        #expect(dataset.texts == ["Good one", "Bad one"] && dataset.labels == ["pos", "neg"])
        #expect(dataset.columns == ["source": ["a", "b"]])
        #expect(dataset.filter(column: "source", equals: "b").texts == ["Bad one"])
        let flagged = TextDataset(texts: ["x", "y", "z"], labels: ["1", "0", "1"], columns: ["is_valid": ["False", "True", "0"]])
        let (train, valid) = flagged.splitByValidColumn()
        #expect(train.texts == ["x", "z"] && valid.texts == ["y"])
        #expect(throws: TextDataError.missingColumn(path: url.path, column: "text", available: ["title", "category", "source"])) {
            try TextDataset.csv(url)
        }
    }

    @Test func aclImdbFolderTree() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("aclImdb-\(UUID().uuidString)")
        for (label, texts) in [("neg", ["awful", "dull"]), ("pos", ["superb"])] {
            let folder = root.appendingPathComponent("train/\(label)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (index, text) in texts.enumerated() { try Data(text.utf8).write(to: folder.appendingPathComponent("\(index)_1.txt")) }
        }
        let dataset = try TextDataset.aclImdb(root)
        #expect(dataset.texts == ["awful", "dull", "superb"] && dataset.labels == ["neg", "neg", "pos"])
        #expect(throws: TextDataError.self) { try TextDataset.aclImdb(root, split: "test") }
    }

    @Test func stratifiedSeededSplits() {
        let labels = (0..<1000).map { $0 % 4 == 0 ? "a" : "b" }
        let dataset = TextDataset(texts: labels.indices.map(String.init), labels: labels)
        let parts = dataset.split(fractions: [0.8, 0.1, 0.1], seed: 7)
        #expect(parts.map(\.count) == [800, 100, 100])
        for part in parts { #expect(part.labels.filter { $0 == "a" }.count * 4 == part.count) }
        #expect(Set(parts.flatMap(\.texts)).count == 1000)
        #expect(dataset.split(fractions: [0.8, 0.1, 0.1], seed: 7) == parts)
        #expect(dataset.split(fractions: [0.8, 0.1, 0.1], seed: 8) != parts)
    }

    @Test func crossValidationTestsEveryRowOnceWithTheLabelBalance() {
        let labels = (0..<1000).map { $0 % 4 == 0 ? "a" : "b" }
        let dataset = TextDataset(texts: labels.indices.map(String.init), labels: labels)
        let folds = dataset.crossValidationFolds(10, seed: 7)
        #expect(folds.count == 10)
        for fold in folds {
            #expect(fold.test.count == 100 && fold.train.count == 900)
            #expect(Set(fold.train.texts).isDisjoint(with: fold.test.texts))
            #expect(fold.test.labels.filter { $0 == "a" }.count == 25)
        }
        let tested = folds.flatMap(\.test.texts)
        #expect(tested.count == 1000 && Set(tested).count == 1000)
        #expect(dataset.crossValidationFolds(10, seed: 8).map(\.test) != folds.map(\.test))
    }
}

@Suite struct BatchingTests {
    @Test func paddingSidesLengthsAndMasks() {
        let batch = PaddedBatch([[5, 6, 7], [8]], paddingIndex: 1, labels: [0, 1])
        #expect(batch.ids == IntTensor([[5, 6, 7], [8, 1, 1]]))
        #expect(batch.lengths == [3, 1] && batch.mask == Tensor([[1, 1, 1], [1, 0, 0]]))
        #expect(batch.labels == IntTensor([0, 1]))
        #expect(batch.timeMajorIDs == IntTensor([[5, 8], [6, 1], [7, 1]]))
        let first = PaddedBatch([[5, 6, 7], [8]], paddingIndex: 1, padFirst: true, maxLength: 2)
        #expect(first.ids == IntTensor([[6, 7], [1, 8]]) && first.mask == Tensor([[1, 1], [0, 1]]))
    }

    @Test func everySamplerVisitsEachExampleOncePerEpoch() {
        var generator = RandomGenerator(seed: 3)
        let lengths = (0..<1003).map { _ in 1 + generator.nextInt(below: 300) }
        for batches in [BatchSampling.shuffled(count: 1003, batchSize: 32, using: &generator),
                        BatchSampling.buckets(lengths: lengths, batchSize: 32, using: &generator),
                        BatchSampling.sortish(lengths: lengths, batchSize: 32, using: &generator)] {
            #expect(batches.flatMap { $0 }.sorted() == Array(0..<1003))
            #expect(batches.allSatisfy { $0.count <= 32 })
        }
        let sorted = BatchSampling.sortedByLength(lengths: lengths, batchSize: 32)
        #expect(sorted.flatMap { $0 }.sorted() == Array(0..<1003))
        #expect(zip(sorted.joined(), sorted.joined().dropFirst()).allSatisfy { lengths[$0] <= lengths[$1] })
        // Buckets are sorted by decreasing length inside, and hold similar lengths.
        let buckets = BatchSampling.buckets(lengths: lengths, batchSize: 32, using: &generator)
        #expect(buckets.allSatisfy { batch in zip(batch, batch.dropFirst()).allSatisfy { lengths[$0] >= lengths[$1] } })
        let spread = buckets.map { lengths[$0.first!] - lengths[$0.last!] }.sorted()[buckets.count / 2]
        #expect(spread < 20)
        // Sortish puts the longest example in the first batch.
        let sortish = BatchSampling.sortish(lengths: lengths, batchSize: 32, using: &generator)
        #expect(sortish[0].contains(lengths.indices.max { lengths[$0] < lengths[$1] }!))
        #expect(sortish.flatMap { $0 }.sorted() == Array(0..<1003))
        #expect(sortish.allSatisfy { batch in zip(batch, batch.dropFirst()).allSatisfy { lengths[$0] >= lengths[$1] } })
        // fastai's validation order: decreasing length.
        let validation = BatchSampling.sortedByLength(lengths: lengths, batchSize: 32, descending: true)
        #expect(zip(validation.joined(), validation.joined().dropFirst()).allSatisfy { lengths[$0] >= lengths[$1] })
    }

    @Test func languageModelBatchesAreFastais() throws {
        struct Layout: Decodable {
            struct Batch: Decodable { let inputs, targets: [[Int]] }
            let batch_size, sequence_length: Int
            let batches: [Batch]
        }
        struct Fixture: Decodable { let documents: [[Int]]; let layouts: [Layout] }
        let fixture = try loadFixture(Fixture.self, named: "language_model_batches", in: .module)
        for layout in fixture.layouts {
            let stream = LanguageModelStream(documents: fixture.documents, batchSize: layout.batch_size, sequenceLength: layout.sequence_length)
            #expect(stream.count == layout.batches.count)
            for (batch, expected) in zip(stream, layout.batches) {
                #expect(batch.inputs == IntTensor(expected.inputs), "sequence length \(layout.sequence_length)")
                #expect(batch.targets == IntTensor(expected.targets), "sequence length \(layout.sequence_length)")
            }
        }
    }

    @Test func shuffledLanguageModelStreamsKeepEachDocumentWhole() {
        var generator = RandomGenerator(seed: 1)
        let documents = (0..<10).map { document in (0..<(5 + document)).map { document * 100 + $0 } }
        let stream = LanguageModelStream(documents: documents, batchSize: 4, sequenceLength: 6, using: &generator)
        #expect(stream.tokens.sorted() == documents.flatMap { $0 }.sorted())
        #expect(stream.tokens != documents.flatMap { $0 })
        // Each document's tokens stay consecutive and in order.
        let starts = stream.tokens.indices.filter { stream.tokens[$0] % 100 == 0 }
        for start in starts {
            let document = documents[stream.tokens[start] / 100]
            #expect(Array(stream.tokens[start..<(start + document.count)]) == document)
        }
    }
}

@Suite struct ChunkPaddingTests {
    @Test func chunkPaddingIsFastais() {
        // fastai's pad_chunk: (l // 4) · 4 padding tokens before, l mod 4 after, l = 11 − length.
        let batch = PaddedBatch(chunkPadding: [Array(10..<21), Array(30..<39), Array(40..<47), [50, 51, 52]], paddingIndex: 1,
                                chunkLength: 4, labels: [0, 1, 0, 1])
        #expect(batch.ids == IntTensor([Array(10..<21), Array(30..<39) + [1, 1], [1, 1, 1, 1] + Array(40..<47), Array(repeating: 1, count: 8) + [50, 51, 52]]))
        #expect(batch.starts == [0, 0, 4, 8] && batch.lengths == [11, 9, 7, 3])
        #expect(batch.mask.scalars == batch.ids.scalars.map { $0 == 1 ? 0 : 1 })
    }
}
