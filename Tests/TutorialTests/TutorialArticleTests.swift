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
