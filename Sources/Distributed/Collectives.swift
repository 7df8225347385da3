import CMPI
import Tensor

/// How a reduction combines the ranks' values.
public enum ReduceOperation: Sendable {
    /// The sum over the ranks (`MPI_SUM`).
    case sum
    /// The largest value over the ranks (`MPI_MAX`).
    case max

    var handle: MPI_Op { self == .sum ? strand_mpi_sum() : strand_mpi_max() }
}

extension ProcessGroup {
    /// Replaces `tensor` on every rank by rank `root`'s (same shape on every rank).
    public func broadcast(_ tensor: inout Tensor, from root: Int = 0) {
        let label = "broadcast of a tensor of shape \(tensor.shape) from rank \(root)"
        tensor.withUnsafeMutableBufferPointer { buffer in
            startBroadcast(UnsafeMutableRawPointer(buffer.baseAddress), count: buffer.count, type: strand_mpi_float(), from: root, label: label).wait(in: self)
        }
    }

    /// Replaces `values` on every rank by rank `root`'s (same count on every rank).
    public func broadcast(_ values: inout [Double], from root: Int = 0) {
        let label = "broadcast of \(values.count) numbers from rank \(root)"
        values.withUnsafeMutableBufferPointer { buffer in
            startBroadcast(UnsafeMutableRawPointer(buffer.baseAddress), count: buffer.count, type: strand_mpi_double(), from: root, label: label).wait(in: self)
        }
    }

    /// Combines `tensor` element by element over the ranks (same shape on every rank); every
    /// rank gets the result.
    public func allReduce(_ tensor: inout Tensor, _ operation: ReduceOperation = .sum) {
        let label = "all-reduce of a tensor of shape \(tensor.shape)"
        tensor.withUnsafeMutableBufferPointer { buffer in startAllReduce(buffer, operation, label: label).wait(in: self) }
    }

    /// Combines `values` element by element over the ranks (same count on every rank) in double
    /// precision, as metric sums need; every rank gets the result.
    public func allReduce(_ values: inout [Double], _ operation: ReduceOperation = .sum) {
        let label = "all-reduce of \(values.count) numbers"
        values.withUnsafeMutableBufferPointer { buffer in
            startCollective(label) { request in
                MPI_Iallreduce(strand_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), strand_mpi_double(), operation.handle, communicator, &request)
            }.wait(in: self)
        }
    }

    /// Returns once every rank has called it.
    public func barrier() {
        startCollective("barrier") { request in MPI_Ibarrier(communicator, &request) }.wait(in: self)
    }

    /// Starts an in-place all-reduce of `buffer`, which must stay allocated until it completes.
    func startAllReduce(_ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReduceOperation = .sum, label: String) -> PendingCollective {
        strandPrecondition(buffer.count <= Int(Int32.max), "\(label): \(buffer.count) elements are more than one MPI call takes (\(Int32.max))")
        return startCollective(label) { request in
            MPI_Iallreduce(strand_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), strand_mpi_float(), operation.handle, communicator, &request)
        }
    }

    private func startBroadcast(_ buffer: UnsafeMutableRawPointer?, count: Int, type: MPI_Datatype, from root: Int, label: String) -> PendingCollective {
        strandPrecondition((0..<worldSize).contains(root), "\(label): rank \(root) is not in 0..<\(worldSize)")
        strandPrecondition(count <= Int(Int32.max), "\(label): \(count) elements are more than one MPI call takes (\(Int32.max))")
        return startCollective(label) { request in MPI_Ibcast(buffer, Int32(count), type, Int32(root), communicator, &request) }
    }

    /// Starts a nonblocking collective through `start`; a failure to start aborts the job.
    private func startCollective(_ label: String, _ start: (inout MPI_Request?) -> Int32) -> PendingCollective {
        strandPrecondition(!isFinalized, "\(label): the process group is finalized")
        var request: MPI_Request? = strand_mpi_request_null()
        let code = start(&request)
        if code != strand_mpi_success() {
            abort("\(label) could not start: \(Self.errorString(code)) (MPI error \(code)); a rank has probably died")
        }
        return PendingCollective(request: request, label: label)
    }
}
