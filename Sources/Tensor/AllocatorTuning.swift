import CVectorMath
import Foundation

/// Keeps freed tensor buffers in the process's heap for reuse.
///
/// glibc serves allocations above a (dynamically adjusted) threshold with fresh `mmap` regions and
/// returns them on `free`, so every new activation or gradient buffer of a training step costs one
/// page fault per 4 KiB on first write: measured here, a quarter of an LSTM's training step. Raising
/// the mmap and trim thresholds lets the next step reuse the same memory instead; the peak resident
/// size stays what the largest step needs. Applied once, when the first tensor is allocated; set
/// `STRAND_MALLOC_DEFAULTS=1` to keep glibc's defaults.
enum AllocatorTuning {
    static let applied: Bool = {
        guard ProcessInfo.processInfo.environment["STRAND_MALLOC_DEFAULTS"] == nil else { return false }
        return strand_keep_freed_memory() == 1
    }()
}
