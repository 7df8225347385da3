import Foundation
import StrandTestSupport
import Testing
@testable import Tensor

/// Reduces `x` along `axis` with a plain loop over multi-indices: the reference for the kernels.
func referenceReduce(_ x: Tensor, axis: Int, keepDims: Bool = false, _ f: ([Float]) -> Float) -> Tensor {
    var outputShape = x.shape
    outputShape[axis] = 1
    let count = outputShape.reduce(1, *)
    var values: [Float] = []
    for flat in 0..<count {
        var index = multiIndex(flat, in: outputShape)
        let line = (0..<x.shape[axis]).map { k -> Float in
            index[axis] = k
            return x.scalars[flatPosition(index, in: x.shape)]
        }
        values.append(f(line))
    }
    if !keepDims { outputShape.remove(at: axis) }
    return Tensor(shape: outputShape, scalars: values)
}

@Suite struct ReductionTests {
    static let shapes: [[Int]] = [[7], [3, 5], [2, 3, 4], [4, 1, 6], [2, 40, 3], [3, 200]]

    @Test(arguments: shapes)
    func axisReductionsMatchReferenceLoops(shape: [Int]) {
        let x = randomTensor(shape, seed: 7)
        for axis in 0..<shape.count {
            for keepDims in [false, true] {
                expectMatches(x.sum(axis: axis, keepDims: keepDims), referenceReduce(x, axis: axis, keepDims: keepDims) { $0.reduce(0, +) }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
                expectMatches(x.mean(axis: axis, keepDims: keepDims), referenceReduce(x, axis: axis, keepDims: keepDims) { $0.reduce(0, +) / Float($0.count) }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
                expectMatches(x.max(axis: axis, keepDims: keepDims).values, referenceReduce(x, axis: axis, keepDims: keepDims) { $0.max()! }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
                expectMatches(x.min(axis: axis, keepDims: keepDims).values, referenceReduce(x, axis: axis, keepDims: keepDims) { $0.min()! }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
                expectMatches(x.argmax(axis: axis, keepDims: keepDims).asFloat(), referenceReduce(x, axis: axis, keepDims: keepDims) { Float($0.firstIndex(of: $0.max()!)!) }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
                expectMatches(x.argmin(axis: axis, keepDims: keepDims).asFloat(), referenceReduce(x, axis: axis, keepDims: keepDims) { Float($0.firstIndex(of: $0.min()!)!) }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
                expectMatches(x.logSumExp(axis: axis, keepDims: keepDims), referenceReduce(x, axis: axis, keepDims: keepDims) { line in
                    Float(Foundation.log(line.reduce(0.0) { $0 + Foundation.exp(Double($1)) }))
                }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
            }
            expectMatches(x.variance(axis: axis), referenceReduce(x, axis: axis) { line in
                let mean = line.reduce(0, +) / Float(line.count)
                return line.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(line.count - 1)
            }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
            expectMatches(x.variance(axis: axis, correction: 0), referenceReduce(x, axis: axis) { line in
                let mean = line.reduce(0, +) / Float(line.count)
                return line.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(line.count)
            }, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        }
    }

    @Test func wholeTensorReductions() {
        let x = Tensor([[1, 5, 2], [-3, 4, 0]])
        #expect(x.sum().item == 9)
        #expect(x.sum().shape == [])
        #expect(x.sum(keepDims: true).shape == [1, 1])
        #expect(x.mean().item == 1.5)
        #expect(x.max().item == 5)
        #expect(x.min().item == -3)
        #expect(x.argmax() == 1)
        #expect(Swift.abs(x.variance().item - 8.3) < 1e-5)  // Σ(x − 1.5)² = 41.5, over n − 1 = 5
        let long = randomTensor([10_001], seed: 9)
        #expect(Swift.abs(long.sum().item - long.scalars.reduce(0, +)) < 1e-2)
    }

    @Test func emptyAndNaNCases() {
        #expect(Tensor.zeros([0, 3]).sum(axis: 0).scalars == [0, 0, 0])
        #expect(Tensor.zeros([3, 0]).sum(axis: 1).scalars == [0, 0, 0])
        #expect(Tensor.zeros([0]).sum().item == 0)
        #expect(Tensor.zeros([0]).mean().item.isNaN)
        let withNaN = Tensor([[1, .nan, 3], [4, 5, 6]])
        #expect(withNaN.max(axis: 1).values.scalars[0].isNaN)
        #expect(withNaN.max(axis: 1).indices.scalars == [1, 2])
        #expect(withNaN.max().item.isNaN)
        #expect(Tensor([2, 7, 7]).argmax(axis: 0).item == 1)
    }

    @Test func logSumExpIsStableForLargeAndInfiniteInputs() {
        let x = Tensor([[1000, 1000], [-1000, -1000], [-.infinity, -.infinity]])
        let result = x.logSumExp(axis: 1)
        #expect(Swift.abs(result.scalars[0] - (1000 + Float(M_LN2))) < 1e-3)
        #expect(Swift.abs(result.scalars[1] - (-1000 + Float(M_LN2))) < 1e-3)
        #expect(result.scalars[2] == -.infinity)
    }

    @Test(arguments: [[4, 9], [2, 3, 5], [1, 1000]])
    func softmaxMatchesDefinitionOnEveryAxis(shape: [Int]) {
        let x = randomTensor(shape, seed: 11) * 5
        for axis in 0..<shape.count {
            let reference = referenceSoftmax(x, axis: axis)
            expectMatches(x.softmax(axis: axis), reference, tolerance: 1e-6, absoluteTolerance: 1e-6, scale: .element)
            expectMatches(x.logSoftmax(axis: axis), log(reference), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        }
    }

    @Test func softmaxIsStableForHugeLogits() {
        let x = Tensor([[1e4, 0, -1e4], [3.4e38, 3.4e38, 0]])
        expectMatches(x.softmax(), Tensor([[1, 0, 0], [0.5, 0.5, 0]]), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(x.logSoftmax().slice(axis: 0, 0..<1), Tensor([[0, -1e4, -2e4]]), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    /// Softmax computed in Double with an explicit loop.
    func referenceSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        var result = x.scalars
        let outputShape = x.shape.enumerated().map { $0.offset == axis ? 1 : $0.element }
        for flat in 0..<outputShape.reduce(1, *) {
            var index = multiIndex(flat, in: outputShape)
            let positions = (0..<x.shape[axis]).map { k -> Int in
                index[axis] = k
                return flatPosition(index, in: x.shape)
            }
            let exps = positions.map { Foundation.exp(Double(x.scalars[$0])) }
            let total = exps.reduce(0, +)
            for (position, e) in zip(positions, exps) { result[position] = Float(e / total) }
        }
        return Tensor(shape: x.shape, scalars: result)
    }
}
