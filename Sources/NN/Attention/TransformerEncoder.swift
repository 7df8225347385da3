import Autograd
import Tensor

/// One Transformer encoder layer, like `torch.nn.TransformerEncoderLayer(d_model, nhead,
/// dim_feedforward, dropout, activation, batch_first=True, norm_first)`: self-attention and a
/// two-layer feed-forward block, each with a residual connection and layer normalisation — after
/// each block (post-norm, PyTorch's default) or before it (`normFirst`, pre-norm).
///
/// Shapes: `[B, T, dimension]` → the same. Parameters with PyTorch's names: `self_attn.…`,
/// `linear1`, `linear2`, `norm1`, `norm2`.
public final class TransformerEncoderLayer: Module {
    /// The feed-forward block's activation.
    public enum Activation: Sendable { case relu, gelu }

    public let selfAttn: MultiheadAttention
    public let linear1: Linear
    public let dropout: Dropout
    public let linear2: Linear
    public let norm1: LayerNorm
    public let norm2: LayerNorm
    public let dropout1: Dropout
    public let dropout2: Dropout
    public let activation: Activation
    public let normFirst: Bool

    public init(dimension: Int, heads: Int, feedForward: Int = 2048, dropout: Float = 0.1, activation: Activation = .relu,
                layerNormEpsilon: Float = 1e-5, normFirst: Bool = false) {
        selfAttn = MultiheadAttention(dimension: dimension, heads: heads, dropout: dropout)
        (linear1, linear2) = (Linear(dimension, feedForward), Linear(feedForward, dimension))
        (norm1, norm2) = (LayerNorm([dimension], epsilon: layerNormEpsilon), LayerNorm([dimension], epsilon: layerNormEpsilon))
        (self.dropout, dropout1, dropout2) = (Dropout(dropout), Dropout(dropout), Dropout(dropout))
        (self.activation, self.normFirst) = (activation, normFirst)
    }

    /// Encodes `x`; the masks are ``MultiheadAttention``'s (`attentionMask` PyTorch's `src_mask`,
    /// `keyPaddingMask` its `src_key_padding_mask`).
    public func callAsFunction(_ x: Variable, attentionMask: Tensor? = nil, keyPaddingMask: Tensor? = nil) -> Variable {
        withHooks(x) { x in
            let attend = { (x: Variable) in
                self.dropout1(self.selfAttn(x, x, x, keyPaddingMask: keyPaddingMask, attentionMask: attentionMask, needWeights: false).output)
            }
            if normFirst {
                let attended = x + attend(norm1(x))
                return attended + feedForward(norm2(attended))
            }
            let attended = norm1(x + attend(x))
            return norm2(attended + feedForward(attended))
        }
    }

    private func feedForward(_ x: Variable) -> Variable {
        let hidden = linear1(x)
        return dropout2(linear2(dropout(activation == .relu ? relu(hidden) : gelu(hidden))))
    }
}

/// A stack of encoder layers, like `torch.nn.TransformerEncoder(encoder_layer, num_layers, norm)`:
/// parameters `layers.0.…`, `layers.1.…` and the optional final `norm`.
public final class TransformerEncoder: Module {
    public let layers: [TransformerEncoderLayer]
    public let norm: LayerNorm?

    /// `count` layers made by `makeLayer` (PyTorch deep-copies one layer; each gets its own weights).
    public init(count: Int, norm: LayerNorm? = nil, makeLayer: () -> TransformerEncoderLayer) {
        strandPrecondition(count > 0, "TransformerEncoder: needs at least one layer, got \(count)")
        layers = (0..<count).map { _ in makeLayer() }
        self.norm = norm
    }

    public func callAsFunction(_ x: Variable, attentionMask: Tensor? = nil, keyPaddingMask: Tensor? = nil) -> Variable {
        withHooks(x) { x in
            let encoded = layers.reduce(x) { $1($0, attentionMask: attentionMask, keyPaddingMask: keyPaddingMask) }
            return norm.map { $0(encoded) } ?? encoded
        }
    }
}
