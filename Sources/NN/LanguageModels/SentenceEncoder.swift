import Autograd
import Tensor

/// An encoder's output over whole documents: `[B, T, H]` outputs and the `[B, T]` mask of their
/// tokens (1 at tokens, 0 at padding).
public struct EncodedSequence: HookValue {
    public var output: Variable
    public var mask: Tensor

    public init(output: Variable, mask: Tensor) {
        self.output = output
        self.mask = mask
    }

    public var hookVariables: [Variable] { [output] }

    public func replacingHookVariables(_ variables: [Variable]) -> EncodedSequence {
        EncodedSequence(output: variables[0], mask: mask)
    }
}

/// Reads documents of any length through an ``AWDLSTM`` `bptt` tokens at a time, carrying the
/// hidden state from chunk to chunk (detached, so gradients stop at chunk boundaries) — fastai's
/// `SentenceEncoder`. The embedding runs once over the whole batch (fastai embeds chunk by chunk:
/// the same values, but in training fastai draws a new whole-word dropout mask per chunk, and this
/// encoder one per batch). Only the outputs of the chunks within the last `maxLength` tokens are kept
/// (and get gradients), as fastai does to bound memory on long reviews.
///
/// Made for fastai's classification batches: chunk-padded (`PaddedBatch.init(chunkPadding:paddingIndex:chunkLength:labels:)`,
/// so every sequence starts at a chunk boundary) and sorted by decreasing length. Each chunk runs
/// the rows up to the last one holding a token in it; the outputs of the rows below are zero.
/// (fastai runs as many rows as hold a token at the chunk's start, which is the same rows except
/// when a longer sequence ends before a shorter one's last chunk; then fastai skips the shorter
/// one's last tokens, and this encoder does not.)
///
/// Shapes: ids `[B, T]` → ``EncodedSequence`` `[B, T′, H]` (T′ = T without dropped chunks).
public final class SentenceEncoder: Module, Layer, StatefulModel {
    public let module: AWDLSTM
    public let bptt: Int
    public let paddingIndex: Int
    public let maxLength: Int?
    /// Whether gradients flow from chunk to chunk through the carried states (false: detached at
    /// every boundary, as fastai trains and as its gradients are). Set it to attribute a prediction
    /// to every token of a review longer than `bptt`: with the states detached, the gradient
    /// misses each token's influence on later chunks, and Integrated Gradients cannot add up to
    /// the change of the output.
    public var carriesGradientsAcrossChunks = false

    public init(_ module: AWDLSTM, bptt: Int = 72, paddingIndex: Int = 1, maxLength: Int? = 72 * 20) {
        strandPrecondition(bptt > 0, "SentenceEncoder: bptt must be positive, got \(bptt)")
        self.module = module
        self.bptt = bptt
        self.paddingIndex = paddingIndex
        self.maxLength = maxLength
    }

    public func reset() { module.reset() }

    public func forward(_ ids: IntTensor) -> EncodedSequence {
        strandPrecondition(ids.rank == 2, "SentenceEncoder: token ids must be [B, T], got shape \(ids.shape)")
        let (batch, steps) = (ids.shape[0], ids.shape[1])
        reset()
        // The embedding is per token, so it runs once over the whole document: one call that
        // attribution methods can hook (Layer Integrated Gradients on `encoderDp`).
        let embedded = module.encoderDp(ids)
        var outputs: [Variable] = [], masks: [Tensor] = []
        for start in stride(from: 0, to: steps, by: bptt) {
            let columns = start..<Swift.min(start + bptt, steps)
            let chunk = ids.slice(axis: 1, columns)
            let tokens = chunk.scalars.map { $0 == paddingIndex ? Float(0) : 1 }
            let rows = lastRowWithTokens(tokens, width: chunk.shape[1]) + 1
            let output = module.encode(embedded: embedded.slice(axis: 1, columns).slice(axis: 0, 0..<rows),
                                       carriesGradients: carriesGradientsAcrossChunks)
            guard maxLength.map({ steps - start <= $0 }) ?? true else { continue }
            outputs.append(rows == batch ? output : output.padded(axis: 0, before: 0, after: batch - rows))
            masks.append(Tensor(shape: chunk.shape, scalars: tokens))
        }
        return EncodedSequence(output: Variable.concatenate(outputs, axis: 1), mask: Tensor.concatenate(masks, axis: 1))
    }

    /// The last row of a chunk's token mask (`[rows, width]`, flat) with a token; 0 if none has.
    private func lastRowWithTokens(_ tokens: [Float], width: Int) -> Int {
        (tokens.lastIndex(of: 1) ?? 0) / width
    }
}
