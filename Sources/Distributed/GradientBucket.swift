import Autograd
import NN
import Tensor

/// One bucket of a ``GradientReducer``: a flat buffer holding some parameters' gradients side by
/// side, all-reduced in one operation. The buffer is allocated once and stays put while MPI works on it.
final class GradientBucket {
    let index: Int
    let members: [(parameter: Parameter, offset: Int)]
    let buffer: UnsafeMutableBufferPointer<Float>
    /// The members whose gradient arrived in this step.
    private var arrived: Set<ObjectIdentifier> = []
    /// Its all-reduce, once started in this step.
    var pending: PendingCollective?

    init(index: Int, members: [(parameter: Parameter, offset: Int)]) {
        (self.index, self.members) = (index, members)
        let count = members.last.map { $0.offset + $0.parameter.value.count } ?? 0
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: 0)
    }

    deinit {
        buffer.deallocate()
    }

    var isFull: Bool { arrived.count == members.count }

    /// Copies one member's gradient into place.
    func store(_ gradient: Tensor, for id: ObjectIdentifier, at offset: Int) {
        strandPrecondition(pending == nil && !arrived.contains(id),
                           "GradientReducer: a gradient of shape \(gradient.shape) arrived twice before synchronize() (bucket \(index)); one backward pass per optimiser step is supported")
        gradient.withUnsafeBufferPointer { source in
            _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<offset + source.count]).update(fromContentsOf: source)
        }
        arrived.insert(id)
    }

    /// Zeroes the places of members whose gradient did not arrive, and counts them as arrived.
    func zeroMissing() {
        for (parameter, offset) in members where !arrived.contains(ObjectIdentifier(parameter)) {
            UnsafeMutableBufferPointer(rebasing: buffer[offset..<offset + parameter.value.count]).update(repeating: 0)
            arrived.insert(ObjectIdentifier(parameter))
        }
    }

    /// Sets each member's `grad` to its reduced sum times `scale`; a member whose sum is all zero
    /// and that had no gradient here keeps none (no rank used it).
    func writeAverages(scale: Float) {
        for (parameter, offset) in members {
            let slice = UnsafeMutableBufferPointer(rebasing: buffer[offset..<offset + parameter.value.count])
            if parameter.grad == nil && !slice.contains(where: { $0 != 0 }) { continue }
            parameter.grad = Tensor(shape: parameter.value.shape) { destination in
                for i in 0..<slice.count { destination[i] = slice[i] * scale }
            }
        }
    }

    /// Ready for the next step.
    func reset() {
        arrived = []
        pending = nil
    }
}
