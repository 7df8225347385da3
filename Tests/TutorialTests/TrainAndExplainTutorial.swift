import Foundation
import Strand
import Testing

// The code of the DocC tutorial `Sources/Strand/Strand.docc/TrainAndExplain.md`, step by step.
// `TutorialArticleTests` checks that every code block of the article appears here as it is, so
// the article's code is compiled and run by the test suite and cannot rot.

// Step 2: the model.
/// An LSTM review classifier: embedded tokens, an LSTM over each review's own length, concat
/// pooling (last, max, mean), a linear layer to the two classes.
final class ReviewClassifier: Module {
    let embedding: Embedding
    let encoder: LSTM
    let head: Linear

    init(vocabularySize: Int, size: Int = 32) {
        embedding = Embedding(count: vocabularySize, dimension: size, paddingIndex: 1)
        encoder = LSTM(size, size, batchFirst: true)
        head = Linear(3 * size, 2)
    }

    func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
        let outputs = encoder(embedding(ids), lengths: lengths).output
        return head(concatPool(outputs, lengths: lengths))
    }
}

@Suite struct TrainAndExplainTutorial {
    @Test func theTutorialRuns() throws {
        // Step 1: the data.
        let reviews = try TextDataset.csv(URL(fileURLWithPath: "Examples/Data/movie_reviews_sample.csv"))
            .filter(column: "source", equals: "imdb")
        let parts = reviews.split(fractions: [0.8, 0.2], seed: 1)
        let tokens = parts.map { part in FastaiTokenizer().tokenize(part.texts).map { Array($0.prefix(80)) } }
        let vocabulary = Vocabulary.build(from: tokens[0], maxSize: 10_000, minFrequency: 2)
        let labels = LabelEncoder(fitting: parts[0].labels)
        func batches(_ part: Int) throws -> [PaddedBatch] {
            let ids = vocabulary.encode(documents: tokens[part]), classes = try labels.encode(parts[part].labels)
            return stride(from: 0, to: ids.count, by: 32).map { start in
                let rows = Array(start..<min(start + 32, ids.count))
                return PaddedBatch(rows.map { ids[$0] }, paddingIndex: 1, labels: rows.map { classes[$0] })
            }
        }
        let (train, valid) = (try batches(0), try batches(1))

        // Step 3: training.
        RandomGenerator.manualSeed(1)
        let model = ReviewClassifier(vocabularySize: vocabulary.count)
        let loss = CrossEntropyLoss()
        let learner = Learner(model: model, data: DataLoaders(train: { _ in train }, valid: valid),
                              forward: { model($0.ids, lengths: $0.lengths) }, loss: { loss($0, $1.labels!) },
                              scores: { ($0.value, $1.labels!) }, metrics: [Accuracy()])
        learner.fitOneCycle(epochs: 2, maxLearningRate: 5e-3)

        // Step 4: which words decided a prediction.
        let review = vocabulary.encode(FastaiTokenizer().tokenize("A moving, beautifully acted film. I loved it."))
        let ids = IntTensor([review])
        let forward = { (ids: IntTensor) in model(ids, lengths: Array(repeating: ids.shape[1], count: ids.shape[0])) }
        model.eval()
        let probabilities = withoutGradients { forward(ids) }.value.softmax(axis: 1).scalars
        let explained = probabilities[1] > probabilities[0] ? 1 : 0
        let attributions = layerIntegratedGradients(layer: model.embedding, ids: ids, baselineIDs: tokenReference(like: ids, referenceID: 1),
                                                    targets: [explained], model: forward)
        let record = ExplanationRecord(tokens: vocabulary.decode(review), attributions: attributions.perToken.scalars,
                                       predictedLabel: labels.classes[explained], predictedProbability: probabilities[explained],
                                       attributionLabel: labels.classes[explained], completeness: attributions.completeness[0]).readable()
        print(topTokensTable(record, k: 5))
        let page = attributionHTML([record], title: "Which words decided it")

        // What the tutorial promises, checked.
        #expect(learner.recorder.epochs.count == 2)
        // fastai marks no capital on a one-letter word: "A" reads "a"; "I" reads "i".
        #expect(Array(record.tokens.prefix(2)) == ["a", "moving"])
        #expect(attributions.completeness[0].holds(), "\(attributions.completeness[0].verdict())")
        #expect(page.contains("<mark"))
    }
}
