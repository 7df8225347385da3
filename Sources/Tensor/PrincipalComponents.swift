/// Principal component analysis by a centred singular value decomposition (LAPACK), as
/// scikit-learn's `PCA` computes it: the data's mean is subtracted, the components are the
/// leading right singular vectors, each signed so its largest-magnitude entry is positive
/// (scikit-learn's `svd_flip` on the components), and a component's explained variance is
/// `s² / (n − 1)`.
///
/// ```swift
/// let pca = try PrincipalComponents(fitting: vectors, count: 2)   // vectors: [n, d]
/// let points = pca.transform(vectors)                              // [n, 2]
/// pca.explainedVarianceRatio                                       // e.g. [0.31, 0.12]
/// ```
public struct PrincipalComponents: Sendable {
    /// `[count, d]`: orthonormal rows, the direction of most variance first.
    public let components: Tensor
    /// `[d]`: the mean subtracted before projecting.
    public let mean: Tensor
    /// The variance of the data along each component.
    public let explainedVariance: [Float]
    /// Each component's share of the data's total variance.
    public let explainedVarianceRatio: [Float]

    /// The first `count` principal components of the rows of `data` (`[n, d]`, n ≥ 2).
    ///
    /// - Throws: ``LinearAlgebraError`` when the data holds NaN/infinity or the SVD does not converge.
    public init(fitting data: Tensor, count: Int) throws(LinearAlgebraError) {
        strandPrecondition(data.rank == 2 && data.shape[0] >= 2, "PrincipalComponents: needs data [n, d] with n ≥ 2, got \(data.shape)")
        strandPrecondition((1...Swift.min(data.shape[0], data.shape[1])).contains(count),
                           "PrincipalComponents: count \(count) must lie in 1...\(Swift.min(data.shape[0], data.shape[1])) for data \(data.shape)")
        mean = data.mean(axis: 0)
        let (_, singularValues, vt) = try (data - mean).svd()
        let samples = Float(data.shape[0] - 1)
        let variances = singularValues.scalars.map { $0 * $0 / samples }
        let total = variances.reduce(0, +)
        let dimension = data.shape[1]
        var rows = vt.slice(axis: 0, 0..<count).scalars
        for component in 0..<count {
            let row = rows[(component * dimension)..<((component + 1) * dimension)]
            let largest = row.indices.max { Swift.abs(rows[$0]) < Swift.abs(rows[$1]) }!
            if rows[largest] < 0 { for index in row.indices { rows[index] = -rows[index] } }
        }
        components = Tensor(shape: [count, dimension], scalars: rows)
        explainedVariance = Array(variances.prefix(count))
        explainedVarianceRatio = explainedVariance.map { total > 0 ? $0 / total : 0 }
    }

    /// The coordinates of the rows of `data` (`[m, d]`) along the components: `[m, count]`.
    public func transform(_ data: Tensor) -> Tensor {
        strandPrecondition(data.rank == 2 && data.shape[1] == mean.count, "PrincipalComponents.transform: data must be [m, \(mean.count)], got \(data.shape)")
        return matmul(data - mean, components, transposeB: true)
    }
}
