import Autograd
import Tensor

/// What a recurrent text classifier returns: its logits and the encoder's output, which AR/TAR
/// regularise (fastai passes the same tensor as both raw and dropped).
public struct ClassifierOutput: HookValue, RecurrentActivations {
    /// `[B, classes]`.
    public var logits: Variable
    public var raw: Variable
    public var dropped: Variable { raw }

    public var hookVariables: [Variable] { [logits, raw] }

    public func replacingHookVariables(_ variables: [Variable]) -> ClassifierOutput {
        ClassifierOutput(logits: variables[0], raw: variables[1])
    }
}

extension Sequential {
    /// fastai's `LinBnDrop`: `BatchNorm1d(inFeatures)` (weight 1, bias 1e-3, as fastai starts it)
    /// → `Dropout(dropout)` (left out at 0) → `Linear` without bias → the activation, if any.
    /// Children are numbered as fastai's, so state-dict keys match (`0.weight` the BatchNorm's,
    /// `2.weight` the linear layer's).
    public static func linBnDrop(_ inFeatures: Int, _ outFeatures: Int, dropout: Float = 0,
                                 activation: (any Layer<Variable, Variable>)? = nil) -> Sequential {
        let norm = BatchNorm1d(inFeatures)
        norm.bias!.value = Tensor.full([inFeatures], value: 1e-3)
        let layers: [(any Layer<Variable, Variable>)?] = [norm, dropout > 0 ? Dropout(dropout) : nil, Linear(inFeatures, outFeatures, bias: false), activation]
        return Sequential(layers.compactMap { $0 })
    }
}

/// A classifier head over an ``EncodedSequence``: masked concat pooling (the last token's
/// output, the maximum and the mean over tokens) then ``Sequential/linBnDrop(_:_:dropout:activation:)``
/// blocks with ReLU between them — fastai's `PoolingLinearClassifier`.
///
/// The "last token" is found by fastai's rule: `T − 1 − (padding among the last bptt positions)`.
/// That is the last token when padding at the end is all there is in those positions; for a row
/// whose tokens all lie in a final chunk shorter than `bptt`, the start padding counts too and an
/// earlier position is taken. Kept for parity with fastai's trained models.
///
/// Shapes: outputs `[B, T, H]` → logits `[B, sizes.last]`, with `sizes[0] = 3H`.
public final class PoolingLinearClassifier: Module, Layer {
    public let layers: Sequential
    public let bptt: Int

    /// Blocks from `sizes[i]` to `sizes[i + 1]`, with dropout `dropouts[i]` before each.
    public init(sizes: [Int], dropouts: [Float], bptt: Int = 72) {
        strandPrecondition(sizes.count >= 2 && dropouts.count == sizes.count - 1,
                           "PoolingLinearClassifier: \(dropouts.count) dropouts for \(sizes.count - 1) layers (sizes \(sizes))")
        self.bptt = bptt
        layers = Sequential(sizes.indices.dropLast().map { index in
            Sequential.linBnDrop(sizes[index], sizes[index + 1], dropout: dropouts[index], activation: index < sizes.count - 2 ? ReLU() : nil)
        })
    }

    public func forward(_ encoded: EncodedSequence) -> ClassifierOutput {
        let (batch, steps) = (encoded.mask.shape[0], encoded.mask.shape[1])
        let window = Swift.max(steps - bptt, 0)..<steps
        let lastPositions = (0..<batch).map { row in steps - 1 - window.filter { encoded.mask[element: row, $0] == 0 }.count }
        return ClassifierOutput(logits: layers(concatPool(encoded.output, mask: encoded.mask, lastPositions: lastPositions)), raw: encoded.output)
    }
}
