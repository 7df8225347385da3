import NN
import Tensor

extension ProcessGroup {
    /// Gives every rank's `module` rank `root`'s parameters and buffers (BatchNorm's running
    /// statistics, counters), as DDP does when it wraps a model, so every rank starts from the
    /// same weights whatever its seed. One broadcast for the float values, one for integer buffers.
    ///
    /// Every rank must pass a module of the same architecture: a rank whose parameter or buffer
    /// element counts differ from `root`'s aborts the job with both counts.
    public func broadcast(_ module: Module, from root: Int = 0) {
        let parameters = module.parameters()
        broadcastValues(parameters.map(\.value), buffers: module.namedBuffers().map(\.1), of: module, from: root) { values in
            for (parameter, value) in zip(parameters, values) { parameter.value = value }
        }
    }

    /// Gives every rank's `module` rank `root`'s buffers only (DDP's `broadcast_buffers`, before
    /// each training forward pass): a no-op for a module without buffers.
    public func broadcastBuffers(of module: Module, from root: Int = 0) {
        let buffers = module.namedBuffers().map(\.1)
        guard !buffers.isEmpty else { return }
        broadcastValues([], buffers: buffers, of: module, from: root) { _ in }
    }

    /// Broadcasts `values` and `buffers` from `root` after checking that every rank has as many
    /// elements of each kind; `assign` receives the values (reshaped), buffers are set in place.
    private func broadcastValues(_ values: [Tensor], buffers: [Buffer], of module: Module, from root: Int,
                                 assign: ([Tensor]) -> Void) {
        let floatBuffers = buffers.compactMap { buffer -> (Buffer, Tensor)? in
            if case .float(let tensor) = buffer.value { return (buffer, tensor) } else { return nil }
        }
        let intBuffers = buffers.compactMap { buffer -> (Buffer, IntTensor)? in
            if case .int(let ints) = buffer.value { return (buffer, ints) } else { return nil }
        }
        let floats = values + floatBuffers.map(\.1)
        let counts = [values, floatBuffers.map(\.1)].map { Double($0.reduce(0) { $0 + $1.count }) } + [Double(intBuffers.reduce(0) { $0 + $1.1.count })]
        var rootCounts = counts
        broadcast(&rootCounts, from: root)
        if rootCounts != counts {
            abort("\(type(of: module)) has \(Int(counts[0])) parameter, \(Int(counts[1])) float buffer and \(Int(counts[2])) integer buffer elements here, rank \(root) has \(Int(rootCounts[0])), \(Int(rootCounts[1])) and \(Int(rootCounts[2])): every rank must build the same model")
        }
        var flat = Tensor(shape: [floats.reduce(0) { $0 + $1.count }]) { buffer in
            var offset = 0
            for tensor in floats {
                tensor.withUnsafeBufferPointer { source in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<offset + source.count]).initialize(from: source)
                }
                offset += tensor.count
            }
        }
        broadcast(&flat, from: root)
        var received = flat.scalars[...]
        let tensors = floats.map { tensor in
            defer { received = received.dropFirst(tensor.count) }
            return Tensor(shape: tensor.shape, scalars: Array(received.prefix(tensor.count)))
        }
        assign(Array(tensors.prefix(values.count)))
        for ((buffer, _), tensor) in zip(floatBuffers, tensors.dropFirst(values.count)) { buffer.value = .float(tensor) }
        var integers = intBuffers.flatMap { $0.1.scalars.map(Double.init) }
        broadcast(&integers, from: root)
        var offset = 0
        for (buffer, ints) in intBuffers {
            buffer.value = .int(IntTensor(shape: ints.shape, scalars: integers[offset..<offset + ints.count].map { Int($0) }))
            offset += ints.count
        }
    }
}
