import Autograd
@testable import NN
import Tensor
import Testing

@Suite struct RecurrentBehaviourTests {
    /// Which of a layer's results a finite-difference check differentiates.
    enum UsedResults: CaseIterable { case all, outputOnly, finalStatesOnly }

    @Test(arguments: [RecurrentCell.lstm, .gru, .rnnTanh, .rnnReLU], UsedResults.allCases)
    func theFusedLayerPassesTheFiniteDifferenceCheck(cell: RecurrentCell, used: UsedResults) {
        checkFiniteDifferences(cell: cell, used: used, projected: false)
    }

    @Test(arguments: UsedResults.allCases)
    func theProjectedLSTMLayerPassesTheFiniteDifferenceCheck(used: UsedResults) {
        checkFiniteDifferences(cell: .lstm, used: used, projected: true)
    }

    /// One bidirectional layer over unsorted variable lengths, batch-first and time-major: every
    /// input of the fused operation — sequence, initial states and all eight (ten with the LSTM's
    /// projection to 2 of its 3 units) weights — against finite differences, with gradients
    /// reaching all results or only some of them.
    func checkFiniteDifferences(cell: RecurrentCell, used: UsedResults, projected: Bool) {
        for batchFirst in [false, true] {
            var generator = RandomGenerator(seed: 9)
            let (steps, batch, inputSize, hidden) = (4, 3, 3, projected ? 3 : 2)
            let state = projected ? 2 : hidden
            let kinds = RecurrentWeight.kinds(bias: true, projection: projected)
            let layout = PackedLayout(lengths: [2, 4, 1], steps: steps, batchFirst: batchFirst)
            var inputs = [Tensor.normal(batchFirst ? [batch, steps, inputSize] : [steps, batch, inputSize], using: &generator),
                          Tensor.normal([2, batch, state], using: &generator), Tensor.normal([2, batch, hidden], using: &generator)]
            for _ in 0..<2 {
                // ReLU cells keep away from the kink at 0 with a positive input bias.
                inputs += kinds.map { kind in
                    let shape = kind.shape(cell: cell, inputSize: inputSize, hiddenSize: hidden, stateSize: state)
                    return Tensor.normal(shape, using: &generator) * 0.5 + (kind == .inputBias && cell == .rnnReLU ? 2 : 0)
                }
            }
            let result = GradientChecker.check(at: inputs) { v in
                let directions = [Array(v[3..<(3 + kinds.count)]), Array(v[(3 + kinds.count)...])]
                let layer = recurrentLayer(cell: cell, input: v[0], layout: layout, initialHidden: v[1], initialCell: cell.hasCellState ? v[2] : nil,
                                           parameters: directions.map { Dictionary(uniqueKeysWithValues: zip(kinds, $0)) })
                let states = [layer.hidden] + (layer.cell.map { [$0] } ?? [])
                let used = switch used {
                case .all: [layer.output] + states
                case .outputOnly: [layer.output]
                case .finalStatesOnly: states
                }
                return Variable.concatenate(used.map { $0.reshaped([-1]) })
            }
            #expect(result.passed, "\(cell), projected \(projected), batch-first \(batchFirst), \(used): \(result)")
        }
    }

    @Test func aStackedUnsortedNetworkPassesTheFiniteDifferenceCheck() {
        RandomGenerator.manualSeed(5)
        let lstm = LSTM(3, 2, numLayers: 2, bidirectional: true)
        var generator = RandomGenerator(seed: 9)
        let inputs = [Tensor.normal([4, 3, 3], using: &generator), Tensor.normal([4, 3, 2], using: &generator), Tensor.normal([4, 3, 2], using: &generator)]
        let result = GradientChecker.check(at: inputs) { v in
            let output = lstm(RecurrentInput(v[0], lengths: [2, 4, 1], initialHidden: v[1], initialCell: v[2]))
            return Variable.concatenate([output.output.reshaped([-1]), output.hidden.reshaped([-1]), output.cell!.reshaped([-1])])
        }
        #expect(result.passed, "\(result)")
    }

    @Test(arguments: [true, false])
    func paddingNeverInfluencesOutputsOrStates(bidirectional: Bool) {
        RandomGenerator.manualSeed(2)
        let lstm = LSTM(3, 4, numLayers: 2, bidirectional: bidirectional)
        var generator = RandomGenerator(seed: 4)
        let short = Tensor.normal([3, 1, 3], using: &generator)
        let long = Tensor.normal([6, 1, 3], using: &generator)
        // The short sequence alone, then padded with garbage into a batch with a longer one.
        let alone = lstm(Variable(short))
        let garbage = Tensor.full([3, 1, 3], value: 1e6)
        let batch = Variable(Tensor.concatenate([Tensor.concatenate([short, garbage]), long], axis: 1))
        let together = lstm(batch, lengths: [3, 6])
        let fromBatch = together.output.value.slice(axis: 1, 0..<1)
        #expect(maxDifference(fromBatch.slice(axis: 0, 0..<3), alone.output.value) < 1e-6)
        #expect(fromBatch.slice(axis: 0, 3..<6) == Tensor.zeros([3, 1, bidirectional ? 8 : 4]))
        #expect(maxDifference(together.hidden.value.slice(axis: 1, 0..<1), alone.hidden.value) < 1e-6)
        #expect(maxDifference(together.cell!.value.slice(axis: 1, 0..<1), alone.cell!.value) < 1e-6)
        // And the padded positions get no gradient.
        let input = Variable(batch.value, requiresGrad: true)
        lstm(input, lengths: [3, 6]).output.sum().backward()
        #expect(input.grad!.slice(axis: 0, 3..<6).slice(axis: 1, 0..<1) == Tensor.zeros([3, 1, 3]))
    }

    @Test func dropoutBetweenLayersOnlyInTraining() {
        RandomGenerator.manualSeed(8)
        let gru = GRU(3, 4, numLayers: 2, dropout: 0.5)
        let x = Variable(Tensor.ones([5, 2, 3]))
        gru.eval()
        let first = gru(x).output.value
        #expect(gru(x).output.value == first)
        gru.train()
        #expect(gru(x).output.value != first)
    }

    @Test func hooksSeeTheFusedLayersOutputAndItsGradient() {
        let lstm = LSTM(2, 3)
        var outputs: [Tensor] = []
        var gradients: [Tensor?] = []
        lstm.registerForwardHook { _, _, produced in outputs.append(produced[0].value); return nil }
        lstm.registerBackwardHook { _, _, gradOutputs in gradients.append(gradOutputs[0]) }
        let x = Variable(Tensor.ones([4, 1, 2]), requiresGrad: true)
        let result = lstm(x)
        (result.output * 3).sum().backward()
        #expect(outputs == [result.output.value])
        #expect(gradients.count == 1 && gradients[0] == Tensor.full([4, 1, 3], value: 3))
    }

    @Test func aPyTorchStyleNamedStateDictRoundTrips() throws {
        let lstm = LSTM(4, 3, numLayers: 2, bidirectional: true)
        #expect(lstm.namedParameters().map(\.0) == [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
            "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
            "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
        ])
        #expect(lstm.namedParameters()[8].1.shape == [12, 6])
        let copy = LSTM(4, 3, numLayers: 2, bidirectional: true)
        try copy.loadStateDict(lstm.stateDict())
        let x = Variable(Tensor.ones([2, 2, 4]))
        #expect(copy(x).output.value == lstm(x).output.value)
    }
}

func maxDifference(_ a: Tensor, _ b: Tensor) -> Float { abs(a - b).max().item }
