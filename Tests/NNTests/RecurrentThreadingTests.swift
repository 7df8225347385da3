import Autograd
@testable import NN
import StrandTestSupport
import Tensor
import Testing

/// Time steps split over threads (`DirectionPass`, `Lockstep`) give the same values as one thread:
/// each output element is computed by the same kernel in the same order, only by another thread.
@Suite(.serialized) struct RecurrentThreadingTests {
    /// The output and every gradient of one layer over variable lengths, with steps large enough to
    /// be split. A bidirectional layer gives each direction half the threads.
    func outputAndGradients(cell: RecurrentCell, directions: Int, threads: Int) -> [Tensor] {
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
        let input = variable([steps, batch, inputSize]), hidden0 = variable([directions, batch, hidden]), cell0 = variable([directions, batch, hidden])
        let parameters = (0..<directions).map { _ in
            [variable([gates, inputSize], scale: 0.2), variable([gates, hidden], scale: 0.2), variable([gates], scale: 0.2), variable([gates], scale: 0.2)]
        }
        let layer = recurrentLayer(cell: cell, input: input, layout: layout, initialHidden: hidden0,
                                   initialCell: cell.hasCellState ? cell0 : nil, parameters: parameters)
        let output = Variable.concatenate(([layer.output, layer.hidden] + (layer.cell.map { [$0] } ?? [])).map { $0.reshaped([-1]) })
        (output * Variable(Tensor.normal(output.shape, using: &generator))).sum().backward()
        let inputs = [input, hidden0] + (cell.hasCellState ? [cell0] : []) + parameters.flatMap { $0 }
        return [output.value] + inputs.map { $0.grad! }
    }

    @Test(arguments: [RecurrentCell.lstm, .gru, .rnnTanh])
    func splitStepsMatchOneThread(cell: RecurrentCell) {
        for (directions, threads) in [(1, 2), (1, 3), (2, 4)] {
            let single = outputAndGradients(cell: cell, directions: directions, threads: 1)
            let split = outputAndGradients(cell: cell, directions: directions, threads: threads)
            for (index, (one, many)) in zip(single, split).enumerated() {
                expectMatches(many, one, tolerance: 1e-6, "\(cell), \(directions) direction(s), \(threads) threads, value \(index)")
            }
        }
    }
}
