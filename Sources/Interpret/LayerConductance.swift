import Autograd
import NN
import Tensor

/// Layer Conductance (Dhamdhere et al., 2018; Captum's `LayerConductance`): how much of the change
/// in each example's target output, from the baseline to the input, flows through each unit of
/// `layer`'s output. Along the straight path `x_k = x′ + α_k(x − x′)` (`steps + 1` points of
/// `method`), conductance sums each unit's gradient times its own change between consecutive points:
/// `Σ_k ∂F/∂y(x_k) · (y(x_{k+1}) − y(x_k))`.
///
/// Where Integrated Gradients says which *inputs* mattered, conductance says which *hidden units*
/// carried it — Captum's text tutorials use it layer by layer. It works on any differentiable model
/// (fused recurrent layers included), unlike DeepLift, whose rules must know every nonlinearity
/// inside the model.
///
/// - Parameters:
///   - layer: a module the model calls once per forward pass, whose first output is `[B, …]`.
///   - input: `[B, …]` continuous input (embeddings, features), where the path ends.
///   - baseline: `[B, …]` continuous input the path starts from; the same shape as `input`.
///   - targets: the output column attributed, per example.
///   - steps: the path's intervals; the model runs at `steps + 1` points (50 by default).
///   - method: how the path points are placed (Gauss–Legendre by default).
///   - internalBatchSize: the most rows per forward pass; nil: all points at once.
///   - model: maps `[N, …]` inputs to outputs `[N, C]`; run in evaluation mode.
/// - Returns: attributions shaped like the layer's output, and each example's completeness
///   (Σ conductance against F(x) − F(x′); the path's ends are `method`'s first and last points).
public func layerConductance(layer: Module, input: Tensor, baseline: Tensor, targets: [Int], steps: Int = 50,
                             method: IntegrationMethod = .gaussLegendre, internalBatchSize: Int? = nil,
                             model: (Variable) -> Variable) -> Attributions {
    strandPrecondition(input.shape == baseline.shape, "layerConductance: input \(input.shape) and baseline \(baseline.shape) differ")
    strandPrecondition(steps > 0, "layerConductance: steps must be positive, got \(steps)")
    let alphas = method.points(steps: steps + 1).alphas
    let batch = input.shape[0]
    let difference = input - baseline
    var outputs: [Tensor] = [], gradients: [Tensor] = []
    forEachStepChunk(steps: steps + 1, rowsPerStep: batch, maximumRows: internalBatchSize) { chunk in
        let points = Tensor.concatenate(chunk.map { baseline + difference * Float(alphas[$0]) })
        let repeatedTargets = Array(Array(repeating: targets, count: chunk.count).joined())
        let (output, layerOutput) = runReplacingOutput(of: layer, method: "layerConductance") { model(Variable(points)) }
        let gradient = targetGradients(of: output, targets: repeatedTargets, withRespectTo: layerOutput)
        for offset in chunk.indices.map({ $0 - chunk.lowerBound }) {
            let rows = (offset * batch)..<((offset + 1) * batch)
            outputs.append(layerOutput.value.slice(axis: 0, rows))
            gradients.append(gradient.slice(axis: 0, rows))
        }
    }
    var conductance = Tensor.zeros(outputs[0].shape)
    for step in 0..<steps { conductance += gradients[step] * (outputs[step + 1] - outputs[step]) }
    let (atInput, atBaseline) = withoutGradients { (model(Variable(input)).value, model(Variable(baseline)).value) }
    return Attributions(values: conductance, completeness: completeness(conductance, targetOutputs(atInput, targets) - targetOutputs(atBaseline, targets)))
}
