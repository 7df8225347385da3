import Strand

/// Notebook 004's first model: a packed two-layer bidirectional LSTM; the last forward and backward
/// hidden states of the top layer, concatenated, give one logit. The embedding is random (100-d, the
/// notebook's) or, given `pretrained` vectors, starts from them and is fine-tuned.
/// Shapes: ids `[T, B]` with lengths → embeddings `[T, B, D]` → h_n `[4, B, 256]` → `[B, 512]` → `[B, 1]`.
final class BiLSTMClassifier: Module {
    let embedding: Embedding
    let rnn: LSTM
    let dropout = Dropout(0.2)
    let output: Linear

    init(vocabularySize: Int, paddingIndex: Int, pretrained: Tensor? = nil) {
        // Drawn in this order (LSTM, Linear, embedding) so a seed gives the weights it always gave.
        rnn = LSTM(pretrained?.shape[1] ?? 100, 256, numLayers: 2, dropout: 0.2, bidirectional: true)
        output = Linear(512, 1)
        embedding = pretrained.map { Embedding(pretrained: $0, freeze: false, paddingIndex: paddingIndex) }
            ?? Embedding(count: vocabularySize, dimension: 100, paddingIndex: paddingIndex)
    }

    func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
        let hidden = rnn(embedding(ids), lengths: lengths).hidden
        return output(dropout(Variable.concatenate([hidden[2], hidden[3]], axis: 1)))
    }
}

/// Notebook 004's Kim CNN: Conv2d(1, 64, (k, dimension)) for k = 3, 4, 5 over the embedded
/// sentence, ReLU, max over time, concatenated, dropout 0.5, one logit.
/// Shapes: ids `[B, T]` → `[B, 1, T, D]` → three `[B, 64]` → `[B, 192]` → `[B, 1]`.
final class KimCNN: Module {
    let embedding: Embedding
    let convolutions: [Conv2d]
    let dropout = Dropout(0.5)
    let output = Linear(192, 1)

    init(vocabularySize: Int, dimension: Int, paddingIndex: Int, pretrained: Tensor? = nil) {
        embedding = pretrained.map { Embedding(pretrained: $0, freeze: false, paddingIndex: paddingIndex) }
            ?? Embedding(count: vocabularySize, dimension: dimension, paddingIndex: paddingIndex)
        convolutions = [3, 4, 5].map { Conv2d(1, 64, kernelSize: ($0, dimension)) }
    }

    func callAsFunction(_ ids: IntTensor) -> Variable {
        let embedded = embedding(ids).unsqueezed(axis: 1)
        let pooled = convolutions.map { relu($0(embedded)).squeezed(axis: 3).max(axis: 2).values }
        return output(dropout(Variable.concatenate(pooled, axis: 1)))
    }
}
