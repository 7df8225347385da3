import Autograd
import NN
import Tensor

/// The gradient of each example's target output with respect to `input` (`[B, …]` rows stacked
/// along the first axis), without touching any parameter's `.grad` and without computing any
/// weight gradient: every attribution method's one backward walk.
func targetGradients(of logits: Variable, targets: [Int], withRespectTo input: Variable) -> Tensor {
    // Summed, since examples are independent: each gets its own target's gradient.
    gradients(of: targetOutputs(logits, targets).sum(), withRespectTo: [input])[0] ?? Tensor.zeros(input.shape)
}

/// Runs `forward` with `layer`'s first output replaced by a fresh leaf that requires gradients,
/// holding `replacement(original output)`, and returns the model's output and that leaf.
///
/// A leaf rather than the layer's own output: its gradient exists even when the layer's weights
/// are frozen or its input is token ids, and the walk back stops at it instead of continuing into
/// the layer. A recurrent layer's other outputs (its states) pass through unchanged.
func runReplacingOutput(of layer: Module, with replacement: @escaping (Tensor) -> Tensor = { $0 }, method: String,
                        _ forward: () -> Variable) -> (output: Variable, leaf: Variable) {
    var leaf: Variable?
    let hook = layer.registerForwardHook { _, _, outputs in
        let replaced = Variable(replacement(outputs[0].value), requiresGrad: true)
        leaf = replaced
        return [replaced] + outputs.dropFirst()
    }
    defer { hook.remove() }
    let output = forward()
    guard let leaf else { strandPreconditionFailure("\(method): the model did not call the layer") }
    return (output, leaf)
}
