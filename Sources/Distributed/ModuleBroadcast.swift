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
        let received = broadcastState(parameters.map(\.value), buffers: module.namedBuffers().map(\.1), of: module, from: root)
        for (parameter, value) in zip(parameters, received) { parameter.value = value }
    }

    /// Gives every rank's `module` rank `root`'s buffers only (DDP's `broadcast_buffers`, before
    /// each training forward pass): a no-op for a module without buffers.
    public func broadcastBuffers(of module: Module, from root: Int = 0) {
        let buffers = module.namedBuffers().map(\.1)
        guard !buffers.isEmpty else { return }
        _ = broadcastState([], buffers: buffers, of: module, from: root)
    }

    /// Broadcasts `values` and `buffers` from `root`, after checking that every rank has as many
    /// elements of each kind. Buffers are set in place; the values received are returned.
    private func broadcastState(_ values: [Tensor], buffers: [Buffer], of module: Module, from root: Int) -> [Tensor] {
        let floatBuffers = buffers.compactMap { buffer -> (Buffer, Tensor)? in
            if case .float(let tensor) = buffer.value { return (buffer, tensor) } else { return nil }
        }
        let intBuffers = buffers.compactMap { buffer -> (Buffer, IntTensor)? in
            if case .int(let ints) = buffer.value { return (buffer, ints) } else { return nil }
        }
        checkSameSizes([values.map(\.count), floatBuffers.map(\.1.count), intBuffers.map(\.1.count)], of: module, from: root)
        var flat = Self.concatenated(values + floatBuffers.map(\.1))
        broadcast(&flat, from: root)
        let floats = Self.split(flat, like: values + floatBuffers.map(\.1))
        for ((buffer, _), tensor) in zip(floatBuffers, floats.dropFirst(values.count)) { buffer.value = .float(tensor) }
        // Integer buffers travel as doubles: exact up to 2^53, far beyond any counter.
        var integers = intBuffers.flatMap { $0.1.scalars.map(Double.init) }
        broadcast(&integers, from: root)
        var rest = integers[...]
        for (buffer, ints) in intBuffers {
            buffer.value = .int(IntTensor(shape: ints.shape, scalars: rest.prefix(ints.count).map { Int($0) }))
            rest = rest.dropFirst(ints.count)
        }
        return Array(floats.prefix(values.count))
    }

    /// Aborts unless every rank has `root`'s element counts of parameters, float buffers and
    /// integer buffers: a broadcast between different models would fail without saying why.
    private func checkSameSizes(_ counts: [[Int]], of module: Module, from root: Int) {
        let totals = counts.map { Double($0.reduce(0, +)) }
        var rootTotals = totals
        broadcast(&rootTotals, from: root)
        guard rootTotals != totals else { return }
        let (here, there) = (totals.map { String(Int($0)) }, rootTotals.map { String(Int($0)) })
        abort("\(type(of: module)) has \(here.joined(separator: ", ")) parameter, float buffer and integer buffer elements here, rank \(root) has \(there.joined(separator: ", ")): every rank must build the same model")
    }

    /// `tensors`' elements one after another, in one flat tensor.
    private static func concatenated(_ tensors: [Tensor]) -> Tensor {
        Tensor(shape: [tensors.reduce(0) { $0 + $1.count }]) { buffer in
            var offset = 0
            for tensor in tensors {
                tensor.withUnsafeBufferPointer { source in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<offset + source.count]).initialize(from: source)
                }
                offset += tensor.count
            }
        }
    }

    /// `flat` cut back into tensors shaped like `shapes`.
    private static func split(_ flat: Tensor, like shapes: [Tensor]) -> [Tensor] {
        var rest = flat.scalars[...]
        return shapes.map { tensor in
            defer { rest = rest.dropFirst(tensor.count) }
            return Tensor(shape: tensor.shape, scalars: Array(rest.prefix(tensor.count)))
        }
    }
}
