import CPlatform
import Foundation

/// Makes OpenBLAS use kernels that fit the CPU when the installed OpenBLAS does not recognise it.
///
/// Debian 12's OpenBLAS 0.3.21 is built for every x86 kernel set (`DYNAMIC_ARCH`) and picks one from
/// the CPU's family and model when it loads. CPUs newer than it fall through its table: on an Intel
/// Xeon of family 6 model 207 it picks `Prescott`, SSE3 kernels about three times slower than the
/// `SkylakeX` ones it ships (`OPENBLAS_CORETYPE=SkylakeX` gave 304 against 632 ms per Kim CNN step).
/// Newer OpenBLAS releases choose by instruction set when the model is unknown; Strand applies the
/// same rule, ``recommendedCore(inUse:on:)``, before its first product, through OpenBLAS's own
/// selection (`gotoblas_dynamic_init` with `OPENBLAS_CORETYPE` set for the call, then restored).
///
/// `STRAND_BLAS_KERNELS` sets the policy: unset or `auto` — upgrade an outdated choice unless the
/// user set `OPENBLAS_CORETYPE` (a user's choice always stands); `installed` — never change
/// OpenBLAS's choice; `upgrade` — upgrade even over `OPENBLAS_CORETYPE`, so the mechanism can be
/// tested on a machine whose OpenBLAS already picks well (start it with `OPENBLAS_CORETYPE=Prescott`).
public enum BLASKernelSelection {
    /// What happened to OpenBLAS's kernel choice in this process.
    public struct Outcome: Equatable, Sendable {
        /// The kernel set OpenBLAS chose itself (or the user's `OPENBLAS_CORETYPE`); nil when unknown.
        public var chosenByOpenBLAS: String?
        /// The kernel set in use now.
        public var inUse: String?
        /// Why Strand changed the choice or left it.
        public var reason: String

        public var changedByStrand: Bool { chosenByOpenBLAS != inUse }
    }

    /// Selects once, before the first product (every BLAS and LAPACK call in Strand passes here).
    public static let outcome: Outcome = apply(policy: ProcessInfo.processInfo.environment["STRAND_BLAS_KERNELS"],
                                              userCoreType: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"])

    /// OpenBLAS's x86 kernel sets by the widest vector instructions they use. A name not listed
    /// (another architecture, a release newer than Strand knows) is never replaced.
    static let tiers: [String: Int] = {
        var tiers: [String: Int] = [:]
        for name in ["katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn", "dunnington",
                     "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano", "bobcat"] { tiers[name] = 0 }
        for name in ["sandybridge", "bulldozer", "piledriver", "steamroller", "excavator"] { tiers[name] = 1 }
        for name in ["haswell", "zen"] { tiers[name] = 2 }
        for name in ["skylakex", "cooperlake", "sapphirerapids"] { tiers[name] = 3 }
        return tiers
    }()

    /// The kernel set to switch to when `core` uses narrower vector instructions than `cpu` offers,
    /// else nil: Cooperlake for AVX-512 with BF16, SkylakeX for AVX-512 (F, BW, DQ, VL), Haswell
    /// for AVX2 with FMA, Sandybridge for AVX — what newer OpenBLAS releases pick for a CPU whose
    /// model they do not know.
    public static func recommendedCore(inUse core: String, on cpu: CPUFeatures) -> String? {
        guard let current = tiers[core.lowercased()] else { return nil }
        let (best, tier): (String, Int)
        if cpu.avx512 { (best, tier) = (cpu.avx512BF16 ? "Cooperlake" : "SkylakeX", 3) }
        else if cpu.avx2 && cpu.fma { (best, tier) = ("Haswell", 2) }
        else if cpu.avx { (best, tier) = ("Sandybridge", 1) }
        else { return nil }
        return current < tier ? best : nil
    }

    /// Why a user's `OPENBLAS_CORETYPE` stands, and — when it holds back wider kernels the CPU
    /// has — how to get them: a machine image may set the variable for every process (one AMD EPYC
    /// of family 26 set `Haswell`, where the `Cooperlake` kernels it ships ran the notebook models
    /// 1.06–1.57 times faster), and its user may never have looked.
    static func keptForTheUser(_ coreType: String, inUse core: String, on cpu: CPUFeatures) -> String {
        let kept = "kept: OPENBLAS_CORETYPE=\(coreType) set by the user"
        guard let better = recommendedCore(inUse: core, on: cpu) else { return kept }
        return kept + "; this CPU (\(cpu.vectorExtensions)) runs \(better)'s wider kernels: unset it, or set STRAND_BLAS_KERNELS=upgrade"
    }

    static func apply(policy: String?, userCoreType: String?) -> Outcome {
        let chosen = strand_openblas_core().map { String(cString: $0) }
        var outcome = Outcome(chosenByOpenBLAS: chosen, inUse: chosen, reason: "")
        guard let chosen else {
            outcome.reason = "this OpenBLAS does not report its kernels"
            return outcome
        }
        switch policy ?? "auto" {
        case "installed":
            outcome.reason = "kept: STRAND_BLAS_KERNELS=installed"
            return outcome
        case "auto" where userCoreType != nil:
            outcome.reason = keptForTheUser(userCoreType!, inUse: chosen, on: CPUFeatures.current)
            return outcome
        case "auto", "upgrade":
            break
        default:
            strandPrecondition(false, "STRAND_BLAS_KERNELS must be auto, installed or upgrade, got \(policy!)")
        }
        guard let better = recommendedCore(inUse: chosen, on: CPUFeatures.current) else {
            outcome.reason = "kept: fits this CPU (\(CPUFeatures.current.vectorExtensions))"
            return outcome
        }
        if strand_openblas_select_core(better) == 1 {
            outcome.inUse = better
            outcome.reason = "Strand chose \(better) over \(chosen) for this CPU (\(CPUFeatures.current.vectorExtensions))"
        } else {
            outcome.reason = "kept: this OpenBLAS cannot switch to \(better)"
        }
        return outcome
    }
}
