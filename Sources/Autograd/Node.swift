import Tensor

/// One recorded operation: its inputs, the variables it produced, and the function that maps the
/// gradients of its outputs to the gradients of the inputs that need one.
///
/// An operation may produce several outputs (an LSTM layer returns its outputs, `h_n` and `c_n`;
/// `split` returns its pieces). Its backward receives one entry per output — nil for an output no
/// gradient reached, so nothing is zero-filled — and one "needs" flag per input, and returns nil
/// for every input that is not needed.
final class Node {
    let name: String
    private(set) var inputs: [Variable]
    /// The outputs, weakly: a variable holds its node, not the other way round. An output that is
    /// gone was used by nothing still alive, so no gradient can reach it.
    private var outputs: [WeakVariable]
    private var backward: (([Tensor?], [Bool]) -> [Tensor?])?

    init(name: String, inputs: [Variable], backward: @escaping ([Tensor?], [Bool]) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.outputs = []
        self.backward = backward
    }

    /// Makes the variables of `values`, in order, the outputs of this node.
    func makeOutputs(_ values: [Tensor]) -> [Variable] {
        let variables = values.map { Variable(value: $0, node: self) }
        outputs = variables.map(WeakVariable.init)
        return variables
    }

    /// The outputs that are still alive, with their positions.
    var liveOutputs: [(index: Int, variable: Variable)] {
        outputs.indices.compactMap { index in outputs[index].variable.map { (index, $0) } }
    }

    var outputCount: Int { outputs.count }

    /// The input gradients for `outputGradients`, each reduced to its input's shape where the
    /// forward pass broadcast it (done here once, so no operation has to), nil where not `needed`.
    func inputGradients(for outputGradients: [Tensor?], needs: [Bool]) -> [Tensor?] {
        requireGraph()
        let gradients = backward!(outputGradients, needs)
        strandPrecondition(gradients.count == inputs.count, "backward of '\(name)' returned \(gradients.count) gradients for \(inputs.count) inputs")
        return zip(gradients, zip(inputs, needs)).map { gradient, input in
            guard let gradient, input.1 else { return nil }
            return gradient.shape == input.0.shape ? gradient : gradient.summed(toShape: input.0.shape)
        }
    }

    /// Stops with a message when an earlier walk has freed this node's saved tensors.
    func requireGraph() {
        strandPrecondition(backward != nil, "backward: the graph through '\(name)' was already freed by an earlier backward(); pass retainGraph: true to that call to back-propagate twice")
    }

    /// Drops the saved tensors and the references to the inputs, freeing the graph behind this node.
    func release() {
        backward = nil
        inputs = []
    }
}

/// A weak reference to a variable, for a node's outputs.
struct WeakVariable {
    weak var variable: Variable?
    init(_ variable: Variable) { self.variable = variable }
}
