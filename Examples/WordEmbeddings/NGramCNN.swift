import Strand

/// Notebook 003's classifier: embedded tokens, 50 filters of each of 1, 2 and 3 tokens with SAME
/// padding (every position keeps an output, which the interpretation step reads), max over time,
/// concatenated, Linear(150, 100), dropout 0.1, Linear(100, classes) — no activation between, as
/// in the notebook. Parameter names are the notebook's PyTorch ones (`embeddings`, `conv.0`, `fc1`, …).
/// Shapes: ids `[B, T]` → `[B, D, T]` → three `[B, 50, T]` → `[B, 150]` → `[B, classes]`.
final class NGramCNN: Module {
    static let filterSizes = [1, 2, 3]
    let embeddings: Embedding
    let conv: [Conv1d]
    let dropout = Dropout(0.1)
    let fc1 = Linear(150, 100)
    let fc2: Linear

    /// Random embeddings of `dimension`, or `pretrained` rows (frozen or fine-tuned).
    init(vocabularySize: Int, dimension: Int, classes: Int, pretrained: Tensor? = nil, freeze: Bool = false) {
        embeddings = pretrained.map { Embedding(pretrained: $0, freeze: freeze, paddingIndex: 0) }
            ?? Embedding(count: vocabularySize, dimension: dimension, paddingIndex: 0)
        let channels = pretrained?.shape[1] ?? dimension
        conv = Self.filterSizes.map { Conv1d(channels, 50, kernelSize: $0, padding: .same) }
        fc2 = Linear(100, classes)
    }

    /// A sentence's ids as the model takes them: a sentence whose every word was removed (all stop
    /// words) becomes one padding token, since the convolutions need at least one position.
    static func input(_ ids: [Int]) -> [Int] { ids.isEmpty ? [0] : ids }

    /// Each filter size's outputs at every position, `[B, 50, T]`.
    func convolutionOutputs(_ ids: IntTensor) -> [Variable] {
        let embedded = embeddings(ids).transposed(1, 2)
        return conv.map { $0(embedded) }
    }

    func callAsFunction(_ ids: IntTensor) -> Variable {
        let pooled = convolutionOutputs(ids).map { $0.max(axis: 2).values }
        return fc2(dropout(fc1(Variable.concatenate(pooled, axis: 1))))
    }
}
