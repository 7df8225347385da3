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
    let done = Atomic<Int>(0)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let output = buffer.baseAddress!
        forEachBlockInParallel(count: count, block: 256, makeWorker: makeWorker) { worker, range in
            for index in range { (output + index).initialize(to: transform(&worker, index)) }
            progress?(done.add(range.count, ordering: .relaxed).newValue)
        }
        initialized = count
    }
}
