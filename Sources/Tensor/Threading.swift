import COpenBLAS
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
        BLASThreads.use(threads)
    }
}

/// Keeps OpenBLAS's own thread count in step with the work at hand.
///
/// OpenBLAS with two threads is slower than with one on small products (measured on Debian's
/// 0.3.21: 256² and the per-time-step shapes of small recurrent layers), so each product picks a
/// count from its size. The setting is global in OpenBLAS; it is only changed when it differs.
enum BLASThreads {
    private static let current = Atomic<Int>(0)

    /// Below this many multiply-adds a product runs on one thread.
    static let parallelThreshold = 1 << 22

    static func use(_ threads: Int) {
        if current.exchange(threads, ordering: .relaxed) != threads {
            openblas_set_num_threads(Int32(threads))
        }
    }

    /// Chooses the thread count for an `m×k · k×n` product and applies it.
    static func prepare(m: Int, n: Int, k: Int) {
        use(m * n * k < parallelThreshold ? 1 : Threading.count)
    }
}

/// Parallel loops over index ranges, sized so small inputs stay on the calling thread.
enum Parallel {
    /// Below this many elements an elementwise loop runs on one thread: starting threads costs
    /// more than it saves.
    static let minimumElementsPerThread = 1 << 16

    /// Calls `body` on disjoint sub-ranges covering `0..<count`, in parallel when `count` is large.
    ///
    /// `costPerElement` scales the threshold for loops that do more than a few operations per element.
    static func forEachChunk(count: Int, costPerElement: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = min(Threading.count, max(1, count * costPerElement / minimumElementsPerThread))
        if threads <= 1 {
            body(0..<count)
            return
        }
        let chunk = (count + threads - 1) / threads
        // The chunks are disjoint and `concurrentPerform` returns only when all are done, so the
        // buffers `body` writes are never shared between threads, nor used after this call.
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let start = part * chunk
            let end = min(count, start + chunk)
            if start < end { work(start..<end) }
        }
    }
}
