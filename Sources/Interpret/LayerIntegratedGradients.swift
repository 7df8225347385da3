import Autograd
import NN
import Tensor

/// Layer Integrated Gradients (Captum's `LayerIntegratedGradients`): Integrated Gradients taken in
/// the output space of `layer` — for text, the embedding — between its output for `ids` and for
/// `baselineIDs` (a pad-token reference of the same length, Captum's `TokenReferenceBase`).
///
/// The model runs once on each of the two id tensors to record the layer's outputs, then on
/// batches of path points: a forward hook replaces the layer's output with the interpolated
/// embeddings, and one targeted walk back from each example's target output gives their gradient
/// — no parameter's `.grad` is touched and no weight gradient is computed.
///
/// - Parameters:
///   - layer: a module the model calls once per forward pass, whose first output is `[B, …]`.
///   - ids: `[B, T]` token ids, the input the attributions explain.
///   - baselineIDs: `[B, T]` token ids of the reference (pad tokens, say); the same shape as `ids`.
///   - targets: the output column attributed, per example.
///   - steps: the number of path samples (Captum's default: 50).
///   - method: how the path is sampled (Captum's default: Gauss–Legendre).
///   - internalBatchSize: the most rows per forward pass (steps are batched together); nil: all.
///   - model: maps ids `[N, T]` to outputs `[N, C]`; run in evaluation mode.
/// - Returns: attributions shaped like the layer's output (`[B, T, D]` for an embedding; use
///   ``Attributions/perToken``) and each example's completeness.
public func layerIntegratedGradients(layer: Module, ids: IntTensor, baselineIDs: IntTensor, targets: [Int], steps: Int = 50,
                                     method: IntegrationMethod = .gaussLegendre, internalBatchSize: Int? = nil,
                                     model: (IntTensor) -> Variable) -> Attributions {
    strandPrecondition(ids.shape == baselineIDs.shape, "layerIntegratedGradients: ids \(ids.shape) and baseline \(baselineIDs.shape) differ")
    let (inputLayer, inputOutput) = layerOutput(layer, for: ids, model: model)
    let (baselineLayer, baselineOutput) = layerOutput(layer, for: baselineIDs, model: model)
    let difference = inputLayer - baselineLayer
    let averaged = pathIntegral(difference: difference, baseline: baselineLayer, targets: targets, steps: steps, method: method,
                                internalBatchSize: internalBatchSize) { points, repeatedTargets in
        layerOutputsAndGradients(layer, at: points, ids: ids, targets: repeatedTargets, model: model).gradients
    }
    let attributions = difference * averaged
    return Attributions(values: attributions,
                        completeness: completeness(attributions, targetOutputs(inputOutput, targets) - targetOutputs(baselineOutput, targets)))
}

/// Layer Integrated Gradients with the path sampled adaptively (``AdaptiveIntegration``): points are
/// added where the attributions fail to add up, until they do within `adaptive.tolerance` or the
/// evaluation budget is spent.
public func layerIntegratedGradients(layer: Module, ids: IntTensor, baselineIDs: IntTensor, targets: [Int], adaptive: AdaptiveIntegration,
                                     model: (IntTensor) -> Variable) -> AdaptiveAttributions {
    strandPrecondition(ids.shape == baselineIDs.shape, "layerIntegratedGradients: ids \(ids.shape) and baseline \(baselineIDs.shape) differ")
    let inputLayer = layerOutput(layer, for: ids, model: model).0
    let baselineLayer = layerOutput(layer, for: baselineIDs, model: model).0
    return adaptivePathIntegrals(difference: inputLayer - baselineLayer, baseline: baselineLayer, settings: adaptive) { points, example in
        let repeated = Array(repeating: targets[example], count: points.shape[0])
        let (outputs, gradients) = layerOutputsAndGradients(layer, at: points, ids: ids.slice(axis: 0, example..<(example + 1)),
                                                            targets: repeated, model: model)
        return (targetOutputs(outputs, repeated).scalars, gradients)
    }
}

/// The model's outputs with `layer`'s output replaced by `points` (the model reads `ids` repeated
/// once per row of points), and the gradient of each row's target output with respect to its point:
/// what both ways of sampling the path evaluate.
private func layerOutputsAndGradients(_ layer: Module, at points: Tensor, ids: IntTensor, targets: [Int],
                                      model: (IntTensor) -> Variable) -> (outputs: Tensor, gradients: Tensor) {
    let copies = IntTensor.concatenate(Array(repeating: ids, count: points.shape[0] / ids.shape[0]))
    let (output, interpolated) = runReplacingOutput(of: layer, with: { _ in points }, method: "layerIntegratedGradients") { model(copies) }
    return (output.value, targetGradients(of: output, targets: targets, withRespectTo: interpolated))
}

/// The layer's first output and the model's outputs for `ids`, without recording a graph.
private func layerOutput(_ layer: Module, for ids: IntTensor, model: (IntTensor) -> Variable) -> (Tensor, Tensor) {
    let store = HookStore(forwardOf: layer) { _, _, outputs in outputs[0].value }
    defer { store.remove() }
    let output = withoutGradients { model(ids).value }
    guard let captured = store.stored.last else { strandPreconditionFailure("layerIntegratedGradients: the model did not call the layer") }
    return (captured, output)
}

/// Captum's `TokenReferenceBase`: a baseline of `referenceID` (usually the pad id) with the ids' shape.
public func tokenReference(like ids: IntTensor, referenceID: Int) -> IntTensor {
    IntTensor.full(ids.shape, value: referenceID)
}
