import Foundation
import Testing

/// `strand` run as a user runs it: a subprocess, on the committed sample and on small CSVs,
/// checked by its exit status, its output and the files it leaves.
@Suite(.serialized) final class StrandCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("Examples/Data/movie_reviews_sample.csv").path
    /// The tool beside the test binary: SwiftPM builds it first, since this target depends on it.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("strand")
    /// Small and short, so that a debug build trains in seconds.
    static let quickTraining = ["--epochs", "1", "--embedding-size", "16", "--hidden-size", "16", "--max-tokens", "40"]

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strand-cli-\(UUID())")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: folder) }

    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    func strand(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        // Standard error goes to a file: two pipes read one after the other deadlock once the
        // tool writes more to the second than a pipe holds (64 KiB) before closing the first.
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("strand-stderr-\(UUID().uuidString)")
        try Data().write(to: errorsFile)
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        let (output, errors) = (Pipe(), try FileHandle(forWritingTo: errorsFile))
        (process.standardOutput, process.standardError) = (output, errors)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: try Data(contentsOf: errorsFile), as: UTF8.self))
    }

    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    func writeCSV(_ text: String) throws -> String {
        let url = folder.appendingPathComponent("input-\(UUID()).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Trains a model on 90 short titles of three classes (praise, complaint, news) with `options`
    /// and returns its folder.
    func trainOnThreeClasses(_ options: [String]) throws -> String {
        let rows = (0..<30).flatMap { index in ["\"A wonderful, moving film, number \(index)\",praise", "\"Not funny and far too long, take \(index)\",complaint",
                                               "\"The city council met on day \(index) to vote\",news"] }
        let csv = try writeCSV("title,category\n" + rows.joined(separator: "\n") + "\n")
        let model = folder.appendingPathComponent("three-classes-\(UUID())").path
        let training = try strand(["train", "--csv", csv, "--text-column", "title", "--label-column", "category", "--min-frequency", "1",
                                   "--output", model] + options)
        #expect(training.status == 0, "\(training.errors)")
        return model
    }

    @Test func trainsPredictsAndExplainsOnTheSample() throws {
        let model = folder.appendingPathComponent("model").path
        let training = try strand(["train", "--csv", Self.sample, "--output", model] + Self.quickTraining)
        #expect(training.status == 0, "\(training.errors)")
        #expect(training.output.contains("Strand runtime:"))
        #expect(training.output.contains("texts: 1600 train, 200 valid, 200 test; classes [\"0\", \"1\"]"))
        let written = try FileManager.default.contentsOfDirectory(atPath: model).sorted()
        #expect(written == ["configuration.json", "labels.json", "metrics.json", "model.safetensors", "vocabulary.json"])
        let metrics = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model + "/metrics.json"))) as? [String: Any])
        let test = try #require(metrics["test"] as? [String: Any])
        #expect(test["texts"] as? Int == 200)
        let confusion = try #require(test["confusion"] as? [[Int]])
        #expect(confusion.joined().reduce(0, +) == 200)

        let prediction = try strand(["predict", model, "A gripping, beautifully acted story.", "Dull and far too long."])
        #expect(prediction.status == 0, "\(prediction.errors)")
        let probabilities = prediction.output.split(separator: "\n").filter { $0.hasPrefix("  ") }.compactMap { Float($0.split(separator: " ").last!) }
        #expect(probabilities.count == 4)
        #expect(abs(probabilities[0] + probabilities[1] - 1) < 0.002 && abs(probabilities[2] + probabilities[3] - 1) < 0.002)

        let rows = try writeCSV("review\n\"Great, great film\"\nAwful.\n")
        let table = try strand(["predict", model, "--csv", rows, "--text-column", "review"])
        #expect(table.status == 0, "\(table.errors)")
        let lines = table.output.split(separator: "\n")
        #expect(lines.count == 3 && lines[0] == "predicted,0,1")

        let page = folder.appendingPathComponent("why.html").path
        let explanation = try strand(["explain", model, "A gripping, beautifully acted story.", "--html", page, "--top", "3"])
        #expect(explanation.status == 0, "\(explanation.errors)")
        #expect(explanation.output.contains("explaining") && explanation.output.contains(" rank  position  token"))
        #expect(explanation.output.contains("Σ attributions − (F(x) − F(x′))"))
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("gripping"))
        // The text as written: fastai's markers folded into their words (fastai marks no capital on
        // a one-letter word, so "A" comes back as "a"; "GRIPPING" as written).
        let shouting = try strand(["explain", model, "A GRIPPING, beautifully acted Story.", "--top", "3", "--color", "never"])
        #expect(shouting.output.contains("\na GRIPPING , beautifully acted Story .\n"), "\(shouting.output)")
        #expect(!shouting.output.contains("xxbos") && !shouting.output.contains("xxup") && !shouting.output.contains("xxmaj"))
    }

    @Test func everyMethodExplainsTheCNNOnThreeClasses() throws {
        let model = try trainOnThreeClasses(["--model", "cnn"] + Self.quickTraining)
        for method in ["ig", "relevance", "occlusion"] {
            let explanation = try strand(["explain", model, "funny", "--method", method, "--target", "complaint", "--raw-tokens"])
            #expect(explanation.status == 0, "\(method): \(explanation.errors)")
            // One short text, padded to the widest filter (5 positions): every position has a score.
            #expect(explanation.output.contains("explaining complaint by \(method)"))
            #expect(explanation.output.contains("funny xxpad xxpad xxpad"), "\(explanation.output)")
        }
    }

    /// fastai's AWD-LSTM classifier reads chunk-padded batches sorted by decreasing length: the
    /// tool sorts and puts each text's probabilities back in place, and explains with xxunk as
    /// the reference (a text of padding would have nothing to pool).
    @Test func theAWDLSTMClassifierTrainsPredictsInAnyOrderAndExplains() throws {
        let model = try trainOnThreeClasses(["--model", "awd", "--epochs", "2", "--embedding-size", "16", "--hidden-size", "24"])
        let texts = ["Not funny", "The city council met on day 12 to vote on the new budget", "A wonderful film"]
        func probabilities(_ texts: [String]) throws -> [String: String] {
            let run = try strand(["predict", model] + texts)
            #expect(run.status == 0, "\(run.errors)")
            // Each text's block: its line, then one line per class.
            var blocks: [String: String] = [:], current = ""
            for line in run.output.split(separator: "\n") {
                if line.hasPrefix("\"") { current = String(line.split(separator: "\"")[0]) } else { blocks[current, default: ""] += line + "\n" }
            }
            return blocks
        }
        #expect(try probabilities(texts) == probabilities(texts.reversed()))
        for method in ["ig", "relevance", "occlusion"] {
            let explanation = try strand(["explain", model, "Not funny and far too long", "--method", method])
            #expect(explanation.status == 0, "\(method): \(explanation.errors)")
            #expect(explanation.output.contains(" rank  position  token"))
        }
    }

    @Test func badInputFailsClearlyAndWritesNothing() throws {
        let model = folder.appendingPathComponent("model").path
        let missingColumn = try strand(["train", "--csv", Self.sample, "--label-column", "sentiment", "--output", model] + Self.quickTraining)
        #expect(missingColumn.status != 0)
        #expect(missingColumn.errors.contains("no column \"sentiment\" (columns: \"text\", \"label\", \"source\")"), "\(missingColumn.errors)")

        let empty = try strand(["train", "--csv", try writeCSV("text,label\n"), "--output", model])
        #expect(empty.status != 0)
        #expect(empty.errors.contains("has 0 rows and 0 distinct labels in \"label\": training needs at least 10 rows and 2 labels"), "\(empty.errors)")

        let noModel = try strand(["predict", model, "some text"])
        #expect(noModel.status != 0 && noModel.errors.contains("holds no trained model (no configuration.json)"))
        // Nothing half-written: no model folder and no temporary folder beside it.
        #expect(try contents().allSatisfy { $0.hasPrefix("input-") })

        let trained = try strand(["train", "--csv", Self.sample, "--output", model] + Self.quickTraining)
        #expect(trained.status == 0, "\(trained.errors)")
        let weights = try Data(contentsOf: URL(fileURLWithPath: model + "/model.safetensors"))
        let again = try strand(["train", "--csv", Self.sample, "--output", model] + Self.quickTraining)
        #expect(again.status != 0 && again.errors.contains("exists: choose another --output or pass --overwrite"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: model + "/model.safetensors")) == weights)
        let replaced = try strand(["train", "--csv", Self.sample, "--output", model, "--overwrite", "--seed", "2"] + Self.quickTraining)
        #expect(replaced.status == 0, "\(replaced.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: model + "/model.safetensors")) != weights)
        // Only the new model folder is left: no temporary or set-aside folder beside it.
        #expect(try contents().filter { !$0.hasPrefix("input-") } == ["model"])

        let unknownLabel = try strand(["explain", model, "some text", "--target", "positive"])
        #expect(unknownLabel.status != 0)
        #expect(unknownLabel.errors.contains("unknown --target \"positive\": the classes are \"0\", \"1\""), "\(unknownLabel.errors)")
    }

    @Test func trainsQueriesAndEvaluatesWordVectors() throws {
        let vectors = Self.root.appendingPathComponent("Examples/Data/word-vectors").path
        let analogy = try strand(["vectors", "analogy", vectors + "/glove.6B.50d.sample.txt", "man", "king", "woman", "--top", "1"])
        #expect(analogy.status == 0 && analogy.output.hasPrefix("queen "), "\(analogy.output)\(analogy.errors)")
        let evaluation = try strand(["vectors", "evaluate", vectors + "/glove.6B.50d.sample.txt", "--analogies", vectors + "/questions-words.sample.txt",
                                     "--pairs", vectors + "/wordsim353.sample.tsv"])
        #expect(evaluation.status == 0, "\(evaluation.errors)")
        #expect(evaluation.output.contains("Total accuracy") && evaluation.output.contains("word pairs: Pearson"))

        let trained = folder.appendingPathComponent("reviews.bin").path
        let training = try strand(["vectors", "train", "--corpus", Self.sample, "--text-column", "text", "--output", trained,
                                   "--min-count", "3", "--epochs", "1", "--dimension", "16"])
        #expect(training.status == 0, "\(training.errors)")
        #expect(training.output.contains("corpus: 2000 documents"))
        let similar = try strand(["vectors", "similar", trained, "movie", "--top", "3"])
        #expect(similar.status == 0 && similar.output.split(separator: "\n").count == 3, "\(similar.output)\(similar.errors)")
        let unknown = try strand(["vectors", "similar", trained, "zzzzq"])
        #expect(unknown.status != 0 && unknown.errors.contains("\"zzzzq\" is not in the vocabulary"))
    }

    @Test func trainsALanguageModelAndContinuesAPrompt() throws {
        let subjects = ["The film", "This movie", "The story", "The ending"], words = ["wonderful", "boring", "great", "awful", "dull", "moving"]
        let lines = (0..<300).map { "\(subjects[$0 % 4]) was \(words[$0 % 6]) and \(words[($0 / 6) % 6])." }
        let corpus = try writeCSV(lines.joined(separator: "\n") + "\n")
        let model = folder.appendingPathComponent("lm").path
        let training = try strand(["lm", "--corpus", corpus, "--output", model, "--epochs", "1", "--embedding-size", "16", "--hidden-size", "24",
                                   "--batch-size", "8", "--min-frequency", "1"])
        #expect(training.status == 0, "\(training.errors)")
        #expect(training.output.contains("perplexity"))
        let written = try FileManager.default.contentsOfDirectory(atPath: model).sorted()
        #expect(written == ["language_model.json", "metrics.json", "model.safetensors", "vocabulary.json"])

        let generation = try strand(["generate", model, "--prompt", "The film", "--words", "6", "--samples", "2"])
        #expect(generation.status == 0, "\(generation.errors)")
        let samples = generation.output.split(separator: "\n")
        #expect(samples.count == 2 && samples.allSatisfy { $0.contains("The film") }, "\(generation.output)")
        // The same seed, the same text.
        #expect(try strand(["generate", model, "--prompt", "The film", "--words", "6", "--samples", "2"]).output == generation.output)

        let notALanguageModel = try strand(["generate", folder.path, "--prompt", "x"])
        #expect(notALanguageModel.status != 0 && notALanguageModel.errors.contains("holds no language model (no language_model.json)"))
        let tooLittle = try strand(["lm", "--corpus", try writeCSV("Too short.\n"), "--output", folder.appendingPathComponent("small").path])
        #expect(tooLittle.status != 0 && tooLittle.errors.contains("too few for batches of 32 rows of 72 tokens"), "\(tooLittle.errors)")
    }

    @Test func infoPrintsTheRuntimeReport() throws {
        let info = try strand(["info"])
        #expect(info.status == 0 && info.output.hasPrefix("Strand runtime:") && info.output.contains("OpenBLAS"))
    }
}
