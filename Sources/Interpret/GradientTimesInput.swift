import Autograd
import NN
import Tensor

/// Gradient × input at a layer (Captum's `LayerGradientXActivation`): the layer's output times the
/// gradient of each example's target output with respect to it — for an embedding, `[B, T, D]`;
/// ``Attributions/perToken`` sums it per token. A one-pass, cheaper view than Integrated Gradients.
/// No parameter's `.grad` is touched.
public func gradientTimesInput(layer: Module, ids: IntTensor, targets: [Int], model: (IntTensor) -> Variable) -> Attributions {
    let (output, activation) = runReplacingOutput(of: layer, method: "gradientTimesInput") { model(ids) }
    let gradient = targetGradients(of: output, targets: targets, withRespectTo: activation)
    return Attributions(values: gradient * activation.value)
}
