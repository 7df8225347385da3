import CVectorMath

/// Keeps freed tensor buffers in the process's heap for reuse.
///
/// glibc serves allocations above a (dynamically adjusted) threshold with fresh `mmap` regions, and
/// trims the top of its heap on `free`, so every new activation or gradient buffer of a training step
/// costs one page fault per 4 KiB on first write: measured on the GloVe-50d Kim CNN, 180,000 faults a
/// second, its heap grown and shrunk by about 110 MB every step. Raising the mmap and trim thresholds
/// lets the next step reuse the same memory instead; the peak resident size stays what the largest
/// step needs.
///
/// The settings are applied by a C constructor when the binary holding this module loads (set
/// `STRAND_MALLOC_DEFAULTS=1` to keep glibc's defaults). Until 2026-11-23 they never took effect:
/// the C file tested `__GLIBC__` before including any C library header, so it compiled the no-op
/// branch; ``keepsFreedMemory`` and its test now catch that.
public enum AllocatorTuning {
    /// Whether freed buffers are kept for reuse in this process.
    public static var keepsFreedMemory: Bool { strand_freed_memory_is_kept() == 1 }
}
