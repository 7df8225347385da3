import COpenBLAS
import CPlatform
import Dispatch
import Foundation
import Synchronization

/// The process-wide thread setting, like PyTorch's `torch.set_num_threads`.
///
/// It governs both OpenBLAS and Strand's own parallel loops, so a benchmark that sets it compares
/// Strand and PyTorch at equal threads. It defaults to the number of active processor cores.
public enum Threading {
    private static let configured = Atomic<Int>(0)

    /// The number of threads Strand and OpenBLAS may use.
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        return value > 0 ? value : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Sets the number of threads Strand and OpenBLAS may use (at least 1).
    public static func setCount(_ threads: Int) {
        strandPrecondition(threads >= 1, "Threading.setCount: the thread count must be at least 1, got \(threads)")
        configured.store(threads, ordering: .relaxed)
    }
}

/// Runs each OpenBLAS call with the right thread count and floating-point mode.
///
/// Thread count: `Threading.count` threads for large products, the calling thread alone for small
/// ones. Measured on Debian's OpenBLAS 0.3.21 (2 cores): products below about 2²⁴ multiply-adds —
/// 256×256×256, and the per-time-step shapes of recurrent layers such as 32×512×128 or
/// 64×1024×256 — are as fast or faster on one thread, and splitting them ourselves loses the shared
/// packing of OpenBLAS's threads on larger ones. The setting is global in OpenBLAS; it is changed
/// only when it differs.
///
/// Mode: OpenBLAS's workers keep the floating-point mode they were started in (Debian's build does
/// not pass the caller's to them), so a threaded product started with denormals flushed would
/// compute part of its output without. Before a threaded product whose caller's denormal mode
/// differs from the workers', they are restarted; the new ones copy the caller's mode. Threaded
/// products hold a lock meanwhile: restarting must not overlap a running product.
///
/// Spinning: after a product Debian's OpenBLAS workers spin for about 0.1 s waiting for the next
/// one, so on a machine with as many cores as threads they take a core from whatever Strand runs
/// between products — the time loop of a recurrent layer, an optimiser step. Measured on an Intel
/// Xeon (family 6 model 167, SkylakeX kernels, 2 threads): 134 ms of CPU spun per product, and the
/// LSTM-128 training step 0.81× (median of 7 paired runs) with the spin shortened. Before the workers
/// are first started, the spin is shortened to 2¹⁸ cycles (about 0.1 ms, long enough to bridge
/// back-to-back products) unless the user set `OPENBLAS_THREAD_TIMEOUT`.
enum BLASThreads {
    private static let current = Atomic<Int>(0)
    /// The denormal bits OpenBLAS's workers were started with; nil until Strand has started them.
    private static let workerMode = Mutex<strand_fp_control?>(nil)

    /// Below this many multiply-adds a product runs on the calling thread.
    static let parallelThreshold = 1 << 24

    /// Whether OpenBLAS's threads help an `m×k · k×n` product: it must be large, and not skinny
    /// (a 29,440×256 · 256×5 input projection gains nothing from a second thread, whose spinning
    /// afterwards only takes a core from the next operation).
    static func isWorthThreading(m: Int, n: Int, k: Int) -> Bool {
        m * n * k >= parallelThreshold && Swift.min(m, n) >= 16
    }

    /// Runs `call`, an OpenBLAS or LAPACK call, on `threads` threads; the kernel selection
    /// (``BLASKernelSelection``) happens before the first.
    static func run(threads: Int, _ call: () -> Void) {
        _ = BLASKernelSelection.outcome
        guard threads > 1 else {
            use(1)
            call()
            return
        }
        let wanted = FloatingPointControl.current.denormalBits
        workerMode.withLock { started in
            if started != wanted {
                _ = shortenedWorkerSpin
                _ = strand_openblas_restart_workers()
                started = wanted
            }
            use(threads)
            call()
        }
    }

    /// Whether Strand shortened the workers' spin (see above); evaluated before the first restart.
    static let shortenedWorkerSpin = strand_openblas_shorten_worker_spin(workerSpinLog2Cycles) == 1
    static let workerSpinLog2Cycles: Int32 = 18

    private static func use(_ threads: Int) {
        if current.exchange(threads, ordering: .relaxed) != threads {
            openblas_set_num_threads(Int32(threads))
        }
    }
}

/// Parallel loops over index ranges, sized so small inputs stay on the calling thread; the
/// thread count follows ``Threading``. Used by Strand's kernels and available to custom ones.
public enum Parallel {
    /// Below this many elements an elementwise loop runs on one thread: starting threads costs
    /// more than it saves.
    public static let minimumElementsPerThread = 1 << 16

    /// Calls `body` on disjoint sub-ranges covering `0..<count`, in parallel when `count` is large.
    ///
    /// `costPerElement` scales the threshold for loops that do more than a few operations per
    /// element. `body` must only write memory no other chunk touches — the elements of its own
    /// range, or rows derived from it — which is what lets it capture plain buffer pointers: the
    /// one place that hands them to other threads is ``perform(iterations:_:)``, below.
    public static func forEachChunk(count: Int, costPerElement: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = min(Threading.count, max(1, count * costPerElement / minimumElementsPerThread))
        if threads <= 1 {
            body(0..<count)
            return
        }
        let chunk = (count + threads - 1) / threads
        perform(iterations: threads) { part in
            let start = part * chunk
            let end = min(count, start + chunk)
            if start < end { body(start..<end) }
        }
    }

    /// The share `part` of `parts` takes of `0..<count`: consecutive, as even as they go, together
    /// covering `0..<count` — for splitting work between the parts of a `Lockstep` phase.
    public static func share(of count: Int, part: Int, of parts: Int) -> Range<Int> {
        part * count / parts..<(part + 1) * count / parts
    }

    /// Calls `body(i)` for every `i` in `0..<iterations` on Dispatch's worker threads, each in the
    /// floating-point mode of the calling thread (a worker's own mode would otherwise decide whether
    /// denormals are flushed), and returns when all are done.
    public static func perform(iterations: Int, _ body: (Int) -> Void) {
        let mode = FloatingPointControl.current
        // `concurrentPerform` returns only when every iteration is done, so `body` is never used
        // after this call; callers keep the buffers each iteration writes disjoint.
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: iterations) { index in
            mode.apply { work(index) }
        }
    }
}
