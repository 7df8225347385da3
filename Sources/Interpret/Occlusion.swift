import Autograd
import Tensor

/// Occlusion (Captum's `Occlusion` on token ids): a window of `window` tokens slides over each
/// example with stride 1, replaced by `paddingID`; each window's effect is `F(x) − F(x occluded)`
/// for the example's target, and a token's score is the mean effect of the windows covering it.
/// Every occluded copy of every example runs in one forward pass of `[(T − window + 1)·B, T]` ids.
///
/// - Returns: `[B, T]` scores (positive: the tokens supported the target).
public func occlusion(ids: IntTensor, window: Int = 1, paddingID: Int, targets: [Int], model: (IntTensor) -> Variable) -> Tensor {
    let (batch, steps) = (ids.shape[0], ids.shape[1])
    strandPrecondition((1...steps).contains(window), "occlusion: window \(window) must lie in 1...\(steps)")
    let positions = steps - window + 1
    // Every occluded copy of every example, window position major: [positions·B, T].
    var occluded = [Int]()
    occluded.reserveCapacity(positions * batch * steps)
    for start in 0..<positions {
        for b in 0..<batch {
            for t in 0..<steps { occluded.append((start..<(start + window)).contains(t) ? paddingID : ids[element: b, t]) }
        }
    }
    let (original, changed) = withoutGradients {
        (targetOutputs(model(ids).value, targets), model(IntTensor(shape: [positions * batch, steps], scalars: occluded)).value)
    }
    let repeatedTargets = Array(Array(repeating: targets, count: positions).joined())
    let effects = (original.reshaped([1, batch]) - targetOutputs(changed, repeatedTargets).reshaped([positions, batch])).scalars
    var scores = [Float](repeating: 0, count: batch * steps)
    for b in 0..<batch {
        for t in 0..<steps {
            let covering = Swift.max(0, t - window + 1)...Swift.min(t, positions - 1)
            scores[b * steps + t] = covering.reduce(Float(0)) { $0 + effects[$1 * batch + b] } / Float(covering.count)
        }
    }
    return Tensor(shape: [batch, steps], scalars: scores)
}
