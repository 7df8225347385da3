import Autograd
import Tensor

/// Saliency (Simonyan et al., 2013; Captum's `Saliency`): the gradient of each example's target
/// output with respect to a continuous input such as embeddings, by default its absolute value.
///
/// - Parameters:
///   - input: `[B, …]`.
///   - targets: the output column attributed, per example.
///   - absolute: return `|∂F/∂x|` (Captum's default) rather than the signed gradient.
///   - model: maps `[B, …]` inputs to outputs `[B, C]`; run in evaluation mode.
/// - Returns: attributions shaped like `input`; no parameter's `.grad` is touched.
public func saliency(input: Tensor, targets: [Int], absolute: Bool = true, model: (Variable) -> Variable) -> Attributions {
    let variable = Variable(input, requiresGrad: true)
    let gradient = targetGradients(of: model(variable), targets: targets, withRespectTo: variable)
    return Attributions(values: absolute ? abs(gradient) : gradient)
}
