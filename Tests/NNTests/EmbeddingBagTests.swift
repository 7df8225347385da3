import Autograd
import Foundation
import NN
import StrandTestSupport
import Tensor
import Testing

struct EmbeddingBagFixture: Decodable {
    struct Case: Decodable {
        let name: String
        let ids: IDs
        let offsets: [Int]?
        let mode: String
        let padding_idx: Int?
        let include_last_offset: Bool
        let per_sample_weights: [Float]?
        let projection, output, weight_gradient: FixtureTensor
        let per_sample_weights_gradient: FixtureTensor?
    }
    /// Flat ids (with offsets) or one row of ids per bag.
    enum IDs: Decodable {
        case flat([Int]), rows([[Int]])
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let rows = try? container.decode([[Int]].self) { self = .rows(rows) } else { self = .flat(try container.decode([Int].self)) }
        }
    }
    let table: FixtureTensor
    let cases: [Case]
}

/// `EmbeddingBag` against `torch.nn.EmbeddingBag` (`Fixtures/make_embedding_bag_fixtures.py`): every
/// mode, offsets with an empty bag, `include_last_offset`, 2-D ids, padding left out, per-sample
/// weights and their gradient.
@Suite struct EmbeddingBagTests {
    @Test func everyOptionMatchesPyTorch() throws {
        let fixture = try loadFixture(EmbeddingBagFixture.self, named: "embedding_bag", in: .module)
        for example in fixture.cases {
            let mode: EmbeddingBag.Mode = switch example.mode { case "sum": .sum; case "max": .max; default: .mean }
            let bag = EmbeddingBag(pretrained: fixture.table.tensor, freeze: false, mode: mode, paddingIndex: example.padding_idx)
            let weights = example.per_sample_weights.map { Variable(Tensor($0), requiresGrad: true) }
            let output: Variable
            switch example.ids {
            case .rows(let rows): output = bag(IntTensor(rows), perSampleWeights: weights)
            case .flat(let ids):
                output = bag(IntTensor(ids), offsets: try #require(example.offsets), perSampleWeights: weights, includeLastOffset: example.include_last_offset)
            }
            (output * Variable(example.projection.tensor)).sum().backward()
            expectMatches(output.value, example.output.tensor, tolerance: 1e-6, example.name)
            expectMatches(bag.weight.grad, example.weight_gradient.tensor, tolerance: 1e-6, "\(example.name): ∂weight")
            if let expected = example.per_sample_weights_gradient {
                expectMatches(weights?.grad, expected.tensor, tolerance: 1e-6, "\(example.name): ∂per-sample weights")
            }
        }
    }

    @Test func aBagOfEmbeddingsIsTheirMeanAndTheGradientChecks() {
        let bag = EmbeddingBag(count: 6, dimension: 3, mode: .mean)
        let ids = IntTensor([[1, 4], [2, 2]])
        let expected = Embedding(pretrained: bag.weight.value)(ids).value.mean(axis: 1)
        expectMatches(bag(ids).value, expected, tolerance: 1e-6, "mean of the rows")
        // Max is checked on a table whose entries lie 0.25 apart (7 is coprime to 18, so every
        // entry differs): a random one may put two candidates within the finite-difference step,
        // where the maximum has a kink and the check fails by chance.
        let spaced = Tensor(shape: [6, 3], scalars: (0..<18).map { Float($0 * 7 % 18) * 0.25 - 2 })
        let result = GradientChecker.check(at: [spaced]) { table in
            embeddingBag(IntTensor([0, 3, 3, 5, 1]), offsets: [0, 2], table: table[0], mode: .max)
        }
        #expect(result.passed, "\(result)")
    }
}
