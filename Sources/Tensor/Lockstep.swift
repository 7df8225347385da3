import CPlatform
import Dispatch
import Foundation
import Synchronization

/// Phases that must run one after another, each split into parts that may run at the same time:
/// the time steps of a recurrent layer, where a step's product and cell update split over threads
/// but the next step needs all of the previous one.
///
/// ``Parallel/perform(iterations:_:)`` wakes Dispatch's workers at every call, which costs about as
/// much as one small time step (tens of microseconds). Here the helpers start once per run and spin
/// between phases (yielding the core now and then), so a phase boundary costs well under a
/// microsecond.
///
/// The calling thread drives the phases and claims parts like any helper. A helper that starts
/// late, or not at all (a busy Dispatch pool), only leaves more parts to the caller, so a run never
/// waits for a thread that is not there. `body` is never called after `run` returns: every part of
/// the last phase has been claimed and finished by then.
package enum Lockstep {
    /// Calls `body(phase, part)` for every part `0..<parts` of every phase `0..<phases`; the parts
    /// of a phase may run concurrently, on up to `parts` threads, in the caller's floating-point
    /// mode, and all of them finish before any part of the next phase starts. `body` must only
    /// write memory no other part of the same phase reads or writes.
    package static func run(phases: Int, parts: Int, _ body: @escaping @Sendable (_ phase: Int, _ part: Int) -> Void) {
        strandPrecondition(parts >= 1 && parts < LockstepRun.partLimit,
                           "Lockstep.run: parts must be in 1..<\(LockstepRun.partLimit), got \(parts)")
        guard parts > 1, phases > 0 else {
            for phase in 0..<phases { body(phase, 0) }
            return
        }
        let run = LockstepRun(parts: parts, body: body)
        let mode = FloatingPointControl.current
        for _ in 1..<parts {
            DispatchQueue.global().async { mode.apply { run.help() } }
        }
        run.drive(phases: phases)
    }
}

/// The shared state of one ``Lockstep`` run.
private final class LockstepRun: Sendable {
    static let partBits = 16
    static let partLimit = 1 << partBits

    let parts: Int
    let body: @Sendable (Int, Int) -> Void
    /// `phase << partBits | next unclaimed part`; negative before the first phase.
    private let ticket = Atomic<Int>(-1)
    /// Parts of the current phase finished so far.
    private let finishedParts = Atomic<Int>(0)
    private let isOver = Atomic<Bool>(false)

    init(parts: Int, body: @escaping @Sendable (Int, Int) -> Void) {
        self.parts = parts
        self.body = body
    }

    /// Publishes each phase, works on it, and waits until every part of it is finished.
    func drive(phases: Int) {
        for phase in 0..<phases {
            // The reset happens before the publication, so no part of this phase is counted early.
            finishedParts.store(0, ordering: .relaxed)
            ticket.store(phase << Self.partBits, ordering: .releasing)
            _ = workOnCurrentPhase()
            var backoff = Backoff()
            while finishedParts.load(ordering: .acquiring) < parts { backoff.wait() }
        }
        isOver.store(true, ordering: .releasing)
    }

    /// Works on whatever phase is current until the run is over.
    func help() {
        var backoff = Backoff()
        while !isOver.load(ordering: .acquiring) {
            if workOnCurrentPhase() { backoff = Backoff() } else { backoff.wait() }
        }
    }

    /// Claims and runs parts of the current phase until none is left; returns whether it ran any.
    private func workOnCurrentPhase() -> Bool {
        var ranAny = false
        while true {
            let current = ticket.load(ordering: .acquiring)
            let part = current & (Self.partLimit - 1)
            guard current >= 0, part < parts else { return ranAny }
            guard ticket.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged else {
                continue
            }
            body(current >> Self.partBits, part)
            finishedParts.add(1, ordering: .releasing)
            ranAny = true
        }
    }
}

/// Waiting in a loop: spinning first, as the wait between phases is usually a few microseconds,
/// then now and again giving up the core. A helper may be placed on the core of the thread it waits
/// for (or a virtual CPU may stall); spinning alone would then take half that thread's time.
private struct Backoff {
    private var spins = 0

    mutating func wait() {
        spins += 1
        if spins.isMultiple(of: 256) { sched_yield() } else { strand_spin_wait_hint() }
    }
}
