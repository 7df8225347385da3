import Autograd
@testable import NN
import Tensor
import Testing

/// A module with every kind of property reflection must find or skip.
final class Container: Module {
    let convs = [Linear(2, 2), Linear(2, 3, bias: false)]
    let scale = Parameter(Tensor([1]))
    let optionalHead: Linear? = Linear(3, 1)
    let missingHead: Linear? = nil
    let extras = [Parameter(Tensor([2])), Parameter(Tensor([3]))]
    let runningTotal = Buffer(Tensor([0]))
    let _cache = Linear(5, 5)
    let notAParameter = Variable(Tensor([9]), requiresGrad: true)
    let label = "ignored"
}

@Suite struct ModuleTests {
    @Test func activationModulesApplyTheirFunctionWithTheirSettings() {
        let x = Variable(Tensor([-3, -1.5, -0.25, 0, 0.25, 1.5, 3, 25]))
        let pairs: [(any Layer<Variable, Variable>, Variable)] = [
            (GELU(), gelu(x)), (GELU(approximate: .tanh), gelu(x, approximate: .tanh)), (SiLU(), silu(x)),
            (LeakyReLU(negativeSlope: 0.2), leakyReLU(x, negativeSlope: 0.2)), (ELU(alpha: 0.5), elu(x, alpha: 0.5)),
            (Softplus(beta: 2, threshold: 10), softplus(x, beta: 2, threshold: 10)), (Hardtanh(min: -2, max: 0.5), hardtanh(x, min: -2, max: 0.5)),
            (LogSigmoid(), logSigmoid(x)),
        ]
        for (module, expected) in pairs {
            #expect(module(x).value == expected.value, "\(type(of: module))")
            #expect(module.parameters().isEmpty)
        }
        // The settings matter: a different slope, bound or approximation gives other values.
        #expect(LeakyReLU(negativeSlope: 0.2)(x).value != leakyReLU(x).value)
        #expect(GELU(approximate: .tanh)(x).value != gelu(x).value)
    }

    @Test func reflectionFindsParametersBuffersAndChildrenWithPyTorchNames() {
        let module = Container()
        #expect(module.namedParameters().map(\.0) == [
            "scale", "extras.0", "extras.1", "convs.0.weight", "convs.0.bias", "convs.1.weight", "optional_head.weight", "optional_head.bias",
        ])
        #expect(module.namedBuffers().map(\.0) == ["running_total"])
        #expect(module.namedChildren().map(\.0) == ["convs.0", "convs.1", "optional_head"])
        #expect(module.namedModules().map(\.0) == ["", "convs.0", "convs.1", "optional_head"])
        #expect(module.parameterCount() == 1 + 2 + 6 + 6 + 3 + 1)
        #expect(Module.stateDictName("numBatchesTracked") == "num_batches_tracked")
        #expect(Module.stateDictName("fc1") == "fc1")
    }

    @Test func sequentialNamesChildrenByPosition() {
        let model = Sequential(Linear(3, 4), ReLU(), Dropout(0.1), Linear(4, 2))
        #expect(model.namedParameters().map(\.0) == ["0.weight", "0.bias", "3.weight", "3.bias"])
        #expect(model(Variable(Tensor.ones([5, 3]))).shape == [5, 2])
    }

    @Test func trainAndEvalPropagateAndChangeDropout() {
        RandomGenerator.manualSeed(1)
        let model = Sequential(Linear(4, 4), Dropout(0.5))
        let dropout = model.layers[1] as! Dropout
        let x = Variable(Tensor.ones([200, 4]))
        #expect(dropout.isTraining)
        let trained = dropout(x).value
        // Kept elements are scaled by 1 / (1 − p); about half are dropped.
        #expect(Set(trained.scalars) == [0, 2])
        #expect(Swift.abs((trained .== 0).mean().item - 0.5) < 0.06)
        model.eval()
        #expect(!dropout.isTraining && !(model.layers[0] as! Linear).isTraining)
        #expect(dropout(x).value == x.value)
        model.train()
        #expect(dropout.isTraining)
    }

    @Test func forwardHooksRunInOrderMayReplaceAndAreRemovable() {
        let layer = Linear(2, 2)
        var order: [String] = []
        let first = layer.registerForwardHook { _, inputs, outputs in
            order.append("first")
            #expect(inputs.count == 1 && outputs.count == 1)
            return [outputs[0] * 0]
        }
        let second = layer.registerForwardHook { _, _, outputs in
            order.append("second:\(outputs[0].value.sum().item)")
            return nil
        }
        let x = Variable(Tensor.ones([1, 2]))
        #expect(layer(x).value == Tensor.zeros([1, 2]))
        #expect(order == ["first", "second:0.0"])
        first.remove()
        second.remove()
        order = []
        #expect(layer(x).value != Tensor.zeros([1, 2]))
        #expect(order.isEmpty)
        layer.eval()
        let third = layer.registerForwardHook { _, _, _ in order.append("eval"); return nil }
        _ = withoutGradients { layer(x) }
        #expect(order == ["eval"])
        third.remove()
    }

    @Test func backwardHooksSeeGradientsWithRespectToInputsAndOutputs() {
        let layer = Linear(3, 2)
        let x = Variable(Tensor([[1, 2, 3]]), requiresGrad: true)
        var seen: [(inputs: [Tensor?], outputs: [Tensor?])] = []
        let handle = layer.registerBackwardHook { _, gradInputs, gradOutputs in seen.append((gradInputs, gradOutputs)) }
        let y = layer(x)
        (y * Variable(Tensor([[10, 20]]))).sum().backward()
        #expect(seen.count == 1)
        #expect(seen[0].outputs[0] == Tensor([[10, 20]]))
        // ∂L/∂x = g · W.
        #expect(seen[0].inputs[0] == matmul(Tensor([[10, 20]]), layer.weight.value))
        #expect(x.grad == seen[0].inputs[0])
        handle.remove()
        layer(x).sum().backward()
        #expect(seen.count == 1)
    }

    @Test func aModelWithSeveralArgumentsIsHookedLikeAnyLayer() {
        final class Tagger: Module {
            let embedding = Embedding(count: 10, dimension: 3)
            let lstm = LSTM(3, 2, batchFirst: true)
            func callAsFunction(_ ids: IntTensor, lengths: [Int]) -> Variable {
                withHooks(ids, lengths) { ids, lengths in lstm(embedding(ids), lengths: lengths).hidden.squeezed(axis: 0) }
            }
        }
        let model = Tagger()
        let ids = IntTensor([[1, 2, 3], [4, 5, 0]])
        var outputs: [Tensor] = []
        var gradients: [Tensor?] = []
        model.registerForwardHook { _, inputs, produced in
            #expect(inputs.isEmpty)                      // ids and lengths hold no variables
            outputs.append(produced[0].value)
            return nil
        }
        model.registerBackwardHook { _, _, gradOutputs in gradients.append(gradOutputs[0]) }
        let hidden = model(ids, lengths: [3, 2])
        (hidden * 2).sum().backward()
        #expect(outputs == [hidden.value])
        #expect(gradients.count == 1 && gradients[0] == Tensor.full([2, 2], value: 2))
    }

    @Test func forwardPreHooksSeeAndReplaceInputs() {
        let layer = Linear(2, 1)
        var seen: [Tensor] = []
        let handle = layer.registerForwardPreHook { _, inputs in
            seen.append(inputs[0].value)
            return [inputs[0] * 2]
        }
        let x = Variable(Tensor([[1, 3]]))
        let doubled = layer(x).value
        handle.remove()
        #expect(seen == [x.value])
        #expect(doubled == layer(Variable(Tensor([[2, 6]]))).value)
        #expect(layer.hookCount == 0)
    }

    @Test func hookStoreKeepsActivationsAndGradientsLikeFastai() {
        let encoder = Linear(3, 4)
        let head = Linear(4, 1)
        let activations = HookStore(forwardOf: encoder) { _, _, outputs in outputs[0].value }
        let gradients = HookStore(backwardOf: encoder) { _, _, gradOutputs in gradOutputs[0]! }
        let x = Variable(Tensor([[1, -1, 2], [0, 1, 1]]))
        let hidden = encoder(x)
        head(hidden).sum().backward()
        #expect(activations.stored == [hidden.value])
        #expect(gradients.stored.count == 1)
        // The gradient with respect to the encoder's output is the head's weight, per row.
        #expect(gradients.stored[0] == Tensor.concatenate([head.weight.value, head.weight.value]))
        activations.remove()
        _ = encoder(x)
        #expect(activations.stored.count == 1)
        activations.clear()
        #expect(activations.stored.isEmpty)
    }

    @Test func embeddingPaddingRowStartsAtZeroAndNeverLearns() {
        let embedding = Embedding(count: 5, dimension: 3, paddingIndex: 1)
        #expect(embedding.weight.value[1] == Tensor.zeros([3]))
        let ids = IntTensor([[1, 2, 1], [4, 1, 2]])
        let vectors = embedding(ids)
        #expect(vectors.shape == [2, 3, 3])
        (vectors * vectors).sum().backward()
        let gradient = embedding.weight.grad!
        #expect(gradient[1] == Tensor.zeros([3]))
        // Row 2 appears twice: its gradient is 2 · 2 · row.
        #expect(gradient[2] == embedding.weight.value[2] * 4)
        #expect(gradient[0] == Tensor.zeros([3]))

        let pretrained = Embedding(pretrained: Tensor([[1, 2], [3, 4]]))
        #expect(!pretrained.weight.requiresGrad)
        #expect(pretrained(IntTensor([1])).value == Tensor([[3, 4]]))
        #expect(Embedding(pretrained: Tensor([[1, 2]]), freeze: false).weight.requiresGrad)
    }

    @Test func layerGradientsPassTheChecker() {
        let layerNorm = LayerNorm([4])
        layerNorm.weight!.value = Tensor([0.5, 1, 1.5, 2])
        var generator = RandomGenerator(seed: 3)
        let input = Tensor.normal([3, 4], using: &generator)
        let result = GradientChecker.check(at: [input]) { layerNorm($0[0]) }
        #expect(result.passed, "\(result)")
        let batchNorm = BatchNorm1d(4)
        let batchInput = Tensor.normal([5, 4, 2], using: &generator)
        let batchResult = GradientChecker.check(at: [batchInput]) { batchNorm($0[0]) }
        #expect(batchResult.passed, "\(batchResult)")
        let linear = Linear(4, 3)
        let linearResult = GradientChecker.check(at: [Tensor.normal([2, 5, 6, 4], using: &generator)]) { linear($0[0]) }
        #expect(linearResult.passed, "\(linearResult)")
    }

    @Test func defaultInitialisationsHavePyTorchsDistributions() {
        RandomGenerator.manualSeed(0)
        let linear = Linear(400, 300)
        let bound = 1 / Float(400).squareRoot()
        #expect(linear.weight.value.max().item <= bound && linear.weight.value.min().item >= -bound)
        // U(−b, b) has variance b²/3.
        #expect(Swift.abs(linear.weight.value.variance().item - bound * bound / 3) < 0.03 * bound * bound)
        #expect(linear.bias!.value.max().item <= bound)
        let embedding = Embedding(count: 1000, dimension: 100)
        #expect(Swift.abs(embedding.weight.value.mean().item) < 0.01)
        #expect(Swift.abs(embedding.weight.value.variance().item - 1) < 0.02)
    }
}
