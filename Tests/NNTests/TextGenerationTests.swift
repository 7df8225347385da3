import Autograd
@testable import NN
import Tensor
import Testing

@Suite struct TextGenerationTests {
    private func model() -> AWDLSTMLanguageModel {
        RandomGenerator.manualSeed(9)
        var configuration = AWDLSTMConfiguration.languageModel
        (configuration.embeddingSize, configuration.hiddenSize) = (8, 12)
        return AWDLSTMLanguageModel(vocabularySize: 20, configuration: configuration)
    }

    @Test func carryingTheStateGivesWhatRereadingTheWholeTextGives() {
        // Greedy (top 1): each token is the argmax of fastai's distribution, which re-reads everything so far.
        let lm = model()
        var generator = RandomGenerator(seed: 1)
        let tokens = lm.generate(from: [2, 5, 7], count: 6, settings: SamplingSettings(topK: 1), using: &generator)
        #expect(tokens.count == 9 && Array(tokens.prefix(3)) == [2, 5, 7])
        lm.eval()
        var reread = [2, 5, 7]
        for _ in 0..<6 {
            lm.reset()
            let logits = withoutGradients { lm(IntTensor(shape: [1, reread.count], scalars: reread)).logits.value }
            reread.append(logits.slice(axis: 1, (reread.count - 1)..<reread.count).reshaped([-1]).argmax(axis: 0).item)
        }
        #expect(tokens == reread)
        #expect(lm.isTraining == false)
    }

    @Test func samplingIsSeededAndRespectsItsSettings() {
        let lm = model()
        var first = RandomGenerator(seed: 4), second = RandomGenerator(seed: 4)
        let settings = SamplingSettings(temperature: 0.75, excluded: [0, 1])
        #expect(lm.generate(from: [2], count: 10, settings: settings, using: &first) == lm.generate(from: [2], count: 10, settings: settings, using: &second))

        // Probabilities 0.1, 0.2, 0.3, 0.4: token 0 excluded, temperature 0.5 squares the rest (4 : 9 : 16).
        var generator = RandomGenerator(seed: 2)
        let sharpened = SamplingSettings(temperature: 0.5, excluded: [0])
        var counts = [0, 0, 0, 0]
        for _ in 0..<29_000 { counts[sharpened.draw(from: [0.1, 0.2, 0.3, 0.4], using: &generator)] += 1 }
        #expect(counts[0] == 0)
        for (token, expected) in [(1, 4_000), (2, 9_000), (3, 16_000)] { #expect(Swift.abs(counts[token] - expected) < 400, "token \(token): \(counts[token])") }
        let top2 = SamplingSettings(topK: 2)
        #expect((0..<500).allSatisfy { _ in top2.draw(from: [0.1, 0.2, 0.3, 0.4], using: &generator) >= 2 })
        // No bigram twice: after "… 2 3 … 2", token 3 is barred.
        let noRepeat = SamplingSettings(noRepeatNGramSize: 2)
        #expect(noRepeat.repeatingTokens(after: [2, 3, 1, 2]) == [3])
        #expect((0..<200).allSatisfy { _ in noRepeat.draw(from: [0.1, 0.2, 0.3, 0.4], after: [2, 3, 1, 2], using: &generator) != 3 })
        #expect(SamplingSettings(noRepeatNGramSize: 3).repeatingTokens(after: [2, 3, 1, 2]).isEmpty)
        let floor = SamplingSettings(minimumProbability: 0.35)
        #expect((0..<100).allSatisfy { _ in floor.draw(from: [0.1, 0.2, 0.3, 0.4], using: &generator) == 3 })
    }
}
