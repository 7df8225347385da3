import Autograd
import Tensor

/// Input × gradient (Captum's `InputXGradient`): each element of a continuous input — embeddings,
/// features — times the gradient of its example's target output with respect to it. For token ids
/// use ``gradientTimesInput(layer:ids:targets:model:)`` at the embedding instead.
///
/// - Parameters:
///   - input: `[B, …]`.
///   - targets: the output column attributed, per example.
///   - model: maps `[B, …]` inputs to outputs `[B, C]`; run in evaluation mode.
/// - Returns: attributions shaped like `input`; no parameter's `.grad` is touched.
public func inputXGradient(input: Tensor, targets: [Int], model: (Variable) -> Variable) -> Attributions {
    let variable = Variable(input, requiresGrad: true)
    let gradient = targetGradients(of: model(variable), targets: targets, withRespectTo: variable)
    return Attributions(values: input * gradient)
}
