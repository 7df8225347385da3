import StrandTestSupport
import Testing
@testable import Tensor

@Suite struct PrincipalComponentsTests {
    @Test func axisAlignedDataHasItsAxesAsComponents() throws {
        // Four points (±3, 0) and (0, ±1), shifted: variance 2·3²/3 = 6 along x, 2·1²/3 ≈ 0.667 along y.
        let data = Tensor([[3, 0], [-3, 0], [0, 1], [0, -1]]) + Tensor([10, -5])
        let pca = try PrincipalComponents(fitting: data, count: 2)
        expectMatches(pca.mean, Tensor([10, -5]), tolerance: 1e-6, "mean")
        expectMatches(pca.components, Tensor([[1, 0], [0, 1]]), tolerance: 1e-5, absoluteTolerance: 1e-6, "components")
        expectMatches(Tensor(pca.explainedVariance), Tensor([6, 2.0 / 3]), tolerance: 1e-5, "explained variance")
        expectMatches(Tensor(pca.explainedVarianceRatio), Tensor([0.9, 0.1]), tolerance: 1e-5, "ratio")
        expectMatches(pca.transform(data), Tensor([[3, 0], [-3, 0], [0, 1], [0, -1]]), tolerance: 1e-5, absoluteTolerance: 1e-5, "projection")
    }

    @Test func componentsAreOrthonormalSignedAndCaptureTheVariance() throws {
        var generator = RandomGenerator(seed: 4)
        // 200 points near the line through direction (1, −2, 2)/3, plus noise.
        let along = Tensor.normal([200, 1], using: &generator) * 5
        let data = along * Tensor([1.0 / 3, -2.0 / 3, 2.0 / 3]) + Tensor.normal([200, 3], using: &generator) * 0.1
        let pca = try PrincipalComponents(fitting: data, count: 2)
        let gram = matmul(pca.components, pca.components, transposeB: true)
        expectMatches(gram, Tensor([[1, 0], [0, 1]]), tolerance: 1e-5, absoluteTolerance: 1e-5, "orthonormal")
        #expect(pca.explainedVarianceRatio[0] > 0.99)
        // The line's direction, signed so its largest entry (−2/3 or 2/3: the last on ties) is positive.
        let first = pca.components[0]
        #expect(abs(abs((first * Tensor([1.0 / 3, -2.0 / 3, 2.0 / 3])).sum().item) - 1) < 1e-3)
        #expect(first.scalars.max { abs($0) < abs($1) }! > 0)
        // The explained variance is the variance of the projected coordinates.
        let projected = pca.transform(data)
        for component in 0..<2 {
            let column = projected.slice(axis: 1, component..<(component + 1))
            let variance = (column * column).sum().item / 199
            #expect(abs(variance - pca.explainedVariance[component]) < 1e-3 * pca.explainedVariance[component])
        }
    }
}
