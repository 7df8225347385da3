import CMPI
import Foundation

/// A nonblocking collective operation in flight: its MPI request, what it is (for messages) and
/// when it started (for the watchdog). Its buffer must stay allocated until it completes.
final class PendingCollective {
    var request: MPI_Request?
    /// What the operation is, as messages name it ("all-reduce of gradient bucket 2 (…)").
    let label: String
    let started = ContinuousClock.now
    private(set) var isComplete = false

    init(request: MPI_Request?, label: String) {
        self.request = request
        self.label = label
    }

    /// Lets MPI progress the operation (Open MPI has no progress thread: a nonblocking operation
    /// advances only inside MPI calls) and says whether it has completed. A failure aborts the job.
    func poll(in group: ProcessGroup) -> Bool {
        guard !isComplete else { return true }
        var flag: Int32 = 0
        let code = MPI_Test(&request, &flag, strand_mpi_status_ignore())
        if code != strand_mpi_success() {
            group.abort("\(label) failed: \(ProcessGroup.errorString(code)) (MPI error \(code)); a rank has probably died")
        }
        isComplete = flag != 0
        return isComplete
    }

    /// Waits until the operation completes: polls back to back at first (a short operation ends
    /// in microseconds, and yielding on a busy machine gives the core away for a whole time slice),
    /// then yielding the core between polls, then sleeping 100 µs between them; and aborts the whole
    /// job once it has waited longer than the group's timeout — the watchdog that turns a dead or
    /// hung rank into an error.
    func wait(in group: ProcessGroup) {
        var polls = 0
        while !poll(in: group) {
            polls += 1
            if polls < 2_000 { continue } else if polls < 20_000 { sched_yield() } else { usleep(100) }
            if polls % 64 == 0 {
                let waited = ContinuousClock.now - started
                if waited > .seconds(group.timeout) {
                    group.abort("\(label) did not complete within \(group.timeout) s (the watchdog's timeout): another rank has died, hung, or is not running the same collectives; aborting the job")
                }
            }
        }
    }
}
