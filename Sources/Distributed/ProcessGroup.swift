import CMPI
import Foundation

/// The processes of one data-parallel run, started by `mpirun` (torch.distributed's default
/// process group): this process's ``rank``, the ``worldSize``, and the collective operations
/// between them (`broadcast`, `allReduce`, ``barrier()``).
///
/// ```swift
/// let group = try ProcessGroup()          // MPI_Init_thread; throws unless started by mpirun
/// defer { group.finalize() }
/// print("rank \(group.rank) of \(group.worldSize)")
/// ```
///
/// Every collective runs on every rank, in the same order, or the ranks wait on each other
/// forever; the group's watchdog turns that wait into an end. A collective that has not finished
/// after ``timeout`` seconds, or that MPI reports failed (a rank died), ends the whole job with
/// `MPI_Abort` and a message naming the operation — a distributed run does not hang on a dead rank.
/// All MPI calls happen on the thread that created the group (`MPI_THREAD_FUNNELED`).
public final class ProcessGroup {
    /// This process's index, `0..<worldSize`; rank 0 writes checkpoints and logs.
    public let rank: Int
    /// The number of processes.
    public let worldSize: Int
    /// The number of processes of this run on this machine (Open MPI's local size), which share its cores.
    public let localSize: Int
    /// Seconds a collective operation may wait for the other ranks before the job is aborted.
    public var timeout: Double
    /// Whether ``finalize()`` has run.
    public private(set) var isFinalized = false

    let communicator: MPI_Comm

    /// Joins the run `mpirun` started (`MPI_Init_thread`) and sets MPI to return errors rather
    /// than abort silently, so failures are reported with what was running.
    ///
    /// - Parameter timeout: seconds a collective may wait before the job is aborted (5 minutes by
    ///   default: longer than any step or checkpoint, far shorter than a hang).
    /// - Throws: ``DistributedError/notLaunchedByMPIRun(program:)`` outside `mpirun`,
    ///   ``DistributedError/alreadyInitialized`` for a second group, or an MPI failure.
    public init(timeout: Double = 300) throws(DistributedError) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil else {
            throw .notLaunchedByMPIRun(program: CommandLine.arguments.first ?? "PROGRAM")
        }
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        guard initialized == 0 else { throw .alreadyInitialized }
        var provided: Int32 = 0
        try Self.check(MPI_Init_thread(nil, nil, strand_mpi_thread_funneled(), &provided), "MPI_Init_thread")
        guard provided >= strand_mpi_thread_funneled() else {
            throw .insufficientThreadSupport(provided: Int(provided), required: Int(strand_mpi_thread_funneled()))
        }
        communicator = strand_mpi_comm_world()
        try Self.check(MPI_Comm_set_errhandler(communicator, strand_mpi_errors_return()), "MPI_Comm_set_errhandler")
        var (rank, size): (Int32, Int32) = (0, 0)
        try Self.check(MPI_Comm_rank(communicator, &rank), "MPI_Comm_rank")
        try Self.check(MPI_Comm_size(communicator, &size), "MPI_Comm_size")
        (self.rank, worldSize, self.timeout) = (Int(rank), Int(size), timeout)
        localSize = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap { Int($0) } ?? 1
    }

    /// The MPI library's own description (`MPI_Get_library_version`: "Open MPI v4.1.4, …"), first line.
    public static var libraryVersion: String {
        let text = mpiString(capacity: strand_mpi_max_library_version_string()) { MPI_Get_library_version($0, $1) }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    /// Whether this is rank 0, the one that checkpoints and logs.
    public var isMain: Bool { rank == 0 }

    /// Leaves the run (`MPI_Finalize`), after every rank's last collective; call it once, at the
    /// end (a process that exits without it makes `mpirun` report the job failed).
    public func finalize() {
        guard !isFinalized else { return }
        isFinalized = true
        MPI_Finalize()
    }

    /// Ends every process of the run with `code` (`MPI_Abort`), after printing `message` with this rank.
    public func abort(_ message: String, code: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("Strand Distributed, rank \(rank) of \(worldSize): \(message)\n".utf8))
        MPI_Abort(communicator, code)
        exit(code)
    }

    /// Throws an MPI failure unless `code` is `MPI_SUCCESS`.
    static func check(_ code: Int32, _ call: String) throws(DistributedError) {
        guard code != strand_mpi_success() else { return }
        throw .mpiFailure(call: call, code: Int(code), message: errorString(code))
    }

    /// MPI's text for an error code.
    static func errorString(_ code: Int32) -> String {
        mpiString(capacity: strand_mpi_max_error_string()) { MPI_Error_string(code, $0, $1) }
    }

    /// The text an MPI call writes into a buffer of `capacity` characters, with its length.
    private static func mpiString(capacity: Int32, _ call: (UnsafeMutablePointer<CChar>, UnsafeMutablePointer<Int32>) -> Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(capacity) + 1)
        var length: Int32 = 0
        _ = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, &length) }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
