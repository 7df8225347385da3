import Autograd
import Tensor

/// Integrated Gradients (Sundararajan et al., 2017) on a continuous input, as Captum computes it:
/// `attr = (x − x′) ⊙ Σ_k w_k ∂F(x′ + α_k(x − x′))/∂x` for the target output of each example.
///
/// Gradients come from one targeted walk per chunk of path points (no parameter's `.grad` is
/// touched, no weight gradient computed).
///
/// - Parameters:
///   - input: `[B, …]`, the point the attributions explain.
///   - baseline: `[B, …]`, the reference the path starts from; the same shape as `input`.
///   - targets: the output column attributed, per example.
///   - steps: the number of path samples (Captum's default: 50).
///   - method: how the path is sampled (Captum's default: Gauss–Legendre).
///   - internalBatchSize: the most rows per forward pass (steps are batched together); nil: all.
///   - model: maps `[N, …]` inputs to outputs `[N, C]`; run in evaluation mode.
public func integratedGradients(input: Tensor, baseline: Tensor, targets: [Int], steps: Int = 50, method: IntegrationMethod = .gaussLegendre,
                                internalBatchSize: Int? = nil, model: (Variable) -> Variable) -> Attributions {
    strandPrecondition(input.shape == baseline.shape, "integratedGradients: input \(input.shape) and baseline \(baseline.shape) differ")
    let difference = input - baseline
    let averaged = pathIntegral(difference: difference, baseline: baseline, targets: targets, steps: steps, method: method,
                                internalBatchSize: internalBatchSize) { points, repeatedTargets in
        outputsAndGradients(at: points, targets: repeatedTargets, model: model).gradients
    }
    let attributions = difference * averaged
    let (atInput, atBaseline) = withoutGradients { (model(Variable(input)).value, model(Variable(baseline)).value) }
    return Attributions(values: attributions, completeness: completeness(attributions, targetOutputs(atInput, targets) - targetOutputs(atBaseline, targets)))
}

/// Σ_k w_k · gradient(x′ + α_k·difference), with the gradients of several steps computed in one
/// batch: `gradients(points, targets)` receives `[k·B, …]` points and the targets repeated k times.
func pathIntegral(difference: Tensor, baseline: Tensor, targets: [Int], steps: Int, method: IntegrationMethod, internalBatchSize: Int?,
                  gradients: (Tensor, [Int]) -> Tensor) -> Tensor {
    let (alphas, weights) = method.points(steps: steps)
    let batch = difference.shape[0]
    var total = Tensor.zeros(difference.shape)
    forEachStepChunk(steps: steps, rowsPerStep: batch, maximumRows: internalBatchSize) { chunk in
        let points = Tensor.concatenate(chunk.map { baseline + difference * Float(alphas[$0]) })
        let stepGradients = gradients(points, Array(Array(repeating: targets, count: chunk.count).joined()))
        for (offset, step) in chunk.enumerated() {
            total += stepGradients.slice(axis: 0, (offset * batch)..<((offset + 1) * batch)) * Float(weights[step])
        }
    }
    return total
}

/// Each example's `Σ attributions − (F(x) − F(x′))` beside `F(x) − F(x′)`.
func completeness(_ attributions: Tensor, _ outputDifferences: Tensor) -> [Completeness] {
    let deltas = (attributions.reshaped([attributions.shape[0], -1]).sum(axis: 1) - outputDifferences).scalars
    return zip(deltas, outputDifferences.scalars).map { Completeness(delta: $0, outputChange: $1) }
}

/// Integrated Gradients with the path sampled adaptively (``AdaptiveIntegration``): points are
/// added where the attributions fail to add up, until they do within `adaptive.tolerance` or the
/// evaluation budget is spent — for outputs that change steeply in a small part of the path.
public func integratedGradients(input: Tensor, baseline: Tensor, targets: [Int], adaptive: AdaptiveIntegration,
                                model: (Variable) -> Variable) -> AdaptiveAttributions {
    strandPrecondition(input.shape == baseline.shape, "integratedGradients: input \(input.shape) and baseline \(baseline.shape) differ")
    return adaptivePathIntegrals(difference: input - baseline, baseline: baseline, settings: adaptive) { points, example in
        let repeated = Array(repeating: targets[example], count: points.shape[0])
        let (outputs, gradients) = outputsAndGradients(at: points, targets: repeated, model: model)
        return (targetOutputs(outputs, repeated).scalars, gradients)
    }
}

/// The model's outputs at `points` and the gradient of each row's target output with respect to
/// its point: what both ways of sampling the path evaluate.
private func outputsAndGradients(at points: Tensor, targets: [Int], model: (Variable) -> Variable) -> (outputs: Tensor, gradients: Tensor) {
    let variable = Variable(points, requiresGrad: true)
    let output = model(variable)
    return (output.value, targetGradients(of: output, targets: targets, withRespectTo: variable))
}
