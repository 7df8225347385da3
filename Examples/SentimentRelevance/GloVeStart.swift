import Foundation
import Strand

/// Where the classifier starts before `scripts/make-pretrained-lm` has made the language model:
/// GloVe 6B 50d vectors for its embedding, its LSTMs from random weights. On the bundled sample
/// the vectors come from the repository (`glove.6B.50d.imdb-sample.safetensors`: the words seen
/// twice in the sample's reviews, float16, written by `scripts/make-example-samples`), so a fresh
/// clone needs no download; with `--full`, from the file `scripts/fetch-data` fetches. GloVe is
/// lower-case like fastai's tokens (`xxmaj` marks the capitals), so most tokens are found as they are.
struct GloVeStart {
    static let fetched = "data/glove/glove.6B.50d.txt"
    static let committed = "Examples/Data/word-vectors/glove.6B.50d.imdb-sample.safetensors"
    /// fastai's `fine_tune` budget from GloVe (epochs after the frozen one, base learning rate):
    /// the LSTMs learn from nothing, so more and faster epochs than from a language model (on the
    /// sample, test accuracy 0.62 after 4 epochs at 1e-2, 0.78 after 16 at 2e-2, 0.75 after 20).
    static let schedule = (epochs: 16, learningRate: Float(2e-2))

    let vectors: WordVectors
    let path: String

    init(full: Bool) throws {
        path = full ? Self.fetched : Self.committed
        vectors = full ? try WordVectors.readText(URL(fileURLWithPath: path)) : try Self.readCommitted(URL(fileURLWithPath: path))
    }

    /// The committed sample: a float16 `vectors` matrix and its words, one per line, in the metadata.
    static func readCommitted(_ url: URL) throws -> WordVectors {
        let contents = try SafeTensors.read(url)
        guard case .float(let matrix)? = contents["vectors"], let words = contents.metadata["words"]?.split(separator: "\n").map(String.init),
              matrix.shape.count == 2, matrix.shape[0] == words.count else {
            throw SafeTensorsError.invalidHeader(path: url.path, reason: "expected a float `vectors` matrix with one row per line of the `words` metadata")
        }
        return WordVectors(words: words, vectors: matrix)
    }

    /// Copies the vectors into `model`'s embedding (a seeded normal draw for unknown tokens, zeros
    /// for padding); returns how many of the vocabulary's tokens GloVe knows.
    func initialise(_ model: AWDLSTMClassifier, vocabulary: Vocabulary, seed: UInt64) -> Int {
        let table = model.encoder.module.encoder
        strandPrecondition(table.dimension == vectors.dimension,
                           "GloVeStart: the classifier's embedding has \(table.dimension) dimensions, the vectors \(vectors.dimension)")
        var generator = RandomGenerator(seed: seed)
        let (matrix, found) = vectors.embeddingMatrix(for: vocabulary, zeroRows: [model.encoder.paddingIndex], using: &generator)
        table.weight.value = matrix
        return found
    }
}
