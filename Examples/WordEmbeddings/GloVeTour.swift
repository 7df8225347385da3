import ExampleSupport
import Foundation
import Strand

/// Step 2: GloVe 6B 50d — neighbours, king − man + woman, the bias probe, and chosen words projected
/// to two dimensions by PCA.
enum GloVeTour {
    static let fullPath = "data/glove/glove.6B.50d.txt"
    /// The 3,000 most frequent GloVe words and the words the steps ask about (scripts/make-example-samples).
    static let samplePath = "Examples/Data/word-vectors/glove.6B.50d.sample.txt"
    static let pictured = ["king", "queen", "man", "woman", "prince", "princess", "paris", "france", "berlin", "germany",
                           "rome", "italy", "apple", "banana", "orange", "car", "truck", "bus"]

    static func load(full: Bool) throws -> WordVectors {
        let path = full ? fullPath : samplePath
        guard FileManager.default.fileExists(atPath: path) else { throw MissingData(path: path) }
        let vectors = try WordVectors.readText(URL(fileURLWithPath: path), hasHeader: false)
        print("GloVe: \(vectors.count) words of \(vectors.dimension) dimensions from \(path)")
        return vectors
    }

    static func explore(_ glove: WordVectors, folder: URL) throws {
        try OwnVectors.printNeighbours(of: ["movie", "beautiful", "computer"], in: glove)
        let queen = try glove.mostSimilar(positive: ["woman", "king"], negative: ["man"], k: 3)
        print("king − man + woman → \(OwnVectors.format(queen))")
        let bias = try glove.mostSimilar(positive: ["woman", "doctor"], negative: ["man"], k: 5)
        print("doctor − man + woman → \(OwnVectors.format(bias))   (the bias the notebook warns about)")

        let words = pictured.filter(glove.contains)
        let rows = Tensor.stack(words.map { glove[$0]! })
        let pca = try PrincipalComponents(fitting: rows, count: 2)
        let ratio = pca.explainedVarianceRatio.map { String(format: "%.0f %%", 100 * $0) }.joined(separator: " + ")
        print("PCA of \(words.count) words: the first two components explain \(ratio) of their variance")
        try scatterPlotSVG(points: pca.transform(rows), labels: words)
            .write(to: folder.appendingPathComponent("glove_pca.svg"), atomically: true, encoding: .utf8)
    }
}
