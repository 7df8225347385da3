import Foundation
import Tensor
import TextData
import Testing

/// Programmer errors stop the program with Strand's precondition message naming the argument and
/// its value (`Documentation/ErrorPolicy.md`), never a bare Swift trap. Each case runs in its own
/// process (an exit test) and its standard error is checked for the message.
@Suite struct ProgrammerErrorTests {
    enum Misuse: String, Codable, CaseIterable, Sendable {
        case negativeMaxLength, negativeVocabularySize, zeroFastaiVocabularySize, negativeSampleCount, zeroBatchSize
        case duplicateToken, duplicateClass, subsetIndexOutside, classWeightIdOutside
        case negativeNeighbourCount, negativeRestrictVocab, zeroRowOutside

        var message: String {
            switch self {
            case .negativeMaxLength: "PaddedBatch: maxLength must not be negative, got -1"
            case .negativeVocabularySize: "Vocabulary.build: maxSize must not be negative, got -1"
            case .zeroFastaiVocabularySize: "Vocabulary.fastai: maxSize must be positive, got 0"
            case .negativeSampleCount: "BatchSampling.shuffled: batchSize must be positive and count not negative, got batchSize 2, count -5"
            case .zeroBatchSize: "BatchSampling: batchSize must be positive, got 0"
            case .duplicateToken: #"Vocabulary: the token "the" appears more than once among the 3 tokens"#
            case .duplicateClass: #"LabelEncoder: classes must be distinct, "pos" appears more than once among the 3 classes"#
            case .subsetIndexOutside: "TextDataset.subset: index 2 is outside 0..<2"
            case .classWeightIdOutside: "LabelEncoder.classWeights: id 7 is outside 0..<2"
            case .negativeNeighbourCount: "WordVectors: the number of neighbours k must not be negative, got -1"
            case .negativeRestrictVocab: "evaluateWordAnalogies: restrictVocab must not be negative, got -3"
            case .zeroRowOutside: "embeddingMatrix: zero row 5 is outside the vocabulary's 0..<2"
            }
        }

        func commit() {
            var generator = RandomGenerator(seed: 1)
            let vectors = WordVectors(words: ["a", "b"], vectors: Tensor([[1, 0], [0, 1]]))
            switch self {
            case .negativeMaxLength: _ = PaddedBatch([[1, 2, 3]], paddingIndex: 0, maxLength: -1)
            case .negativeVocabularySize: _ = Vocabulary.build(from: [["a"]], maxSize: -1)
            case .zeroFastaiVocabularySize: _ = Vocabulary.fastai(from: [["a"]], maxSize: 0)
            case .negativeSampleCount: _ = BatchSampling.shuffled(count: -5, batchSize: 2, using: &generator)
            case .zeroBatchSize: _ = BatchSampling.sortedByLength(lengths: [1, 2], batchSize: 0)
            case .duplicateToken: _ = Vocabulary(tokens: ["xxunk", "the", "the"])
            case .duplicateClass: _ = LabelEncoder(classes: ["pos", "neg", "pos"])
            case .subsetIndexOutside: _ = TextDataset(texts: ["x", "y"], labels: ["a", "b"]).subset([0, 2])
            case .classWeightIdOutside: _ = LabelEncoder(classes: ["neg", "pos"]).classWeights([0, 7])
            case .negativeNeighbourCount: _ = vectors.similarByVector(Tensor([1, 0]), k: -1)
            case .negativeRestrictVocab: _ = try? vectors.evaluateWordAnalogies(questions: ": s\na b a b\n", restrictVocab: -3)
            case .zeroRowOutside: _ = vectors.embeddingMatrix(for: Vocabulary(tokens: ["xxunk", "a"]), zeroRows: [5], using: &generator)
            }
        }
    }

    @Test(arguments: Misuse.allCases) func stopsWithItsMessage(_ misuse: Misuse) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [misuse] in
            misuse.commit()
        }
        let standardError = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(standardError.contains(misuse.message), "\(standardError.suffix(400))")
    }
}
