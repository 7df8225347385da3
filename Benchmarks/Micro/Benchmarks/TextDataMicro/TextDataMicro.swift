// TextData's throughput on the bundled reviews: fastai's tokeniser, numericalisation, and word
// vector queries, as `Benchmarks/TextDataBenchmarks` and `WordVectorBenchmarks` time them.
import Benchmark
import Foundation
import Strand

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))
    // Run from Benchmarks/Micro: the sample is two folders up.
    let data = URL(fileURLWithPath: "../../Examples/Data")
    guard let reviews = try? TextDataset.csv(data.appendingPathComponent("movie_reviews_sample.csv")).texts,
          let glove = try? WordVectors.readText(data.appendingPathComponent("word-vectors/glove.6B.50d.sample.txt")) else {
        fatalError("TextDataMicro: run from Benchmarks/Micro, where ../../Examples/Data holds the bundled sample")
    }
    let tokenizer = FastaiTokenizer()
    let tokens = tokenizer.tokenize(reviews)
    let vocabulary = Vocabulary.build(from: tokens, maxSize: 30_000, minFrequency: 2)
    Benchmark("fastai tokeniser, 2,000 reviews") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(tokenizer.tokenize(reviews)) }
    }
    Benchmark("tokenise and numericalise, 2,000 reviews") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(tokenizer.encode(reviews, vocabulary: vocabulary)) }
    }
    Benchmark("GloVe sample: most similar to king − man + woman") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try glove.mostSimilar(positive: ["king", "woman"], negative: ["man"])) }
    }
}
