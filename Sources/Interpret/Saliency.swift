/// Gradient × input at a layer (Captum's `LayerGradientXActivation`): the layer's output times the
/// gradient of each example's target output with respect to it — for an embedding, `[B, T, D]`;
/// ``Attributions/perToken`` sums it per token. A one-pass, cheaper view than Integrated Gradients.
public func gradientTimesInput(layer: Module, ids: IntTensor, targets: [Int], model: (IntTensor) -> Variable) -> Attributions {
    let activations = HookStore(forwardOf: layer) { _, _, outputs in outputs[0] }
    defer { activations.remove() }
    let output = model(ids)
    guard let activation = activations.stored.last else { preconditionFailure("gradientTimesInput: the model did not call the layer") }
    activation.retainGrad()
    targetOutputs(output, targets).sum().backward()
    let gradient = activation.grad ?? Tensor.zeros(activation.shape)
    return Attributions(values: gradient * activation.value, convergenceDeltas: [])
}
