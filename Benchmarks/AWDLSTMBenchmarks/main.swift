// Training throughput of the AWD-LSTM language model and classifier, mirroring
// Benchmarks/Scripts/fastai_awd_lstm.py (the fastai anchor): the same configurations, shapes, loss
// (cross-entropy + AR 2 + TAR 1) and optimiser (fastai's Adam, weight decay 0.01, not on biases).
//
//   swift run -c release AWDLSTMBenchmarks [--threads N] [--steps 3] [--only NAME]
//
// Cases: `lm` (fastai's size: vocabulary 60,000, embedding 400, hidden 1,152, batch 64, bptt 72,
// tied weights, every dropout on), `lm_small` (embedding 200, hidden 600), `classifier` (batch 64
// of reviews 1,400 down to 100 tokens long in even steps, chunk-padded, bptt 72, drop_mult 0.5) and
// `classifier_small`. Prints one JSON line per case: median seconds per step after one warm-up,
// tokens per second and the peak resident memory.
import Autograd
import BenchmarkSupport
import Foundation
import NN
import Tensor

let vocabulary = 60_000

/// One case: its model and the loss of one batch.
struct Case {
    let name: String
    let model: Module
    let tokens: Int
    let loss: () -> Variable
}

func configuration(small: Bool, classifier: Bool) -> AWDLSTMConfiguration {
    var settings = classifier ? AWDLSTMConfiguration.classifier.droppingMore(by: 0.5) : .languageModel
    if small { (settings.embeddingSize, settings.hiddenSize) = (200, 600) }
    return settings
}

func languageModelCase(_ name: String, small: Bool) -> Case {
    let model = AWDLSTMLanguageModel(vocabularySize: vocabulary, configuration: configuration(small: small, classifier: false))
    let (inputs, targets) = (IntTensor.randint(2, vocabulary, shape: [64, 72]), IntTensor.randint(2, vocabulary, shape: [64 * 72]))
    return Case(name: name, model: model, tokens: 64 * 72) {
        let output = model(inputs)
        return CrossEntropyLoss()(output.logits.reshaped([-1, vocabulary]), targets)
            + activationRegularization(output.dropped, alpha: 2) + temporalActivationRegularization(output.raw, beta: 1)
    }
}

func classifierCase(_ name: String, small: Bool) -> Case {
    let model = AWDLSTMClassifier(vocabularySize: vocabulary, classes: 2, configuration: configuration(small: small, classifier: true))
    // The same reviews' lengths on both sides: 1,400 down to 100 tokens in even steps.
    let lengths = (0..<64).map { 1400 - $0 * 1300 / 63 }
    let reviews = lengths.map { IntTensor.randint(2, vocabulary, shape: [$0]).scalars }
    let steps = lengths[0]
    let ids = IntTensor(shape: [64, steps], scalars: reviews.flatMap { review in
        let start = (steps - review.count) / 72 * 72
        return Array(repeating: 1, count: start) + review + Array(repeating: 1, count: steps - start - review.count)
    })
    let labels = IntTensor.randint(0, 2, shape: [64])
    return Case(name: name, model: model, tokens: lengths.reduce(0, +)) {
        let output = model(ids)
        return CrossEntropyLoss()(output.logits, labels)
            + activationRegularization(output.dropped, alpha: 2) + temporalActivationRegularization(output.raw, beta: 1)
    }
}

let builders: [(String, () -> Case)] = [
    ("lm", { languageModelCase("lm", small: false) }),
    ("lm_small", { languageModelCase("lm_small", small: true) }),
    ("classifier", { classifierCase("classifier", small: false) }),
    ("classifier_small", { classifierCase("classifier_small", small: true) }),
]

startBenchmark()
let steps = option("--steps").flatMap(Int.init) ?? 3
RandomGenerator.manualSeed(0)
for (name, build) in builders where option("--only") == nil || option("--only") == name {
    let benchmark = build()
    benchmark.model.train()
    let optimizer = fastaiAdam([ParameterGroup(benchmark.model.parameters())])
    optimizer.exemptFromWeightDecay = Set(benchmark.model.normAndBiasParameters().map(ObjectIdentifier.init))
    let milliseconds = medianMilliseconds(repetitions: steps, warmUps: 1) {
        Denormals.withFlushToZero {
            (benchmark.model as? StatefulModel)?.reset()
            optimizer.zeroGrad()
            benchmark.loss().backward()
            optimizer.step()
        }
    }
    print(#"{"case": "\#(name)", "threads": \#(Threading.count), "s_per_step": \#((milliseconds / 10).rounded() / 100), "tokens_per_s": \#(Int(Double(benchmark.tokens) / milliseconds * 1e3)), "params": \#(benchmark.model.parameterCount()), "peak_rss_mb": \#(peakResidentMegabytes())}"#)
}
