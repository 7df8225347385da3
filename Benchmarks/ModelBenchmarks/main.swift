// Training-step time of the notebook models, mirroring Benchmarks/Scripts/torch_models.py (the
// PyTorch anchor): the same architectures, shapes and optimiser (Adam, lr 1e-3).
//
//   swift run -c release ModelBenchmarks [--threads N] [--steps 20] [--only NAME]
//
// Prints one JSON line per model: median milliseconds per step (forward + backward + Adam) after
// three warm-up steps, tokens per second, parameter count and the process's peak resident memory.
import Autograd
import BenchmarkSupport
import Foundation
import NN
import Tensor

/// One benchmark case: a model and the loss of one batch.
struct Case {
    let name: String
    let model: Module
    let tokens: Int
    let loss: () -> Variable
}

let vocabulary = 25_002
func ids(_ shape: [Int], below bound: Int = vocabulary) -> IntTensor { IntTensor.randint(2, bound, shape: shape) }
func labels(_ count: Int, classes: Int) -> IntTensor { IntTensor.randint(0, classes, shape: [count]) }
func binaryTargets(_ count: Int) -> Tensor { labels(count, classes: 2).asFloat() }

/// Notebook 002: Embedding(25 002, 256) → RNN(256, 5) → RNN(5, 5) → Linear(5, 2).
final class SimpleRNN: Module {
    let embedding = Embedding(count: vocabulary, dimension: 256)
    let first = RNN(256, 5), second = RNN(5, 5)
    let output = Linear(5, 2)
    func callAsFunction(_ x: IntTensor) -> Variable {                  // x: [T, B]
        output(second(first(embedding(x)).output).hidden.squeezed(axis: 0))
    }
}

/// Notebook 004: packed 2-layer bidirectional LSTM over variable lengths.
final class PackedBiLSTM: Module {
    let embedding = Embedding(count: vocabulary, dimension: 100, paddingIndex: 1)
    let rnn = LSTM(100, 256, numLayers: 2, dropout: 0.2, bidirectional: true)
    let dropout = Dropout(0.2)
    let output = Linear(512, 1)
    func callAsFunction(_ x: IntTensor, lengths: [Int]) -> Variable {  // x: [T, B]
        let hidden = rnn(embedding(x), lengths: lengths).hidden        // [4, B, 256]
        return output(dropout(Variable.concatenate([hidden[2], hidden[3]], axis: 1)))
    }
}

/// Notebook 004: Kim's CNN, three Conv2d(1, 64, (k, 100)) over the embedded sentence.
final class KimCNN: Module {
    let embedding = Embedding(count: vocabulary, dimension: 100)
    let convolutions = [3, 4, 5].map { Conv2d(1, 64, kernelSize: ($0, 100)) }
    let dropout = Dropout(0.5)
    let output = Linear(192, 1)
    func callAsFunction(_ x: IntTensor) -> Variable {                  // x: [B, T]
        let embedded = embedding(x).unsqueezed(axis: 1)                 // [B, 1, T, 100]
        let pooled = convolutions.map { relu($0(embedded)).squeezed(axis: 3).max(axis: 2).values }
        return output(dropout(Variable.concatenate(pooled, axis: 1)))
    }
}

/// Notebook 003: n-gram CNN, Conv1d(100, 50, k) with same padding for k = 1, 2, 3.
final class NgramCNN: Module {
    let embedding = Embedding(count: 5000, dimension: 100, paddingIndex: 0)
    let convolutions = [1, 2, 3].map { Conv1d(100, 50, kernelSize: $0, padding: .same) }
    let hidden = Linear(150, 100)
    let dropout = Dropout(0.1)
    let output = Linear(100, 4)
    func callAsFunction(_ x: IntTensor) -> Variable {                  // x: [B, T]
        let embedded = embedding(x).transposed(1, 2)                    // [B, 100, T]
        let pooled = convolutions.map { $0(embedded).max(axis: 2).values }
        return output(dropout(hidden(Variable.concatenate(pooled, axis: 1))))
    }
}

/// Notebooks 000/001: the AWD-LSTM-sized stack 400 → 1152 → 1152 → 400 with concat pooling.
final class AWDStack: Module {
    let embedding = Embedding(count: 8000, dimension: 400)
    let rnns = [LSTM(400, 1152, batchFirst: true), LSTM(1152, 1152, batchFirst: true), LSTM(1152, 400, batchFirst: true)]
    let first = Linear(1200, 50), second = Linear(50, 2)
    func callAsFunction(_ x: IntTensor) -> Variable {                  // x: [B, T]
        let outputs = rnns.reduce(embedding(x)) { $1($0).output }       // [B, T, 400]
        let steps = outputs.shape[1]
        let pooled = Variable.concatenate([outputs.select(axis: 1, index: steps - 1), outputs.max(axis: 1).values, outputs.mean(axis: 1)], axis: 1)
        return second(relu(first(pooled)))
    }
}

/// The cases in the anchor's order; each is built only when run, so a run of one model holds
/// only that model's memory.
let builders: [(String, () -> Case)] = [
    ("plain_rnn", {
        let model = SimpleRNN()
        let (x, y) = (ids([230, 128]), labels(128, classes: 2))
        return Case(name: "plain_rnn", model: model, tokens: 128 * 230) { CrossEntropyLoss()(model(x), y) }
    }),
    ("packed_bilstm", {
        let model = PackedBiLSTM()
        let lengths = RandomGenerator.withGlobal { generator in (0..<64).map { _ in 50 + generator.nextInt(below: 181) } }.sorted(by: >)
        var x = ids([230, 64])
        for (b, length) in lengths.enumerated() { for t in length..<230 { x[element: t, b] = 1 } }
        let y = binaryTargets(64)
        return Case(name: "packed_bilstm", model: model, tokens: lengths.reduce(0, +)) { BCEWithLogitsLoss()(model(x, lengths: lengths).squeezed(axis: 1), y) }
    }),
    ("kim_cnn", {
        let model = KimCNN()
        let (x, y) = (ids([128, 230]), binaryTargets(128))
        return Case(name: "kim_cnn", model: model, tokens: 128 * 230) { BCEWithLogitsLoss()(model(x).squeezed(axis: 1), y) }
    }),
    ("ngram_cnn", {
        let model = NgramCNN()
        let (x, y) = (ids([64, 12], below: 5000), labels(64, classes: 4))
        return Case(name: "ngram_cnn", model: model, tokens: 64 * 12) { CrossEntropyLoss()(model(x), y) }
    }),
    ("awd_stack", {
        let model = AWDStack()
        let (x, y) = (ids([16, 72], below: 8000), labels(16, classes: 2))
        return Case(name: "awd_stack", model: model, tokens: 16 * 72) { CrossEntropyLoss()(model(x), y) }
    }),
    ("lstm_128", {
        let model = LSTM(128, 128, batchFirst: true)
        let x = Variable(Tensor.normal([32, 64, 128]))
        return Case(name: "lstm_128", model: model, tokens: 32 * 64) { model(x).output.sum() }
    }),
]

/// Peak resident memory of this process so far, in MiB.
func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

startBenchmark()
let steps = option("--steps").flatMap(Int.init) ?? 20
RandomGenerator.manualSeed(0)
for (name, build) in builders where option("--only") == nil || option("--only") == name {
    let benchmark = build()
    benchmark.model.train()
    let optimizer = Adam(benchmark.model.parameters().filter(\.isTrainable), learningRate: 1e-3)
    let clock = ContinuousClock()
    var times: [Double] = []
    for step in 0..<(steps + 3) {
        let elapsed = clock.measure {
            optimizer.zeroGrad()
            benchmark.loss().backward()
            optimizer.step()
        }
        if step >= 3 { times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15) }
    }
    let ms = times.sorted()[times.count / 2]
    print(#"{"model": "\#(benchmark.name)", "threads": \#(Threading.count), "ms_per_step": \#((ms * 100).rounded() / 100), "tokens_per_s": \#(Int(Double(benchmark.tokens) / ms * 1e3)), "params": \#(benchmark.model.parameterCount()), "peak_rss_mib": \#(Int(peakResidentMiB()))}"#)
}
