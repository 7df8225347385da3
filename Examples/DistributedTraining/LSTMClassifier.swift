import Strand

/// Embedding(V, 64) → LSTM(64, 128) over the reviews' true lengths → Linear(128, 2) on the last
/// hidden state. Shapes: ids `[T, B]` with lengths → `[T, B, 64]` → h_n `[1, B, 128]` → `[B, 2]`.
final class LSTMClassifier: Module {
    let embedding: Embedding
    let rnn = LSTM(64, 128)
    let dropout = Dropout(0.2)
    let output = Linear(128, 2)

    init(vocabularySize: Int) {
        embedding = Embedding(count: vocabularySize, dimension: 64, paddingIndex: 1)
    }

    func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
        output(dropout(rnn(embedding(ids), lengths: lengths).hidden.squeezed(axis: 0)))
    }
}
