import Autograd
import Foundation
import Tensor

/// Multi-head attention, like `torch.nn.MultiheadAttention(embed_dim, num_heads, dropout,
/// batch_first=True)`: queries attend over keys in `heads` subspaces of `dimension / heads` values,
/// `softmax(Q·Kᵀ / √d + mask)·V` per head, the heads concatenated and projected.
///
/// Shapes: query `[B, L, E]`, key and value `[B, S, E]` → output `[B, L, E]`, weights `[B, L, S]`
/// averaged over the heads (or `[B, heads, L, S]`). Parameters with PyTorch's names: the packed
/// `in_proj_weight` `[3E, E]` and `in_proj_bias` `[3E]` (query, key, value rows in that order),
/// `out_proj.weight` and `out_proj.bias`; PyTorch's initialisation (Xavier-uniform projections,
/// zero biases). The weights reach forward hooks as the output's second variable.
public final class MultiheadAttention: Module {
    public let dimension: Int
    public let heads: Int
    public let inProjWeight: Parameter
    public let inProjBias: Parameter
    public let outProj: Linear
    public let dropout: Dropout

    public init(dimension: Int, heads: Int, dropout: Float = 0) {
        strandPrecondition(dimension > 0 && heads > 0 && dimension % heads == 0,
                           "MultiheadAttention: the dimension \(dimension) must be a positive multiple of the \(heads) heads")
        (self.dimension, self.heads) = (dimension, heads)
        let bound = (6 / Float(dimension + 3 * dimension)).squareRoot()
        inProjWeight = Parameter(Tensor.uniform([3 * dimension, dimension], low: -bound, high: bound))
        inProjBias = Parameter(Tensor.zeros([3 * dimension]))
        outProj = Linear(weight: Linear(dimension, dimension).weight, bias: Parameter(Tensor.zeros([dimension])))
        self.dropout = Dropout(dropout)
    }

    /// What attention returns: the output, and the attention weights when asked for.
    public struct Output: HookValue {
        public let output: Variable
        public let weights: Variable?
        public var hookVariables: [Variable] { [output] + (weights.map { [$0] } ?? []) }
        public func replacingHookVariables(_ variables: [Variable]) -> Output {
            Output(output: variables[0], weights: weights == nil ? nil : variables[1])
        }
    }

    /// Attends `query` over `key`/`value`.
    /// - Parameters:
    ///   - query: `[B, L, E]`, what asks.
    ///   - key: `[B, S, E]`, what the queries are compared with.
    ///   - value: `[B, S, E]`, what the weights average.
    ///   - keyPaddingMask: `[B, S]`, nonzero where a key is padding and must be ignored (PyTorch's
    ///     boolean `key_padding_mask`, `True` = ignore).
    ///   - attentionMask: added to the scores before the softmax, `[L, S]` or `[B·heads, L, S]`
    ///     (PyTorch's float `attn_mask`; a boolean one's `True` is −∞ here, see ``causalMask(_:)``).
    ///   - needWeights: return the attention weights too.
    ///   - averageWeights: average the weights over the heads (`[B, L, S]`) rather than keep one
    ///     set per head (`[B, heads, L, S]`).
    public func callAsFunction(_ query: Variable, _ key: Variable, _ value: Variable, keyPaddingMask: Tensor? = nil,
                               attentionMask: Tensor? = nil, needWeights: Bool = true, averageWeights: Bool = true) -> Output {
        withHooks(AttentionInputs(query: query, key: key, value: value)) { inputs in
            attend(inputs.query, inputs.key, inputs.value, keyPaddingMask: keyPaddingMask, attentionMask: attentionMask,
                   needWeights: needWeights, averageWeights: averageWeights)
        }
    }

    private func attend(_ query: Variable, _ key: Variable, _ value: Variable, keyPaddingMask: Tensor?, attentionMask: Tensor?,
                        needWeights: Bool, averageWeights: Bool) -> Output {
        strandPrecondition(query.rank == 3 && key.rank == 3 && value.rank == 3 && query.shape[2] == dimension && key.shape == value.shape
                           && key.shape[0] == query.shape[0] && key.shape[2] == dimension,
                           "MultiheadAttention(\(dimension)): query [B, L, \(dimension)], key and value [B, S, \(dimension)] expected, got \(query.shape), \(key.shape), \(value.shape)")
        let (batch, targets, sources, headSize) = (query.shape[0], query.shape[1], key.shape[1], dimension / heads)
        // One projection per role from the packed weight: rows 0..<E query, E..<2E key, 2E..<3E value.
        func project(_ x: Variable, _ role: Int, length: Int) -> Variable {
            let rows = (role * dimension)..<((role + 1) * dimension)
            let projected = matmul(x, inProjWeight.slice(axis: 0, rows), transposeB: true) + inProjBias.slice(axis: 0, rows)
            // [B, T, E] → [B·heads, T, d]
            return projected.reshaped([batch, length, heads, headSize]).permuted(0, 2, 1, 3).reshaped([batch * heads, length, headSize])
        }
        let (q, k, v) = (project(query, 0, length: targets), project(key, 1, length: sources), project(value, 2, length: sources))
        var scores = matmul(q, k, transposeB: true) * (1 / Float(headSize).squareRoot())        // [B·heads, L, S]
        if let mask = additiveMask(keyPaddingMask: keyPaddingMask, attentionMask: attentionMask, batch: batch, targets: targets, sources: sources) {
            scores = scores + Variable(mask)
        }
        // In training the weights returned are the dropped ones, as PyTorch returns them.
        let weights = dropout(scores.softmax(axis: 2))
        let attended = matmul(weights, v)                                                       // [B·heads, L, d]
            .reshaped([batch, heads, targets, headSize]).permuted(0, 2, 1, 3).reshaped([batch, targets, dimension])
        let perHead = weights.reshaped([batch, heads, targets, sources])
        return Output(output: outProj(attended), weights: needWeights ? (averageWeights ? perHead.mean(axis: 1) : perHead) : nil)
    }

    /// The key-padding and attention masks as one additive `[B·heads, L, S]` mask, −∞ where a key is ignored.
    private func additiveMask(keyPaddingMask: Tensor?, attentionMask: Tensor?, batch: Int, targets: Int, sources: Int) -> Tensor? {
        guard keyPaddingMask != nil || attentionMask != nil else { return nil }
        var mask = Tensor.zeros([batch * heads, targets, sources])
        if let attentionMask {
            strandPrecondition(attentionMask.shape == [targets, sources] || attentionMask.shape == [batch * heads, targets, sources],
                               "MultiheadAttention: attentionMask must be [\(targets), \(sources)] or [\(batch * heads), \(targets), \(sources)], got \(attentionMask.shape)")
            mask = mask + attentionMask
        }
        if let keyPaddingMask {
            strandPrecondition(keyPaddingMask.shape == [batch, sources], "MultiheadAttention: keyPaddingMask must be [\(batch), \(sources)], got \(keyPaddingMask.shape)")
            let ignored = Tensor(shape: [batch, 1, 1, sources], scalars: keyPaddingMask.scalars.map { $0 != 0 ? -Float.infinity : 0 })
            mask = mask + ignored.expanded(to: [batch, heads, targets, sources]).reshaped([batch * heads, targets, sources])
        }
        return mask
    }

    public override var extraDescription: String { "embed_dim=\(dimension), num_heads=\(heads)" }
}

/// The additive mask that lets position `i` attend only to positions `≤ i` (−∞ above the
/// diagonal), like `torch.nn.Transformer.generate_square_subsequent_mask(length)`.
public func causalMask(_ length: Int) -> Tensor {
    Tensor(shape: [length, length], scalars: (0..<length).flatMap { row in (0..<length).map { $0 > row ? -Float.infinity : 0 } })
}

/// Query, key and value as forward hooks see them, in that order.
struct AttentionInputs: HookValue {
    let query: Variable, key: Variable, value: Variable
    var hookVariables: [Variable] { [query, key, value] }
    func replacingHookVariables(_ variables: [Variable]) -> AttentionInputs {
        AttentionInputs(query: variables[0], key: variables[1], value: variables[2])
    }
}
