import Foundation
import Strand

/// Step 5: what the filters respond to. With SAME padding every token position keeps an output, so
/// the position a filter's max pooling picks names the n-gram that filter fired on (for width k the
/// window starts (k − 1) / 2 tokens before the position, as the padding puts it).
enum FilterInterpretation {
    /// For each filter width, the n-gram picked most often over all filters and test sentences
    /// (windows with an unknown token left out: `<UNK>` stands for too many words to name one).
    static func mostPickedNGrams(model: NGramCNN, data: SentenceData) -> [(width: Int, ngram: String, picks: Int, of: Int)] {
        model.eval()
        var counts = [[String: Int]](repeating: [:], count: NGramCNN.filterSizes.count)
        for batch in data.test.batches([Array(0..<data.test.count)], paddingIndex: data.paddingID) {
            let outputs = withoutGradients { model.convolutionOutputs(batch.ids) }
            let ids = batch.ids
            for (index, width) in NGramCNN.filterSizes.enumerated() {
                let picked = outputs[index].value.argmax(axis: 2)          // [B, filters]
                for sentence in 0..<picked.shape[0] {
                    for filter in 0..<picked.shape[1] {
                        let ngram = tokens(in: ids, sentence: sentence, at: picked[element: sentence, filter], width: width, vocabulary: data.vocabulary)
                        if !ngram.isEmpty { counts[index][ngram, default: 0] += 1 }
                    }
                }
            }
        }
        return NGramCNN.filterSizes.indices.compactMap { index in
            let total = counts[index].values.reduce(0, +)
            return counts[index].max { $0.value < $1.value }.map { (NGramCNN.filterSizes[index], $0.key, $0.value, total) }
        }
    }

    /// One sentence's outputs of the filters of `width` as an SVG heat map (filters down, tokens across).
    static func heatMap(of text: String, width: Int, model: NGramCNN, data: SentenceData) -> String {
        model.eval()
        let tokens = data.preprocessing.tokens(text)
        let ids = IntTensor([NGramCNN.input(data.vocabulary.encode(tokens))])
        let index = NGramCNN.filterSizes.firstIndex(of: width)!
        let outputs = withoutGradients { model.convolutionOutputs(ids) }[index].value[0]   // [filters, T]
        return heatMapSVG(outputs, columnLabels: tokens.isEmpty ? ["<PAD>"] : tokens,
                          title: "\(width)-gram filters over “\(text)”")
    }

    /// The tokens of the window a width-`width` filter sees at `position` (padding left out), or
    /// "" when the window holds an unknown token.
    private static func tokens(in ids: IntTensor, sentence: Int, at position: Int, width: Int, vocabulary: Vocabulary) -> String {
        let length = ids.shape[1], start = position - (width - 1) / 2
        let window = (max(start, 0)..<min(start + width, length)).map { ids[element: sentence, $0] }.filter { $0 != 0 }
        guard !window.contains(vocabulary.unknownID) else { return "" }
        return window.map { vocabulary.tokens[$0] }.joined(separator: " ")
    }
}
