import CPlatform
import Foundation
import Synchronization

/// Flush-to-zero for Strand's arithmetic, like `torch.set_flush_denormal(True)` but on by default.
///
/// Numbers below 2⁻¹²⁶ (denormals) take a slow microcode path on x86 CPUs: measured on an Intel
/// Xeon (family 6 model 207), a packed BiLSTM training step took 8,960 ms with them and 1,919 ms
/// without, because the cell state and gradients of saturated gates decay into that range. They
/// carry no information a float32 model needs — every parity tolerance is far above 2⁻¹²⁶.
///
/// Strand's modules, backward passes and optimisers run their arithmetic inside
/// ``withFlushToZero(_:)``: it sets the calling thread's flush-to-zero and denormals-are-zero bits
/// and restores the thread's own mode afterwards, so a host application's floating-point mode is
/// never changed behind its back. Strand's parallel loops run each chunk in the mode of the thread
/// that started them, and OpenBLAS's worker threads — which keep the mode they were started in —
/// are restarted when a threaded product needs the other mode.
///
/// Opt out with ``setFlushToZero(_:)`` (`false`) or `STRAND_KEEP_DENORMALS=1` in the environment.
public enum Denormals {
    private static let enabled = Atomic<Bool>(ProcessInfo.processInfo.environment["STRAND_KEEP_DENORMALS"] == nil)

    /// Whether Strand's arithmetic flushes denormal numbers to zero.
    public static var flushToZero: Bool { enabled.load(ordering: .relaxed) }

    /// Turns flushing on or off for Strand's arithmetic from now on (`torch.set_flush_denormal`).
    public static func setFlushToZero(_ flush: Bool) {
        enabled.store(flush, ordering: .relaxed)
    }

    /// Whether the calling thread flushes denormals right now.
    public static var areFlushedOnThisThread: Bool {
        let bits = strand_flush_denormals_bits()
        return bits != 0 && strand_get_fp_control() & bits == bits
    }

    /// Runs `body` with denormals flushed on the calling thread (when ``flushToZero`` is on), then
    /// restores the thread's previous mode. Nested calls cost two register reads.
    public static func withFlushToZero<R>(_ body: () throws -> R) rethrows -> R {
        let bits = strand_flush_denormals_bits()
        let saved = strand_get_fp_control()
        guard flushToZero, bits != 0, saved & bits != bits else { return try body() }
        strand_set_fp_control(saved | bits)
        defer { strand_set_fp_control(saved) }
        return try body()
    }
}

/// The calling thread's floating-point control register, carried to the threads that do its work.
struct FloatingPointControl: Equatable {
    var value: strand_fp_control

    static var current: FloatingPointControl { FloatingPointControl(value: strand_get_fp_control()) }

    /// Only the denormal bits: the mode OpenBLAS's workers are matched on.
    var denormalBits: strand_fp_control { value & strand_flush_denormals_bits() }

    /// Runs `body` on this thread with `self` in effect, then restores the thread's own register.
    func apply<R>(_ body: () throws -> R) rethrows -> R {
        let saved = strand_get_fp_control()
        if saved == value { return try body() }
        strand_set_fp_control(value)
        defer { strand_set_fp_control(saved) }
        return try body()
    }
}
