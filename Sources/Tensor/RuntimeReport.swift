import CPlatform
import CVectorMath
import Foundation

/// What Strand runs on in this process: CPU, OpenBLAS build and kernels, threads, the instruction
/// set of Strand's own C kernels, the allocator tuning and the denormal mode.
///
/// `print(RuntimeReport.current)` gives one line, which every example and benchmark prints first,
/// so a figure is never recorded without the kernels that produced it:
/// ```
/// Strand runtime: GenuineIntel family 6 model 207, AVX-512 (BF16) | OpenBLAS 0.3.21 … | kernels SkylakeX (Strand chose SkylakeX over Prescott …) | 2 threads | OpenBLAS workers spin 2^18 cycles | C kernels avx512f | allocator keeps freed memory | denormals flushed
/// ```
public struct RuntimeReport: Sendable, CustomStringConvertible {
    public var cpu: CPUFeatures
    /// OpenBLAS's configuration string (version, build options); nil when it does not say.
    public var openBLASConfig: String?
    /// The kernel selection, including whether Strand changed it.
    public var kernels: BLASKernelSelection.Outcome
    /// ``Threading/count``.
    public var threads: Int
    /// Cycles OpenBLAS's workers spin after a product before they sleep, as a power of two, when
    /// Strand shortened it; nil when OpenBLAS's own setting (or the user's `OPENBLAS_THREAD_TIMEOUT`)
    /// is in effect.
    public var workerSpinLog2Cycles: Int?
    /// The clone of Strand's vectorized C kernels this CPU runs: `avx512f`, `avx2` or `baseline`.
    public var vectorMathTarget: String
    /// ``AllocatorTuning/keepsFreedMemory``.
    public var allocatorKeepsFreedMemory: Bool
    /// ``Denormals/flushToZero``.
    public var flushesDenormals: Bool

    /// The report for this process now (reading it also applies the kernel selection).
    public static var current: RuntimeReport {
        RuntimeReport(cpu: .current, openBLASConfig: strand_openblas_config().map { String(cString: $0) },
                      kernels: BLASKernelSelection.outcome, threads: Threading.count,
                      workerSpinLog2Cycles: BLASThreads.shortenedWorkerSpin ? Int(BLASThreads.workerSpinLog2Cycles) : nil,
                      vectorMathTarget: String(cString: strand_vector_math_target()),
                      allocatorKeepsFreedMemory: AllocatorTuning.keepsFreedMemory, flushesDenormals: Denormals.flushToZero)
    }

    public var description: String {
        let core = kernels.inUse ?? "unknown"
        return ["Strand runtime: \(cpu)",
                openBLASConfig ?? "OpenBLAS (configuration unknown)",
                "kernels \(core) (\(kernels.reason))",
                "\(threads) thread\(threads == 1 ? "" : "s")",
                workerSpinLog2Cycles.map { "OpenBLAS workers spin 2^\($0) cycles" } ?? "OpenBLAS workers spin as configured",
                "C kernels \(vectorMathTarget)",
                allocatorKeepsFreedMemory ? "allocator keeps freed memory" : "allocator defaults",
                flushesDenormals ? "denormals flushed" : "denormals kept"].joined(separator: " | ")
    }
}
