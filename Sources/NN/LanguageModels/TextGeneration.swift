import Autograd
import Foundation
import Tensor

/// How a language model picks each next token (fastai's `LMLearner.predict` settings).
public struct SamplingSettings: Sendable {
    /// Probabilities are raised to 1/temperature before sampling (softmax(z / T)): below 1 the
    /// likely tokens get likelier, above 1 the choice flattens.
    public var temperature: Float = 1
    /// Only the `topK` most probable tokens can be drawn (nil: all).
    public var topK: Int?
    /// Tokens below this probability are never drawn (fastai's `min_p`), unless none reaches it.
    public var minimumProbability: Float?
    /// Tokens never drawn, such as `xxunk` (fastai's `no_unk`) and `xxpad`.
    public var excluded: Set<Int> = []
    /// No n-gram of this many tokens appears twice in the text (Hugging Face's
    /// `no_repeat_ngram_size`, which stops a small model's loops; nil: no such rule).
    public var noRepeatNGramSize: Int?

    public init(temperature: Float = 1, topK: Int? = nil, minimumProbability: Float? = nil, excluded: Set<Int> = [],
                noRepeatNGramSize: Int? = nil) {
        strandPrecondition(temperature > 0, "SamplingSettings: temperature must be positive, got \(temperature)")
        strandPrecondition(topK.map { $0 > 0 } ?? true, "SamplingSettings: topK must be positive, got \(topK!)")
        strandPrecondition(noRepeatNGramSize.map { $0 > 0 } ?? true, "SamplingSettings: noRepeatNGramSize must be positive, got \(noRepeatNGramSize!)")
        self.temperature = temperature
        self.topK = topK
        self.minimumProbability = minimumProbability
        self.excluded = excluded
        self.noRepeatNGramSize = noRepeatNGramSize
    }

    /// The tokens that would repeat an n-gram of `text` (its last n − 1 tokens seen before, and
    /// what followed them then).
    func repeatingTokens(after text: [Int]) -> Set<Int> {
        guard let size = noRepeatNGramSize, text.count >= size else { return [] }
        let prefix = text.suffix(size - 1)
        return Set((0...(text.count - size)).filter { text[$0..<($0 + size - 1)].elementsEqual(prefix) }.map { text[$0 + size - 1] })
    }

    /// Draws a token from next-token `probabilities` with these settings, after `text`.
    func draw(from probabilities: [Float], after text: [Int] = [], using generator: inout RandomGenerator) -> Int {
        var weights = probabilities.map(Double.init)
        for token in excluded.union(repeatingTokens(after: text)) where weights.indices.contains(token) { weights[token] = 0 }
        if let minimumProbability, weights.contains(where: { $0 >= Double(minimumProbability) }) {
            weights = weights.map { $0 < Double(minimumProbability) ? 0 : $0 }
        }
        if let topK, topK < weights.count {
            let bar = weights.sorted(by: >)[topK - 1]
            var kept = 0
            weights = weights.map { weight in
                guard weight >= bar, kept < topK else { return 0 }
                kept += 1
                return weight
            }
        }
        if temperature != 1 { weights = weights.map { Foundation.pow($0, 1 / Double(temperature)) } }
        let total = weights.reduce(0, +)
        strandPrecondition(total > 0, "SamplingSettings: every token is excluded")
        var threshold = Double(generator.next() >> 11) / 9_007_199_254_740_992 * total
        for (token, weight) in weights.enumerated() where weight > 0 {
            threshold -= weight
            if threshold < 0 { return token }
        }
        return weights.lastIndex { $0 > 0 }!
    }
}

extension AWDLSTMLanguageModel {
    /// Continues `prompt` (token ids, typically starting with `xxbos`) by `count` tokens, each
    /// drawn from the model's next-token distribution with `settings`, in evaluation mode — fastai's
    /// `LMLearner.predict`, which re-reads the whole text for every token; carrying the hidden state
    /// instead gives the same distributions. Returns the prompt followed by the new tokens. The
    /// model's carried state is reset before and after.
    public func generate(from prompt: [Int], count: Int, settings: SamplingSettings = SamplingSettings(),
                         using generator: inout RandomGenerator) -> [Int] {
        strandPrecondition(!prompt.isEmpty, "generate: the prompt needs at least one token")
        let wasTraining = isTraining
        eval()
        reset()
        defer {
            reset()
            train(wasTraining)
        }
        var tokens = prompt
        var next = IntTensor(shape: [1, prompt.count], scalars: prompt)
        for _ in 0..<count {
            let logits = withoutGradients { self(next).logits.value }
            let steps = logits.shape[1]
            let probabilities = logits.slice(axis: 1, (steps - 1)..<steps).reshaped([-1]).softmax(axis: 0).scalars
            let token = settings.draw(from: probabilities, after: tokens, using: &generator)
            tokens.append(token)
            next = IntTensor(shape: [1, 1], scalars: [token])
        }
        return tokens
    }
}
