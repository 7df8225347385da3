import Foundation
import StrandTestSupport
import Testing
@testable import Tensor

@Suite struct ElementwiseTests {
    /// Values across the whole Float range, including the edges the fast kernels special-case.
    static let sweep: Tensor = {
        var values: [Float] = [0, -0, 1e-30, -1e-30, 1e-7, 0.5, 0.624, 0.626, 1, 9, 20, 44, 80, 88.7, 88.8, 100, -87.3, -87.4, -100, -1e5, 1e5]
        values += stride(from: -90, through: 90, by: 0.0137).map { Float($0) }
        return Tensor(values)
    }()

    @Test func expMatchesFoundationAcrossTheRange() {
        let actual = exp(Self.sweep)
        for (x, y) in zip(Self.sweep.scalars, actual.scalars) {
            let expected = Foundation.exp(x)
            if expected < Float.leastNormalMagnitude {
                #expect(y <= Float.leastNormalMagnitude, "exp(\(x)) = \(y), expected \(expected)")
            } else {
                #expect(y == expected || Swift.abs(y - expected) <= 4 * expected.ulp, "exp(\(x)) = \(y), expected \(expected)")
            }
        }
        #expect(exp(Tensor([.infinity, -.infinity])).scalars == [.infinity, 0])
        #expect(exp(Tensor([.nan])).scalars[0].isNaN)
    }

    @Test func tanhAndSigmoidMatchFoundation() {
        let t = tanh(Self.sweep)
        let s = sigmoid(Self.sweep)
        for (index, x) in Self.sweep.scalars.enumerated() {
            let expectedTanh = Foundation.tanh(x)
            #expect(Swift.abs(t.scalars[index] - expectedTanh) <= 4 * max(expectedTanh.magnitude.ulp, Float.leastNormalMagnitude), "tanh(\(x))")
            let expectedSigmoid = Float(1 / (1 + Foundation.exp(-Double(x))))
            #expect(Swift.abs(s.scalars[index] - expectedSigmoid) <= 4 * max(expectedSigmoid.ulp, 1e-38), "sigmoid(\(x))")
        }
        #expect(tanh(Tensor([.nan])).scalars[0].isNaN)
    }

    @Test func unaryFunctionsMatchElementLoops() {
        let x = randomTensor([5, 7])
        let positive = abs(x) + 0.1
        expectMatches(log(positive), Tensor(shape: x.shape, scalars: positive.scalars.map { Foundation.log($0) }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(log1p(positive), Tensor(shape: x.shape, scalars: positive.scalars.map { Foundation.log1p($0) }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(sqrt(positive), Tensor(shape: x.shape, scalars: positive.scalars.map { $0.squareRoot() }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(abs(x), Tensor(shape: x.shape, scalars: x.scalars.map { Swift.abs($0) }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(relu(x), Tensor(shape: x.shape, scalars: x.scalars.map { max($0, 0) }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(pow(positive, 1.5), Tensor(shape: x.shape, scalars: positive.scalars.map { Foundation.pow($0, 1.5) }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(pow(x, 2), x * x, tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
        expectMatches(pow(positive, Tensor([2, 0.5, 1, 3, 0, -1, 1])), referenceBroadcast(positive, Tensor([2, 0.5, 1, 3, 0, -1, 1]), { Foundation.pow($0, $1) }), tolerance: 1e-5, absoluteTolerance: 1e-5, scale: .element)
    }

    @Test func clampAndExtremaFollowPyTorch() {
        let x = Tensor([-2, -0.5, 0.5, 2, .nan])
        let clamped = x.clamped(min: -1, max: 1)
        #expect(Array(clamped.scalars.prefix(4)) == [-1, -0.5, 0.5, 1])
        #expect(clamped.scalars[4].isNaN)
        #expect(x.clamped(min: 0).scalars.prefix(4) == [0, 0, 0.5, 2])
        #expect(minimum(Tensor([1, 5]), Tensor([3, 2])).scalars == [1, 2])
        #expect(relu(Tensor([.nan])).scalars[0].isNaN)
    }

    @Test func comparisonsGiveMasks() {
        let a = Tensor([1, 2, 3])
        #expect((a .== 2).scalars == [0, 1, 0])
        #expect((a .!= 2).scalars == [1, 0, 1])
        #expect((a .< 2).scalars == [1, 0, 0])
        #expect((a .<= 2).scalars == [1, 1, 0])
        #expect((a .> 2).scalars == [0, 0, 1])
        #expect((a .>= 2).scalars == [0, 1, 1])
        #expect((Tensor([[1], [3]]) .> a).shape == [2, 3])
    }

    @Test func whereAndMaskedFillBroadcast() {
        let condition = Tensor([[1], [0]])
        let chosen = Tensor.where(condition, Tensor([1, 2, 3]), Tensor(-1))
        #expect(chosen.shape == [2, 3])
        #expect(chosen.scalars == [1, 2, 3, -1, -1, -1])
        let scores = Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
        let padMask = Tensor([0, 1, 1])
        let masked = scores.maskedFill(padMask, value: -.infinity)
        let expected: [Float] = [0.1, -.infinity, -.infinity, 0.4, -.infinity, -.infinity]
        #expect(masked.scalars == expected)
    }
}
