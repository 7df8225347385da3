/// Why a distributed run could not start. Each case names the values involved.
///
/// Failures once the run has started (a collective operation that fails or times out because a
/// process died or hung) are not thrown: MPI's communicator is unusable after them, so
/// ``ProcessGroup`` ends the whole job through `MPI_Abort` with a message naming the operation.
public enum DistributedError: Error, Equatable, CustomStringConvertible {
    /// The process was not started by `mpirun` (neither `OMPI_COMM_WORLD_SIZE` nor `PMIX_RANK` is set).
    case notLaunchedByMPIRun(program: String)
    /// MPI was initialised before (a second ``ProcessGroup``, or one after ``ProcessGroup/finalize()``).
    case alreadyInitialized
    /// Open MPI gives less thread support than Strand needs (`MPI_THREAD_FUNNELED`).
    case insufficientThreadSupport(provided: Int, required: Int)
    /// An MPI call returned an error code.
    case mpiFailure(call: String, code: Int, message: String)

    public var description: String {
        switch self {
        case .notLaunchedByMPIRun(let program):
            return "Strand's Distributed module runs under mpirun (no Open MPI job environment found): mpirun -np 2 \(program) …"
        case .alreadyInitialized:
            return "MPI is already initialised in this process: create one ProcessGroup per process, and none after finalize()"
        case .insufficientThreadSupport(let provided, let required):
            return "Open MPI provides thread level \(provided), Strand's Distributed module needs \(required) (MPI_THREAD_FUNNELED)"
        case .mpiFailure(let call, let code, let message):
            return "\(call) failed with MPI error \(code): \(message)"
        }
    }
}
