import Synchronization
import Tensor

/// `transform(0) … transform(count − 1)`, in order, computed on ``Threading/count`` threads.
/// Threads take blocks of 256 indices from a shared counter, so long and short items (texts,
/// documents) balance out; `progress` receives the running number of finished items.
func orderedParallelMap<T>(count: Int, progress: (@Sendable (Int) -> Void)? = nil, _ transform: @Sendable (Int) -> T) -> [T] {
    orderedParallelMap(count: count, progress: progress, makeWorker: {}) { _, index in transform(index) }
}

/// As above, with state private to each thread (made by `makeWorker`, such as a cache) passed to
/// every `transform` that thread runs.
func orderedParallelMap<Worker, T>(
    count: Int, progress: (@Sendable (Int) -> Void)? = nil, makeWorker: @Sendable () -> Worker,
    _ transform: @Sendable (inout Worker, Int) -> T
) -> [T] {
    let block = 256
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let output = buffer.baseAddress!
        Parallel.perform(iterations: max(1, min(Threading.count, count / block + 1))) { _ in
            var worker = makeWorker()
            while true {
                let start = next.add(block, ordering: .relaxed).oldValue
                guard start < count else { return }
                let range = start..<min(count, start + block)
                for index in range { (output + index).initialize(to: transform(&worker, index)) }
                let total = done.add(range.count, ordering: .relaxed).newValue
                progress?(total)
            }
        }
        initialized = count
    }
}
