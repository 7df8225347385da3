// Attribution time on the demo's model (Examples/SentimentRelevance): Embedding(vocabulary, 64) →
// LSTM(64, 64) over the review's length → concat pooling → Linear(192, 2), explaining one
// 230-token review as the demo does: Layer Integrated Gradients on the embedding (pad baseline,
// 50 Gauss–Legendre steps, 100 rows per forward pass) and hook relevance on the encoder.
//
//   swift run -c release InterpretBenchmarks [--threads N] [--repetitions 10]
//
// Prints one JSON line per method: median milliseconds per explanation.
import Autograd
import BenchmarkSupport
import Interpret
import NN
import Tensor

final class DemoClassifier: Module {
    let embedding = Embedding(count: 20_000, dimension: 64, paddingIndex: 1)
    let encoder = LSTM(64, 64, batchFirst: true)
    let head = Linear(192, 2)

    func callAsFunction(_ ids: IntTensor) -> Variable {
        let lengths = Array(repeating: ids.shape[1], count: ids.shape[0])
        return head(concatPool(encoder(embedding(ids)).output, lengths: lengths))
    }
}

startBenchmark()
RandomGenerator.manualSeed(0)
let repetitions = option("--repetitions").flatMap(Int.init) ?? 10
let model = DemoClassifier()
model.eval()
let review = IntTensor.randint(2, 20_000, shape: [1, 230])
let baseline = tokenReference(like: review, referenceID: 1)

let layerIG = medianMilliseconds(repetitions: repetitions) {
    _ = layerIntegratedGradients(layer: model.embedding, ids: review, baselineIDs: baseline, targets: [1], steps: 50,
                                 internalBatchSize: 100, model: model.callAsFunction)
}
print(#"{"method": "layer_integrated_gradients_50", "threads": \#(Threading.count), "ms": \#((layerIG * 100).rounded() / 100)}"#)
let relevance = medianMilliseconds(repetitions: repetitions) {
    _ = hookRelevance(of: model.encoder, lengths: [230], targets: [1]) { model(review) }
}
print(#"{"method": "hook_relevance", "threads": \#(Threading.count), "ms": \#((relevance * 100).rounded() / 100)}"#)
