import Foundation
import Strand

/// Where the classifier starts on the bundled sample before `scripts/make-pretrained-lm` has made
/// the language model: GloVe 6B 50d vectors for its embedding, its LSTMs from random weights. The
/// vectors come from the repository (`glove.6B.50d.imdb-sample.safetensors`: the words seen twice
/// in the sample's reviews, float16, written by `scripts/make-example-samples`), so a fresh clone
/// needs no download. GloVe is lower-case like fastai's tokens (`xxmaj` marks the capitals), so
/// most tokens are found as they are.
///
/// Measured with `fine_tune(16, 2e-2)` on the sample's 800 training reviews, GloVe lifts the test
/// accuracy from 0.49 (random weights) to 0.77; with `--full`'s 20,000 reviews and
/// `fine_tune(4, 2e-2)` it lowered it, from 0.869 to 0.836 — the embedding then learns more from
/// the reviews than GloVe's 50 dimensions bring — so `--full` starts from random weights.
struct GloVeStart {
    static let path = "Examples/Data/word-vectors/glove.6B.50d.imdb-sample.safetensors"

    let vectors: WordVectors

    /// Reads the committed sample: a float16 `vectors` matrix and its words, one per line, in the metadata.
    init() throws {
        let url = URL(fileURLWithPath: Self.path)
        let contents = try SafeTensors.read(url)
        guard case .float(let matrix)? = contents["vectors"], let words = contents.metadata["words"]?.split(separator: "\n").map(String.init),
              matrix.shape.count == 2, matrix.shape[0] == words.count else {
            throw SafeTensorsError.invalidHeader(path: url.path, reason: "expected a float `vectors` matrix with one row per line of the `words` metadata")
        }
        vectors = WordVectors(words: words, vectors: matrix)
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
