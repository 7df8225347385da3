// The one way every test suite compares tensors.
import Tensor
import Testing

/// What a tolerance is relative to.
public enum ToleranceScale: Sendable {
    /// The largest magnitude in the expected tensor (a norm-wise relative error: elements that
    /// cancel to near zero are judged on the tensor's scale) — for results of long computations
    /// compared with PyTorch.
    case tensor
    /// Each expected element's own magnitude — for kernels checked element by element.
    case element
}

/// Why `actual` differs from `expected` by more than `tolerance` (relative to `scale`) plus
/// `absoluteTolerance`, or nil when it does not. NaN matches only NaN.
public func mismatch(_ actual: Tensor?, _ expected: Tensor, tolerance: Float = 1e-5, absoluteTolerance: Float = 0,
                     scale: ToleranceScale = .tensor) -> String? {
    guard let actual else { return "no value" }
    guard actual.shape == expected.shape else { return "shape \(actual.shape), expected \(expected.shape)" }
    let tensorScale = max(expected.scalars.map { abs($0) }.filter { !$0.isNaN }.max() ?? 0, Float.leastNormalMagnitude)
    var worst: (excess: Float, index: Int)?
    for (index, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() where !(a == e) && !(a.isNaN && e.isNaN) {
        let error = a.isNaN || e.isNaN ? Float.infinity : abs(a - e)
        let allowed = tolerance * (scale == .tensor ? tensorScale : abs(e)) + absoluteTolerance
        if error > allowed, error - allowed > (worst?.excess ?? 0) { worst = (error - allowed, index) }
    }
    guard let worst else { return nil }
    let (a, e) = (actual.scalars[worst.index], expected.scalars[worst.index])
    let judged: String = scale == .tensor ? "tensor scale \(tensorScale)" : "element scale"
    return "element \(worst.index): \(a) vs \(e) (error \(abs(a - e)), \(judged))"
}

/// Records an issue, naming `name` and the worst element, when `actual` does not match `expected`
/// (see ``mismatch(_:_:tolerance:absoluteTolerance:scale:)``).
public func expectMatches(_ actual: Tensor?, _ expected: Tensor, tolerance: Float = 1e-5, absoluteTolerance: Float = 0,
                          scale: ToleranceScale = .tensor, _ name: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    if let problem = mismatch(actual, expected, tolerance: tolerance, absoluteTolerance: absoluteTolerance, scale: scale) {
        let message: String = name.isEmpty ? problem : "\(name): \(problem)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}
