import Strand

/// The demo's classifier: embedded tokens → an LSTM encoder over each review's own length →
/// concat pooling (last, max, mean) → logits for negative and positive.
///
/// Shapes: ids `[B, T]` (padded at the end with id 1) → encoder outputs `[B, T, H]` → `[B, 3H]` →
/// logits `[B, 2]`.
final class ReviewClassifier: Module {
    let embedding: Embedding
    let encoder: LSTM
    let dropout = Dropout(0.3)
    let head: Linear

    init(vocabularySize: Int, embeddingSize: Int = 64, hiddenSize: Int = 64) {
        embedding = Embedding(count: vocabularySize, dimension: embeddingSize, paddingIndex: 1)
        encoder = LSTM(embeddingSize, hiddenSize, batchFirst: true)
        head = Linear(3 * hiddenSize, 2)
    }

    /// Runs with the classifier's own hooks, like any layer.
    func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
        withHooks(ids, lengths) { ids, lengths in
            let outputs = encoder(embedding(ids), lengths: lengths).output
            return head(dropout(concatPool(outputs, lengths: lengths)))
        }
    }
}
