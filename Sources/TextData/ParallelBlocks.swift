import Synchronization
import Tensor

/// Runs `body` over `0..<count`, `block` indices at a time, on up to `threads` threads that each
/// take the next block from a shared counter — so long and short items (texts, training jobs,
/// blocks of questions) balance out. Each thread works with its own state, made by `makeWorker`
/// when it starts and handed to `finish` when no block is left (to merge totals, free buffers).
func forEachBlockInParallel<Worker>(
    count: Int, block: Int = 1, threads: Int = Threading.count, makeWorker: () -> Worker,
    finish: (inout Worker) -> Void = { _ in }, _ body: (inout Worker, Range<Int>) -> Void
) {
    let next = Atomic<Int>(0)
    Parallel.perform(iterations: max(1, min(threads, (count + block - 1) / block))) { _ in
        var worker = makeWorker()
        while case let start = next.add(block, ordering: .relaxed).oldValue, start < count {
            body(&worker, start..<min(count, start + block))
        }
        finish(&worker)
    }
}
