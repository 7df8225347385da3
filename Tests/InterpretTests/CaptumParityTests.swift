import Autograd
import Foundation
@testable import Interpret
import NN
import StrandTestSupport
import Tensor
import Testing

struct InterpretFixture: Decodable {
    struct PathResult: Decodable { let attributions: FixtureTensor; let delta: FixtureTensor; let input: FixtureTensor? }
    struct NoiseTunnelResults: Decodable {
        let samples: Int
        let noise: FixtureTensor
        let saliency_smoothgrad, saliency_smoothgrad_sq, saliency_vargrad: FixtureTensor
        let input_x_gradient_smoothgrad, input_x_gradient_smoothgrad_sq, input_x_gradient_vargrad: FixtureTensor
    }
    struct Relevance: Decodable { let lengths: [Int]; let scores: [[Float]] }
    let ids: [[Int]]
    let targets: [Int]
    let logits: FixtureTensor
    let layer_ig_gausslegendre, layer_ig_riemann_trapezoid, ig_embeddings: PathResult
    let gradient_x_activation, occlusion, saliency, saliency_signed, input_x_gradient: FixtureTensor
    let noise_tunnel: NoiseTunnelResults
    let layer_conductance: ConductanceResults

    struct ConductanceResults: Decodable {
        let hiddenWeight, hiddenBias, headWeight, headBias: FixtureTensor
        let gausslegendre, riemann_trapezoid: PathResult
        enum CodingKeys: String, CodingKey {
            case hiddenWeight = "hidden.weight", hiddenBias = "hidden.bias", headWeight = "head.weight", headBias = "head.bias"
            case gausslegendre, riemann_trapezoid
        }
    }
    let hook_relevance, hook_relevance_notebook: Relevance
}

/// The fixture script's model, declared as a Strand user would.
final class SmallModel: Module, Layer {
    let embedding = Embedding(count: 20, dimension: 6, paddingIndex: 1)
    let lstm = LSTM(6, 5, batchFirst: true)
    let head = Linear(5, 2)

    func fromEmbeddings(_ embedded: Variable) -> Variable { head(lstm(embedded).output.mean(axis: 1)) }
    func forward(_ ids: IntTensor) -> Variable { fromEmbeddings(embedding(ids)) }
}

@Suite struct CaptumParityTests {
    let fixture: InterpretFixture
    let model = SmallModel()
    let ids: IntTensor

    init() throws {
        fixture = try loadFixture(InterpretFixture.self, named: "interpret", in: .module)
        let url = try fixtureURL("model", "safetensors", in: .module)
        try model.load(from: url)
        model.eval()
        ids = IntTensor(fixture.ids)
    }

    @Test func theModelMatchesPyTorch() {
        expectMatches(model(ids).value, fixture.logits.tensor, tolerance: 1e-5, "logits")
    }

    @Test func layerIntegratedGradientsMatchCaptum() {
        for (method, expected) in [(IntegrationMethod.gaussLegendre, fixture.layer_ig_gausslegendre), (.riemannTrapezoid, fixture.layer_ig_riemann_trapezoid)] {
            let result = layerIntegratedGradients(layer: model.embedding, ids: ids, baselineIDs: tokenReference(like: ids, referenceID: 1),
                                                  targets: fixture.targets, steps: 50, method: method, internalBatchSize: 40) { self.model($0) }
            expectMatches(result.values, expected.attributions.tensor, tolerance: 1e-4, "\(method) attributions")
            // Deltas are differences of nearly equal sums: compared to 1e-6 absolute (Float32 rounding).
            expectMatches(Tensor(result.convergenceDeltas), expected.delta.tensor, tolerance: 1e-3, absoluteTolerance: 1e-6, "\(method) deltas")
            #expect(result.perToken.shape == [2, 6])
        }
    }

    @Test func integratedGradientsOnContinuousInputsMatchCaptum() throws {
        let expected = fixture.ig_embeddings
        let input = try #require(expected.input).tensor
        let result = integratedGradients(input: input, baseline: Tensor.zeros(input.shape), targets: fixture.targets, steps: 20, method: .riemannMiddle) {
            self.model.fromEmbeddings($0)
        }
        expectMatches(result.values, expected.attributions.tensor, tolerance: 1e-4, "IG attributions")
        expectMatches(Tensor(result.convergenceDeltas), expected.delta.tensor, tolerance: 1e-3, absoluteTolerance: 1e-6, "IG deltas")
    }

    @Test func saliencyMatchesCaptum() throws {
        let embeddings = try #require(fixture.ig_embeddings.input).tensor
        let absolute = saliency(input: embeddings, targets: fixture.targets) { self.model.fromEmbeddings($0) }
        expectMatches(absolute.values, fixture.saliency.tensor, tolerance: 1e-4, "saliency")
        let signed = saliency(input: embeddings, targets: fixture.targets, absolute: false) { self.model.fromEmbeddings($0) }
        expectMatches(signed.values, fixture.saliency_signed.tensor, tolerance: 1e-4, "signed saliency")
    }

    @Test func inputXGradientMatchesCaptum() throws {
        let embeddings = try #require(fixture.ig_embeddings.input).tensor
        let result = inputXGradient(input: embeddings, targets: fixture.targets) { self.model.fromEmbeddings($0) }
        expectMatches(result.values, fixture.input_x_gradient.tensor, tolerance: 1e-4, "input × gradient")
    }

    /// With the noise Captum drew (the fixture's), each tunnel type around each method gives Captum's attributions.
    @Test func noiseTunnelMatchesCaptumWithTheSameNoise() throws {
        let embeddings = try #require(fixture.ig_embeddings.input).tensor
        let results = fixture.noise_tunnel
        let noise = (0..<results.samples).map { results.noise.tensor.select(axis: 1, index: $0) }
        let methods: [(String, (Tensor) -> Tensor)] = [
            ("saliency", { saliency(input: $0, targets: self.fixture.targets) { self.model.fromEmbeddings($0) }.values }),
            ("input × gradient", { inputXGradient(input: $0, targets: self.fixture.targets) { self.model.fromEmbeddings($0) }.values }),
        ]
        let expected = [[results.saliency_smoothgrad, results.saliency_smoothgrad_sq, results.saliency_vargrad],
                        [results.input_x_gradient_smoothgrad, results.input_x_gradient_smoothgrad_sq, results.input_x_gradient_vargrad]]
        for ((name, method), references) in zip(methods, expected) {
            for (type, reference) in zip([NoiseTunnelType.smoothGrad, .smoothGradSquared, .varGrad], references) {
                let result = noiseTunnel(type, input: embeddings, noise: noise, attribute: method)
                // VarGrad subtracts nearly equal means of squares: judged on the tensor's scale.
                expectMatches(result, reference.tensor.reshaped(embeddings.shape), tolerance: 1e-4, "\(name) \(type)")
            }
        }
    }

    /// The fixture's second model: embeddings → Linear(6, 4) → tanh → mean over time → Linear(4, 2).
    @Test func layerConductanceMatchesCaptum() throws {
        let embeddings = try #require(fixture.ig_embeddings.input).tensor
        let weights = fixture.layer_conductance
        let hidden = Linear(6, 4), head = Linear(4, 2)
        try hidden.loadStateDict([("weight", .float(weights.hiddenWeight.tensor)), ("bias", .float(weights.hiddenBias.tensor))])
        try head.loadStateDict([("weight", .float(weights.headWeight.tensor)), ("bias", .float(weights.headBias.tensor))])
        let model = { (embedded: Variable) in head(tanh(hidden(embedded)).mean(axis: 1)) }
        for (method, expected) in [(IntegrationMethod.gaussLegendre, weights.gausslegendre), (.riemannTrapezoid, weights.riemann_trapezoid)] {
            let result = layerConductance(layer: hidden, input: embeddings, baseline: Tensor.zeros(embeddings.shape), targets: fixture.targets,
                                          steps: 20, method: method, internalBatchSize: 7, model: model)
            expectMatches(result.values, expected.attributions.tensor, tolerance: 1e-4, "\(method) conductance")
            expectMatches(Tensor(result.convergenceDeltas), expected.delta.tensor, tolerance: 1e-3, absoluteTolerance: 1e-6, "\(method) deltas")
        }
    }

    @Test func gradientTimesInputAndOcclusionMatchCaptum() {
        let saliency = gradientTimesInput(layer: model.embedding, ids: ids, targets: fixture.targets) { self.model($0) }
        expectMatches(saliency.values, fixture.gradient_x_activation.tensor, tolerance: 1e-4, "gradient × activation")
        let occluded = occlusion(ids: ids, window: 2, paddingID: 1, targets: fixture.targets) { self.model($0) }
        expectMatches(occluded, fixture.occlusion.tensor.reshaped([2, 6]), tolerance: 1e-4, "occlusion")
    }

    @Test func hookRelevanceMatchesPyTorch() {
        let scores = hookRelevance(of: model.lstm, lengths: fixture.hook_relevance.lengths, targets: fixture.targets) { model(ids) }
        for (actual, expected) in zip(scores, fixture.hook_relevance.scores) {
            expectMatches(Tensor(actual), Tensor(expected), tolerance: 1e-5, "relevance")
        }
        // The hooks are gone afterwards.
        #expect(model.lstm.hookCount == 0)
        // The notebook's form averages over the padding too: it differs for the padded first
        // sequence and agrees for the unpadded second.
        let notebook = hookRelevance(of: model.lstm, lengths: fixture.hook_relevance.lengths, targets: fixture.targets, gradientMean: .allPositions) { model(ids) }
        for (actual, expected) in zip(notebook, fixture.hook_relevance_notebook.scores) {
            expectMatches(Tensor(actual), Tensor(expected), tolerance: 1e-5, "notebook relevance")
        }
        #expect(notebook[0] != scores[0])
        expectMatches(Tensor(notebook[1]), Tensor(scores[1]), tolerance: 1e-6, "unpadded sequence")
    }
}
