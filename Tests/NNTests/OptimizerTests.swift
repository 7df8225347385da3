import Autograd
import Foundation
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct OptimizerFixture: Decodable {
    struct Config: Decodable {
        let lr: Float
        let momentum: Float?
        let nesterov: Bool?
        let weight_decay: Float?
        let betas: [Float]?
        let eps: Float?
        let group_lrs: [Float]?
        let alpha: Float?
        let centered: Bool?
        let lr_decay: Float?
        let initial_accumulator_value: Float?
        let dampening: Float?
        let maximize: Bool?
        let amsgrad: Bool?
    }
    struct Step: Decodable { let w, b: FixtureTensor }
    struct Case: Decodable {
        let kind: String
        let config: Config
        let steps: [Step]
    }
    let start_w, start_b, scale_w, scale_b, target_w, target_b: FixtureTensor
    let cases: [Case]
}

@Suite struct OptimizerTests {
    func makeOptimizer(_ testCase: OptimizerFixture.Case, _ w: Parameter, _ b: Parameter) -> Optimizer {
        let config = testCase.config
        let betas = config.betas.map { ($0[0], $0[1]) } ?? (0.9, 0.999)
        switch testCase.kind {
        case "sgd":
            return SGD([w, b], learningRate: config.lr, momentum: config.momentum ?? 0, dampening: config.dampening ?? 0, weightDecay: config.weight_decay ?? 0,
                       nesterov: config.nesterov ?? false, maximize: config.maximize ?? false)
        case "adam":
            return Adam([w, b], learningRate: config.lr, betas: betas, epsilon: config.eps ?? 1e-8, weightDecay: config.weight_decay ?? 0,
                        amsgrad: config.amsgrad ?? false, maximize: config.maximize ?? false)
        case "adamw":
            return AdamW([w, b], learningRate: config.lr, weightDecay: config.weight_decay ?? 0.01, amsgrad: config.amsgrad ?? false, maximize: config.maximize ?? false)
        case "rmsprop":
            return RMSprop([w, b], learningRate: config.lr, alpha: config.alpha ?? 0.99, weightDecay: config.weight_decay ?? 0,
                           momentum: config.momentum ?? 0, centered: config.centered ?? false)
        case "adagrad":
            return Adagrad([w, b], learningRate: config.lr, learningRateDecay: config.lr_decay ?? 0, weightDecay: config.weight_decay ?? 0,
                           initialAccumulatorValue: config.initial_accumulator_value ?? 0)
        default:
            #expect(testCase.kind == "adam_groups")
            let rates = config.group_lrs!
            return Adam(groups: [ParameterGroup([w], learningRate: rates[0]), ParameterGroup([b], learningRate: rates[1])], learningRate: config.lr)
        }
    }

    static let fixture = Result { try loadFixture(OptimizerFixture.self, named: "optimizers", in: .module) }

    @Test func theFixtureHolds19Cases() throws {
        #expect(try Self.fixture.get().cases.count == 19)
    }

    /// One test per case, so a failing case does not hide the others.
    @Test(arguments: 0..<19) func fiveOptimizerStepsMatchPyTorch(index: Int) throws {
        let fixture = try Self.fixture.get()
        let testCase = try #require(fixture.cases.indices.contains(index) ? fixture.cases[index] : nil)
        let w = Parameter(fixture.start_w.tensor), b = Parameter(fixture.start_b.tensor)
        let optimizer = makeOptimizer(testCase, w, b)
        for (stepIndex, expected) in testCase.steps.enumerated() {
            optimizer.zeroGrad()
            let residualW = w * Variable(fixture.scale_w.tensor) - Variable(fixture.target_w.tensor)
            let residualB = b * Variable(fixture.scale_b.tensor) - Variable(fixture.target_b.tensor)
            ((residualW * residualW).sum() + (residualB * residualB).sum()).backward()
            optimizer.step()
            expectMatches(w.value, expected.w.tensor, "\(testCase.kind) \(testCase.config) step \(stepIndex + 1) w")
            expectMatches(b.value, expected.b.tensor, "\(testCase.kind) \(testCase.config) step \(stepIndex + 1) b")
        }
    }

    @Test func frozenParametersGetNoGradientAndAreNotUpdated() {
        let model = Small()
        model.freeze { $0.hasPrefix("embedding") || $0 == "encoder.bias" }
        let frozen = model.embedding.weight.value
        let optimizer = SGD(model.parameters(), learningRate: 0.5)
        let loss = CrossEntropyLoss()(model(IntTensor([[1, 2], [3, 4]])), IntTensor([0, 1]))
        loss.backward()
        #expect(model.embedding.weight.grad == nil)
        #expect(model.encoder.bias?.grad == nil)
        #expect(model.encoder.weight.grad != nil)
        optimizer.step()
        #expect(model.embedding.weight.value == frozen)
        #expect(model.parameterCount(trainableOnly: true) == model.parameterCount() - 40 - 6)
        model.unfreeze()
        #expect(model.parameters().allSatisfy { $0.isTrainable })
    }

    @Test func stateSaveAndLoadContinuesIdentically() throws {
        func makeRun() -> (Parameter, Adam) {
            let p = Parameter(Tensor([1, -2, 3]))
            return (p, Adam([p], learningRate: 0.1))
        }
        func step(_ p: Parameter, _ optimizer: Optimizer) {
            optimizer.zeroGrad()
            (p * p * p).sum().backward()
            optimizer.step()
        }
        let (reference, referenceOptimizer) = makeRun()
        for _ in 0..<6 { step(reference, referenceOptimizer) }

        let (first, firstOptimizer) = makeRun()
        for _ in 0..<3 { step(first, firstOptimizer) }
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent("optimizer.safetensors")
        try SafeTensors.write(firstOptimizer.stateDict(), to: url)

        let (resumed, resumedOptimizer) = makeRun()
        resumed.value = first.value
        try resumedOptimizer.loadStateDict(SafeTensors.read(url).tensors)
        for _ in 0..<3 { step(resumed, resumedOptimizer) }
        #expect(resumed.value == reference.value)

        #expect(throws: StateDictError.self) { try resumedOptimizer.loadStateDict([("state.9.exp_avg", .float(Tensor([1])))]) }
    }

    @Test func vectorizedUpdatesRoundLikeTheScalarFormulas() {
        // 10,007 elements: whole AVX-512/AVX2 vectors on several threads' chunks, plus a scalar tail.
        let count = 10_007
        var generator = RandomGenerator(seed: 7)
        let start = Tensor.normal([count], using: &generator).scalars
        let gradients = (0..<3).map { _ in Tensor.normal([count], using: &generator).scalars }
        let (rate, decay, beta1, beta2, epsilon): (Float, Float, Float, Float, Float) = (0.01, 0.1, 0.9, 0.999, 1e-8)

        for decoupled in [false, true] {
            let parameter = Parameter(Tensor(shape: [count], scalars: start))
            let optimizer = Adam(groups: [ParameterGroup([parameter])], learningRate: rate, weightDecay: decay, decoupledWeightDecay: decoupled)
            var (p, m, v) = (start, [Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
            for (index, g) in gradients.enumerated() {
                parameter.grad = Tensor(shape: [count], scalars: g)
                optimizer.step()
                let step = Float(index + 1)
                let stepSize = rate / (1 - Foundation.pow(beta1, step))
                let correction = (1 - Foundation.pow(beta2, step)).squareRoot()
                for i in 0..<count {
                    var (value, grad) = (p[i], g[i])
                    if decoupled { value = value * (1 - rate * decay) } else { grad = grad + value * decay }
                    m[i] = m[i] * beta1 + grad * (1 - beta1)
                    v[i] = v[i] * beta2 + grad * grad * (1 - beta2)
                    p[i] = value - m[i] / (v[i].squareRoot() / correction + epsilon) * stepSize
                }
            }
            #expect(parameter.value.scalars == p, "Adam decoupled: \(decoupled)")
        }

        let parameter = Parameter(Tensor(shape: [count], scalars: start))
        let sgd = SGD([parameter], learningRate: rate, momentum: 0.9, weightDecay: decay, nesterov: true)
        var (p, buffer) = (start, [Float](repeating: 0, count: count))
        for (index, g) in gradients.enumerated() {
            parameter.grad = Tensor(shape: [count], scalars: g)
            sgd.step()
            for i in 0..<count {
                let grad = g[i] + p[i] * decay
                buffer[i] = index == 0 ? grad : buffer[i] * 0.9 + grad
                p[i] = p[i] - (grad + buffer[i] * 0.9) * rate
            }
        }
        #expect(parameter.value.scalars == p, "SGD with Nesterov momentum")
    }

    @Test func clippingByNormAndValue() {
        let a = Parameter(Tensor([3, 0])), b = Parameter(Tensor([4]))
        a.grad = Tensor([3, 0])
        b.grad = Tensor([4])
        let norm = clipGradientNorm([a, b], maxNorm: 1)
        #expect(norm == 5)
        #expect(Swift.abs(a.grad!.scalars[0] - 0.6) < 1e-6 && Swift.abs(b.grad!.scalars[0] - 0.8) < 1e-6)
        #expect(clipGradientNorm([a, b], maxNorm: 10) < 1.0001)
        // A long gradient (vector lanes plus a tail) against a double-precision norm.
        var generator = RandomGenerator(seed: 3)
        let long = Parameter(Tensor.zeros([10_007]))
        long.grad = Tensor.normal([10_007], using: &generator)
        let exact = long.grad!.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        #expect(Swift.abs(Double(clipGradientNorm([long], maxNorm: 1)) - exact) < 1e-6 * exact)
        #expect(Swift.abs(long.grad!.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() - 1) < 1e-5)
        a.grad = Tensor([-3, 0.5])
        clipGradientValues([a], maxValue: 1)
        #expect(a.grad?.scalars == [-1, 0.5])
    }
}
