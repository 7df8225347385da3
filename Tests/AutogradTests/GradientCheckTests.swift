@testable import Autograd
import Tensor
import Testing

/// A seeded normal tensor.
func normal(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.normal(shape, using: &generator)
}

/// A seeded tensor whose elements keep at least `gap` away from 0 (for kinks at 0).
func awayFromZero(_ shape: [Int], seed: UInt64, gap: Float = 0.1) -> Tensor {
    let x = normal(shape, seed: seed)
    return x + Tensor.where(x .>= 0, Tensor(gap), Tensor(-gap))
}

/// Expects the gradient check of `function` at `inputs` to pass.
func expectGradients(_ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation, _ function: ([Variable]) -> Variable) {
    let result = GradientChecker.check(at: inputs, function)
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
}

@Suite struct GradientCheckTests {
    /// Operand shapes that broadcast in different ways, scalars and size-1 axes included.
    static let broadcastPairs: [([Int], [Int])] = [([3, 4], [3, 4]), ([3, 4], [4]), ([2, 1, 4], [3, 1]), ([], [2, 3]), ([2, 3], [1])]

    @Test(arguments: broadcastPairs)
    func arithmetic(shapeA: [Int], shapeB: [Int]) {
        let a = normal(shapeA, seed: 1)
        let b = awayFromZero(shapeB, seed: 2, gap: 0.5)
        expectGradients([a, b]) { $0[0] + $0[1] }
        expectGradients([a, b]) { $0[0] - $0[1] }
        expectGradients([a, b]) { $0[0] * $0[1] }
        expectGradients([a, b]) { $0[0] / $0[1] }
        expectGradients([a, b]) { maximum($0[0], $0[1]) }
        expectGradients([a, b]) { minimum($0[0], $0[1]) }
        expectGradients([a, b]) { Variable.where(a .> 0, $0[0], $0[1]) }
    }

    @Test func scalarArithmetic() {
        let x = awayFromZero([2, 3], seed: 3, gap: 0.5)
        expectGradients([x]) { -$0[0] * 3 + 2 }
        expectGradients([x]) { 1.5 - $0[0] / 4 }
        expectGradients([x]) { 2 / $0[0] }
        expectGradients([x]) { 0.5 * $0[0] - 1 }
    }

    @Test func elementwiseFunctions() {
        let x = normal([3, 4], seed: 4)
        let positive = abs(x) + 0.5
        let kinked = awayFromZero([3, 4], seed: 5)
        expectGradients([x]) { exp($0[0]) }
        expectGradients([positive]) { log($0[0]) }
        expectGradients([positive]) { log1p($0[0]) }
        expectGradients([positive]) { sqrt($0[0]) }
        expectGradients([kinked]) { abs($0[0]) }
        expectGradients([x]) { tanh($0[0]) }
        expectGradients([x]) { sigmoid($0[0]) }
        expectGradients([kinked]) { relu($0[0]) }
        expectGradients([positive]) { pow($0[0], 2.5) }
        expectGradients([x]) { pow($0[0], 3) }
        expectGradients([kinked]) { $0[0].clamped(min: -0.5, max: 0.5) }
    }

    @Test(arguments: [nil, 0, 1, -1] as [Int?])
    func reductions(axis: Int?) {
        let x = normal([3, 4], seed: 6)
        for keepDims in [false, true] {
            expectGradients([x]) { $0[0].sum(axis: axis, keepDims: keepDims) }
            expectGradients([x]) { $0[0].mean(axis: axis, keepDims: keepDims) }
            expectGradients([x]) { $0[0].variance(axis: axis, keepDims: keepDims) }
            if let axis {
                expectGradients([x]) { $0[0].max(axis: axis, keepDims: keepDims).values }
                expectGradients([x]) { $0[0].min(axis: axis, keepDims: keepDims).values }
                expectGradients([x]) { $0[0].logSumExp(axis: axis, keepDims: keepDims) }
            }
        }
        expectGradients([x]) { $0[0].max() }
        expectGradients([x]) { $0[0].min() }
    }

    @Test(arguments: [0, 1, -1])
    func softmaxAndLogSoftmax(axis: Int) {
        let x = normal([3, 5], seed: 7) * 2
        expectGradients([x]) { $0[0].softmax(axis: axis) }
        expectGradients([x]) { $0[0].logSoftmax(axis: axis) }
    }

    @Test func matmulWithEveryLayout() {
        let a = normal([3, 4], seed: 8), b = normal([4, 5], seed: 9)
        expectGradients([a, b]) { matmul($0[0], $0[1]) }
        expectGradients([a.transposed(), b]) { matmul($0[0], $0[1], transposeA: true) }
        expectGradients([a, b.transposed()]) { matmul($0[0], $0[1], transposeB: true) }
        expectGradients([a.transposed(), b.transposed()]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) }
        // Batched, and each operand shared by every batch.
        let batchA = normal([2, 3, 4], seed: 10), batchB = normal([2, 4, 5], seed: 11)
        expectGradients([batchA, batchB]) { matmul($0[0], $0[1]) }
        expectGradients([batchA, b]) { matmul($0[0], $0[1]) }
        expectGradients([batchA, b.transposed()]) { matmul($0[0], $0[1], transposeB: true) }
        expectGradients([batchA.transposed(), b]) { matmul($0[0], $0[1], transposeA: true) }
        expectGradients([a, batchB]) { matmul($0[0], $0[1]) }
        expectGradients([a.transposed(), batchB.transposed()]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) }
        // Vectors.
        expectGradients([normal([4], seed: 12), b]) { matmul($0[0], $0[1]) }
        expectGradients([a, normal([4], seed: 13)]) { matmul($0[0], $0[1]) }
    }

    @Test func shaping() {
        let x = normal([2, 3, 4], seed: 14)
        expectGradients([x]) { $0[0].reshaped([6, -1]) }
        expectGradients([x]) { $0[0].flattened(startAxis: 1) }
        expectGradients([x.unsqueezed(axis: 1)]) { $0[0].squeezed(axis: 1) }
        expectGradients([x]) { $0[0].unsqueezed(axis: -1) }
        expectGradients([x]) { $0[0].permuted(2, 0, 1) }
        expectGradients([x]) { $0[0].transposed(0, 2) }
        expectGradients([x]) { $0[0].transposed() }
        expectGradients([normal([3, 1], seed: 15)]) { $0[0].expanded(to: [2, 3, 4]) }
    }

    @Test func slicingAndJoining() {
        let x = normal([3, 4], seed: 16), y = normal([3, 2], seed: 17)
        expectGradients([x]) { $0[0].slice(axis: 1, 1..<3) }
        expectGradients([x]) { $0[0].select(axis: 1, index: -1) }
        expectGradients([x]) { $0[0][1] }
        expectGradients([x]) { $0[0][0..<2] }
        expectGradients([x, y]) { Variable.concatenate([$0[0], $0[1]], axis: 1) }
        expectGradients([x, x * 2]) { Variable.stack([$0[0], $0[1]], axis: 1) }
        expectGradients([x]) { $0[0].split(sizes: [1, 3], axis: 1)[1] * $0[0].split(sizes: [3, 1], axis: 1)[1] }
        expectGradients([x]) { Variable.concatenate($0[0].chunked(2, axis: 1).reversed(), axis: 1) }
        expectGradients([x]) { $0[0].padded(axis: 0, before: 1, after: 2, value: 3) }
    }

    @Test func indexing() {
        let table = normal([5, 3], seed: 18)
        let ids = IntTensor([[4, 0, 4], [1, 2, 2]])
        expectGradients([table]) { $0[0].indexSelect(ids) }
        expectGradients([table]) { $0[0].indexSelect(IntTensor([2, 0]), axis: 1) }
        expectGradients([table, normal([3, 3], seed: 19)]) { $0[0].indexAdd(IntTensor([1, 1, 3]), $0[1]) }
        let picks = IntTensor([[2], [0], [1], [1], [0]])
        expectGradients([table]) { $0[0].gather(axis: 1, picks) }
        expectGradients([normal([5, 1], seed: 20)]) { $0[0].scatterAdd(into: [5, 3], axis: 1, picks) }
        expectGradients([table]) { $0[0].maskedFill(Tensor([1, 0, 1]), value: -2) }
    }

    @Test func nonContiguousLookingInputs() {
        // Permuted and sliced views feeding further operations: gradients must find their way back
        // through the reordering.
        let x = normal([4, 3, 5], seed: 21)
        let w = normal([4, 2], seed: 22)
        expectGradients([x, w]) { inputs in
            let view = inputs[0].permuted(2, 1, 0).slice(axis: 1, 1..<3)   // [5, 2, 4]
            return tanh(matmul(view, inputs[1])).sum(axis: 1).softmax(axis: -1)
        }
        expectGradients([x]) { inputs in
            let rows = inputs[0].transposed(0, 1)[1]                          // [4, 5]
            return (rows * rows.slice(axis: 1, 0..<1)).logSumExp(axis: 0)
        }
    }

    @Test func checkerCatchesAWrongGradient() {
        // An operation whose backward is deliberately off by a factor of two must fail the check.
        let wrong: (Variable) -> Variable = { x in Variable.record("wrongSquare", [x], x.value * x.value) { g in [g * x.value] } }
        let result = GradientChecker.check(at: [normal([3], seed: 23)]) { wrong($0[0]) }
        #expect(!result.passed)
        #expect(result.mismatches.count == 3)
    }
}
