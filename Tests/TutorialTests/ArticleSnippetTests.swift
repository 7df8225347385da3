import Distributed
import Foundation
import Strand
import Testing

// Every ```swift block of the README and of Documentation/*.md, run with what it needs around it
// (quoted library code excepted: `ArticleCodeTests` finds it in Sources/). `ArticleCodeTests`
// fails when a block is neither here nor in Sources/ as it stands, so an article cannot show code
// that no longer compiles.

@Suite struct ArticleSnippetTests {
    static let temporary = FileManager.default.temporaryDirectory

    @Test func readme() {
        var generator = RandomGenerator(seed: 0)
        let x = Tensor([[1, 2, 3], [4, 5, 6]])             // shape [2, 3]
        let w = Tensor.normal([3, 4], using: &generator)   // seeded: the same numbers on every machine
        print(matmul(x, w).softmax(axis: -1))              // tensor([[…]], shape=[2, 4])
        #expect(matmul(x, w).shape == [2, 4])
    }

    @Test func autograd() {
        let w = Variable(Tensor.normal([3, 2]), requiresGrad: true)
        let x = Variable(Tensor([[1, 2, 3]]))
        let loss = tanh(matmul(x, w)).sum()
        loss.backward()
        print(w.grad!)           // ∂loss/∂w
        #expect(w.grad?.shape == [3, 2])

        // The article's product with its gradient, against the library's.
        func product(_ a: Variable, _ b: Variable) -> Variable {
            let (x, y) = (a.value, b.value)
            return Variable.record("matmul", [a, b], matmul(x, y)) { g, needs in
                [needs[0] ? matmul(g, y, transposeB: true) : nil, needs[1] ? matmul(x, g, transposeA: true) : nil]
            }
        }
        let (a, b) = (Variable(Tensor.normal([2, 3]), requiresGrad: true), Variable(Tensor.normal([3, 4]), requiresGrad: true))
        product(a, b).sum().backward()
        let (a2, b2) = (Variable(a.value, requiresGrad: true), Variable(b.value, requiresGrad: true))
        matmul(a2, b2).sum().backward()
        #expect(a.grad == a2.grad && b.grad == b2.grad)
    }

    @Test func nn() throws {
        final class Classifier: Module, Layer {
            let embedding = Embedding(count: 25_002, dimension: 100, paddingIndex: 1)
            let encoder = Linear(100, 64)
            let head = Sequential(ReLU(), Dropout(0.2), Linear(64, 2))

            func forward(_ ids: IntTensor) -> Variable {        // ids: [B, T]
                head(encoder(embedding(ids).mean(axis: 1)))     // → logits [B, 2]
            }
        }

        let model = Classifier()
        print(model)                                  // PyTorch-style tree
        let names = model.namedParameters().map(\.0)  // ["embedding.weight", "encoder.weight", …, "head.2.bias"]
        #expect(names.first == "embedding.weight" && names.last == "head.2.bias")

        let (ids, labels) = (IntTensor([[5, 6, 7], [8, 9, 1]]), IntTensor([0, 1]))
        let optimizer = AdamW(groups: [ParameterGroup(model.embedding.parameters(), learningRate: 1e-4),
                                       ParameterGroup(model.head.parameters())], learningRate: 1e-3)
        let schedule = OneCycleLR(optimizer, maxLearningRate: 1e-3, totalSteps: 1_000)
        let loss = CrossEntropyLoss()(model(ids), labels)
        optimizer.zeroGrad(); loss.backward(); optimizer.step(); schedule.step()
        #expect(loss.value.scalars[0].isFinite)
    }

    @Test func sequenceLayers() {
        let embedded = Variable(Tensor.normal([7, 3, 100]))
        let lengths = [5, 7, 2]
        let lstm = LSTM(100, 256, numLayers: 2, dropout: 0.2, bidirectional: true)
        let result = lstm(embedded, lengths: lengths)        // embedded: [T, B, 100], lengths in any order
        let output = result.output   // [T, B, 512]: forward half first, zeros past each sequence's length
        let hidden = result.hidden   // h_n [4, B, 256], indexed layer·2 + direction, at each sequence's own last step
        let cell = result.cell       // c_n [4, B, 256]
        let features = Variable.concatenate([result.hidden[2], result.hidden[3]], axis: 1)   // [B, 512]
        #expect(output.shape == [7, 3, 512] && hidden.shape == [4, 3, 256] && cell?.shape == [4, 3, 256] && features.shape == [3, 512])
    }

    @Test func textData() throws {
        let texts = ["A great film, really great.", "Dull. Dull and long.", "A great, long film."]
        let tokenizer = FastaiTokenizer()
        let tokenized = tokenizer.tokenize(texts), words = tokenized
        let url = Self.temporary.appendingPathComponent("vocabulary-\(UUID()).json")
        let dataset = TextDataset(texts: texts, labels: ["pos", "neg", "pos"])
        let vocabulary = Vocabulary.fastai(from: tokenized)    // make_vocab: min 3, max 60,000, xxfake to a multiple of 8
        let ids = tokenizer.encode(texts, vocabulary: vocabulary)   // = vocabulary.encode(documents: tokenized)
        let torchtextStyle = Vocabulary.build(from: words, maxSize: 25_000, specials: ["<unk>", "<pad>"],
                                              unknownToken: "<unk>")                       // 25,002 entries
        try vocabulary.save(to: url)                                // JSON
        let labels = LabelEncoder(fitting: dataset.labels)          // sorted classes, like scikit-learn
        let weights = labels.classWeights(try labels.encode(dataset.labels))   // "balanced"
        try? FileManager.default.removeItem(at: url)
        #expect(ids == vocabulary.encode(documents: tokenized) && torchtextStyle[SpecialTokens.unknown] == 0 && weights.shape == [2])
    }

    @Test func wordVectors() throws {
        let corpus = Array(repeating: ["a", "great", "film", "a", "dull", "film", "an", "awesome", "film"], count: 30)
        let url = Self.temporary.appendingPathComponent("vectors-\(UUID()).bin")
        let binURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TextDataTests/Fixtures/tiny_fasttext.bin")
        do {
            let options = Word2VecOptions(architecture: .skipGram, vectorSize: 100, window: 5, minCount: 3, negative: 20, epochs: 5)
            let model = Word2Vec(sentences: corpus, options: options, showsProgress: true)   // bar: words/s, learning rate
            let losses = model.epochLosses                           // Σ −log σ per epoch, falling
            try model.wordVectors.writeWord2VecBinary(to: url)       // gensim and word2vec.c read it
            try? FileManager.default.removeItem(at: url)
            #expect(losses.count == 5)
        }
        var options = FastTextOptions(architecture: .skipGram, vectorSize: 100, minCount: 3, negative: 20)
        options.epochs = 5                                           // word2vec's options read and set through it
        let model = FastText(sentences: corpus, options: options, showsProgress: true)
        let vectors = model.wordVectors                              // gensim's wv: composed vectors + n-grams
        let known = vectors.contains("awsome")                       // false: not in the vocabulary …
        let neighbours = try vectors.mostSimilar(positive: ["awsome"])   // … but its n-grams give it neighbours
        let zurich = try WordVectors.readFacebookFastText(binURL).vector(for: "zürich")  // fastText's own .bin files too
        #expect(!known && !neighbours.isEmpty && zurich.rank == 1)
    }

    /// The model of the training articles: mean of the embedded tokens → two logits.
    final class Bag: Module, Layer {
        let embedding = Embedding(count: 20, dimension: 8)
        let head = Linear(8, 2)
        func forward(_ ids: IntTensor) -> Variable { head(embedding(ids).mean(axis: 1)) }
    }

    @Test func training() throws {
        let model = Bag()
        var generator = RandomGenerator(seed: 1)
        func batch() -> PaddedBatch {
            let rows = (0..<8).map { _ in (0..<5).map { _ in generator.nextInt(below: 20) } }
            return PaddedBatch(rows, paddingIndex: 1, labels: rows.map { $0[0] % 2 })
        }
        let (training, validBatches, testBatches) = ((0..<20).map { _ in batch() }, [batch(), batch()], [batch()])
        func trainBatches(_ epoch: Int) -> [PaddedBatch] { training }
        let plotURL = Self.temporary.appendingPathComponent("lr_find-\(UUID()).svg")

        let learner = Learner(model: model, data: DataLoaders(train: { epoch in trainBatches(epoch) }, valid: validBatches),
                              forward: { model($0.ids) },
                              loss: { logits, batch in CrossEntropyLoss()(logits, batch.labels!) },
                              scores: { logits, batch in (logits.value, batch.labels!) },
                              metrics: [Accuracy(), F1Score(average: .macro)])
        let suggestion = learner.findLearningRate()                  // fastai's lr_find
        try learningRateFinderSVG(suggestion).write(to: plotURL, atomically: true, encoding: .utf8)
        learner.fitOneCycle(epochs: 3, maxLearningRate: LearningRates(suggestion.valley.learningRate))
        let test = learner.validate(testBatches)                     // loss and every metric
        try? FileManager.default.removeItem(at: plotURL)
        #expect(test.loss.isFinite && learner.recorder.epochs.count == 3)
    }

    /// Documentation/Distributed.md's code; outside mpirun it stops at the group, with the error
    /// that says how to start it (DistributedTests runs the same calls under mpirun).
    @Test func distributed() throws {
        let model = Bag()
        var generator = RandomGenerator(seed: 2)
        let reviews = (0..<64).map { _ in (0..<5).map { _ in generator.nextInt(below: 20) } }
        func batches(_ order: [[Int]]) -> [PaddedBatch] {
            order.map { rows in PaddedBatch(rows.map { reviews[$0] }, paddingIndex: 1, labels: rows.map { reviews[$0][0] % 2 }) }
        }
        let validOrder = [[0, 1, 2, 3], [4, 5, 6, 7]]
        #expect(throws: DistributedError.self) {
            let group = try ProcessGroup()                  // joins the job mpirun started: rank, world size
            defer { group.finalize() }
            Threading.setCount(max(1, ProcessInfo.processInfo.activeProcessorCount / group.localSize))   // ranks share a machine's cores
            let sampler = DistributedSampler(count: reviews.count, group: group, seed: 42)   // the same seed on every rank
            let data = DataLoaders(train: { epoch in batches(sampler.batches(epoch: epoch, batchSize: 32)) },
                                   valid: batches(group.share(of: validOrder)))
            let learner = Learner(model: model, data: data, forward: { model($0.ids) },
                                  loss: { logits, batch in CrossEntropyLoss()(logits, batch.labels!) },
                                  scores: { logits, batch in (logits.value, batch.labels!) }, metrics: [Accuracy()])
            learner.toDistributed(group, checkpoint: URL(fileURLWithPath: "output/model.safetensors"))   // the one line
            learner.fitOneCycle(epochs: 3, maxLearningRate: 1e-2)
        }
    }
}
