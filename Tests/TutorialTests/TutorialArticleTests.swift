import Foundation
import Testing

/// The DocC tutorials' code is this target's: every ```swift block of each article must appear,
/// line for line, in the test file that runs it (indentation aside), so an article cannot show code
/// that no longer compiles or no longer runs.
@Suite struct TutorialArticleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [("TrainAndExplain.md", "TrainAndExplainTutorial.swift"), ("WordVectors.md", "WordVectorsTutorial.swift")])
    func everyCodeBlockIsInItsTest(article: String, test: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Sources/Strand/Strand.docc/\(article)"), encoding: .utf8)
        let source = try String(contentsOf: Self.root.appendingPathComponent("Tests/TutorialTests/\(test)"), encoding: .utf8)
        let sourceLines = source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let blocks = text.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 3)
        for block in blocks {
            let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            // The block's lines occur in the test as one contiguous run.
            let found = sourceLines.indices.contains { start in
                start + lines.count <= sourceLines.count && Array(sourceLines[start..<(start + lines.count)]) == lines
            }
            #expect(found, "\(article): a code block is not in \(test) as it stands:\n\(block)")
        }
    }
}

/// The README's and `Documentation/`'s code: every ```swift block must appear, line for line
/// (indentation, blank lines and imports aside), in `ArticleSnippetTests.swift`, which runs it, or,
/// for library code an article quotes, in a source file of `Sources/`.
@Suite struct ArticleCodeTests {
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("import ") }
    }

    static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        haystack.indices.contains { start in start + needle.count <= haystack.count && Array(haystack[start..<(start + needle.count)]) == needle }
    }

    @Test func everyArticleBlockRunsOrIsLibraryCode() throws {
        let root = TutorialArticleTests.root
        let manager = FileManager.default
        let snippets = Self.lines(try String(contentsOf: root.appendingPathComponent("Tests/TutorialTests/ArticleSnippetTests.swift"), encoding: .utf8))
        let sources = try manager.subpathsOfDirectory(atPath: root.appendingPathComponent("Sources").path).filter { $0.hasSuffix(".swift") }
            .map { Self.lines(try String(contentsOf: root.appendingPathComponent("Sources/\($0)"), encoding: .utf8)) }
        let articles = try manager.contentsOfDirectory(atPath: root.appendingPathComponent("Documentation").path).filter { $0.hasSuffix(".md") }
            .map { "Documentation/\($0)" } + ["README.md"]
        var blocks = 0
        for article in articles {
            let text = try String(contentsOf: root.appendingPathComponent(article), encoding: .utf8)
            for block in text.components(separatedBy: "```swift\n").dropFirst().map({ $0.components(separatedBy: "```")[0] }) {
                blocks += 1
                let needle = Self.lines(block)
                #expect(Self.contains(snippets, needle) || sources.contains { Self.contains($0, needle) },
                        "\(article): a code block is neither in ArticleSnippetTests.swift nor in Sources/ as it stands:\n\(block)")
            }
        }
        #expect(blocks >= 12)
    }
}
