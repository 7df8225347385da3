import Foundation
import Strand

/// A fastai AWD-LSTM language model converted to safetensors (scripts/convert_fastai.py), fitted to
/// this corpus's vocabulary as fastai's `match_embeds` does: a word both vocabularies share keeps
/// its pretrained embedding row and decoder bias, a new word gets the mean of them.
struct PretrainedWeights {
    let tensors: [(String, StateTensor)]
    /// The sizes the file was trained with.
    let configuration: AWDLSTMConfiguration

    init(file: URL, vocabularyFile: URL, vocabulary: Vocabulary) throws {
        let contents = try SafeTensors.read(file)
        let oldTokens = try JSONDecoder().decode([String].self, from: Data(contentsOf: vocabularyFile))
        guard case .float(let embedding)? = contents["0.encoder.weight"], case .float(let inputWeight)? = contents["0.rnns.0.module.weight_ih_l0"],
              embedding.rank == 2, embedding.shape[0] == oldTokens.count, inputWeight.rank == 2 else {
            throw PretrainedWeightsError(file: file, reason: "no AWD-LSTM language model with a \(oldTokens.count)-token embedding (0.encoder.weight, 0.rnns.0.module.weight_ih_l0)")
        }
        var configuration = AWDLSTMConfiguration.languageModel
        (configuration.embeddingSize, configuration.hiddenSize) = (embedding.shape[1], inputWeight.shape[0] / 4)
        self.configuration = configuration
        let oldRows = Dictionary(oldTokens.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = vocabulary.tokens.map { oldRows[$0] }
        tensors = contents.tensors.map { key, value in
            guard case .float(let tensor) = value, key.hasSuffix("encoder.weight") || key.hasSuffix("emb.weight") || key.hasPrefix("1.decoder.") else { return (key, value) }
            return (key, .float(Self.matched(tensor, rows: rows)))
        }
        print("Pretrained weights \(file.lastPathComponent): embedding \(configuration.embeddingSize), hidden \(configuration.hiddenSize); "
              + "\(rows.compactMap { $0 }.count) of \(vocabulary.count) tokens known to its vocabulary")
    }

    /// `tensor`'s rows (first axis) reordered to `rows`; nil rows get the mean row.
    private static func matched(_ tensor: Tensor, rows: [Int?]) -> Tensor {
        let withMean = Tensor.concatenate([tensor, tensor.mean(axis: 0, keepDims: true)], axis: 0)
        return withMean.indexSelect(IntTensor(rows.map { $0 ?? tensor.shape[0] }))
    }
}

struct PretrainedWeightsError: Error, CustomStringConvertible {
    let file: URL
    let reason: String
    var description: String { "\(file.path): \(reason)" }
}
