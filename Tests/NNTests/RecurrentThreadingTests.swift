import Autograd
@testable import NN
import StrandTestSupport
import Tensor
import Testing

/// Time steps split over threads (`DirectionPass`, `Lockstep`) give the same values as one thread:
/// each output element is computed by the same kernel in the same order, only by another thread —
/// except the LSTM's output projection, an OpenBLAS product over a part's rows: a part with fewer
/// rows may meet another of OpenBLAS's edge kernels, which sums in another order (seen with its
/// Haswell kernels on an AMD EPYC: relative differences up to 1.4e-6, a few float roundings).
@Suite(.serialized) struct RecurrentThreadingTests {
    /// The output and every gradient of one layer over variable lengths, with steps large enough to
    /// be split. A bidirectional layer gives each direction half the threads.
    func outputAndGradients(cell: RecurrentCell, directions: Int, threads: Int, projSize: Int = 0) -> [Tensor] {
        let original = Threading.count
        defer { Threading.setCount(original) }
        Threading.setCount(threads)
        var generator = RandomGenerator(seed: 3)
        let (steps, batch, inputSize, hidden) = (5, 8, 16, 128)
        let gates = cell.gateCount * hidden
        #expect(batch * gates * hidden >= DirectionPass.minimumSplitStepWork)
        let layout = PackedLayout(lengths: [3, 5, 1, 4, 3, 5, 1, 2], steps: steps)
        func variable(_ shape: [Int], scale: Float = 1) -> Variable {
            Variable(Tensor.normal(shape, using: &generator) * scale, requiresGrad: true)
        }
        let state = projSize > 0 ? projSize : hidden
        let input = variable([steps, batch, inputSize]), hidden0 = variable([directions, batch, state]), cell0 = variable([directions, batch, hidden])
        let kinds = RecurrentWeight.kinds(bias: true, projection: projSize > 0)
        let weights = (0..<directions).map { _ in
            kinds.map { variable($0.shape(cell: cell, inputSize: inputSize, hiddenSize: hidden, stateSize: state), scale: 0.2) }
        }
        let parameters = weights.map { Dictionary(uniqueKeysWithValues: zip(kinds, $0)) }
        let layer = recurrentLayer(cell: cell, input: input, layout: layout, initialHidden: hidden0,
                                   initialCell: cell.hasCellState ? cell0 : nil, parameters: parameters)
        let output = Variable.concatenate(([layer.output, layer.hidden] + (layer.cell.map { [$0] } ?? [])).map { $0.reshaped([-1]) })
        (output * Variable(Tensor.normal(output.shape, using: &generator))).sum().backward()
        let inputs = [input, hidden0] + (cell.hasCellState ? [cell0] : []) + weights.flatMap { $0 }
        return [output.value] + inputs.map { $0.grad! }
    }

    /// The four cells, and the LSTM with its output projected to 96 of its 128 units.
    @Test(arguments: [(RecurrentCell.lstm, 0), (.lstm, 96), (.gru, 0), (.rnnTanh, 0)])
    func splitStepsMatchOneThread(cell: RecurrentCell, projSize: Int) {
        for (directions, threads) in [(1, 2), (1, 3), (2, 4)] {
            let single = outputAndGradients(cell: cell, directions: directions, threads: 1, projSize: projSize)
            let split = outputAndGradients(cell: cell, directions: directions, threads: threads, projSize: projSize)
            for (index, (one, many)) in zip(single, split).enumerated() {
                expectMatches(many, one, tolerance: projSize > 0 ? 1e-5 : 1e-6,
                              "\(cell) projSize \(projSize), \(directions) direction(s), \(threads) threads, value \(index)")
            }
        }
    }
}
