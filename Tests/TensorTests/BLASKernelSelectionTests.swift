import Foundation
import Testing
@testable import Tensor

@Suite struct BLASKernelSelectionTests {
    let sapphireRapids = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 207, avx: true, avx2: true, fma: true, avx512: true, avx512BF16: true)
    let skylakeServer = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 85, avx: true, avx2: true, fma: true, avx512: true)
    let zen3 = CPUFeatures(vendor: "AuthenticAMD", family: 25, model: 1, avx: true, avx2: true, fma: true)
    let sandyBridge = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 42, avx: true)
    let core2 = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 15)

    @Test func aGenericCoreOnAnAVX512CPUBecomesTheAVX512Kernels() {
        #expect(BLASKernelSelection.recommendedCore(inUse: "Prescott", on: sapphireRapids) == "Cooperlake")
        #expect(BLASKernelSelection.recommendedCore(inUse: "Prescott", on: skylakeServer) == "SkylakeX")
        #expect(BLASKernelSelection.recommendedCore(inUse: "Haswell", on: skylakeServer) == "SkylakeX")
        #expect(BLASKernelSelection.recommendedCore(inUse: "NEHALEM", on: skylakeServer) == "SkylakeX")  // names are case-insensitive
    }

    @Test func narrowerCPUsGetTheWidestKernelsTheySupport() {
        #expect(BLASKernelSelection.recommendedCore(inUse: "Core2", on: zen3) == "Haswell")
        #expect(BLASKernelSelection.recommendedCore(inUse: "Prescott", on: sandyBridge) == "Sandybridge")
        #expect(BLASKernelSelection.recommendedCore(inUse: "Prescott", on: core2) == nil)
    }

    @Test func aFittingChoiceIsKept() {
        #expect(BLASKernelSelection.recommendedCore(inUse: "SkylakeX", on: sapphireRapids) == nil)
        #expect(BLASKernelSelection.recommendedCore(inUse: "Cooperlake", on: sapphireRapids) == nil)
        #expect(BLASKernelSelection.recommendedCore(inUse: "Zen", on: zen3) == nil)      // AMD's own tuning stays
        #expect(BLASKernelSelection.recommendedCore(inUse: "Haswell", on: zen3) == nil)
        #expect(BLASKernelSelection.recommendedCore(inUse: "SkylakeX", on: zen3) == nil) // never a downgrade
    }

    @Test func unknownCoreNamesAreNeverReplaced() {
        #expect(BLASKernelSelection.recommendedCore(inUse: "NeoverseN1", on: sapphireRapids) == nil)
        #expect(BLASKernelSelection.recommendedCore(inUse: "", on: sapphireRapids) == nil)
    }

    /// Run by `scripts/test` a second time with `OPENBLAS_CORETYPE=Prescott STRAND_BLAS_KERNELS=upgrade`:
    /// OpenBLAS then starts on its generic kernels, and Strand must replace them.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["STRAND_BLAS_KERNELS"] == "upgrade"))
    func aForcedGenericCoreIsUpgraded() throws {
        let outcome = BLASKernelSelection.outcome
        let chosen = try #require(outcome.chosenByOpenBLAS, "this OpenBLAS does not report its kernels")
        let expected = BLASKernelSelection.recommendedCore(inUse: chosen, on: .current)
        print("OpenBLAS chose \(chosen); in use: \(outcome.inUse ?? "unknown") (\(outcome.reason))")
        #expect(outcome.inUse == (expected ?? chosen))
        #expect(outcome.changedByStrand == (expected != nil))
    }

    @Test func theUsersChoiceAndTheOptOutAreKept() {
        guard let inUse = BLASKernelSelection.outcome.inUse else { print("skipped: this OpenBLAS does not report its kernels"); return }
        let optedOut = BLASKernelSelection.apply(policy: "installed", userCoreType: nil)
        #expect(optedOut.inUse == inUse && !optedOut.changedByStrand && optedOut.reason == "kept: STRAND_BLAS_KERNELS=installed")
        let users = BLASKernelSelection.apply(policy: nil, userCoreType: "Prescott")
        #expect(users.inUse == inUse && !users.changedByStrand && users.reason.hasPrefix("kept: OPENBLAS_CORETYPE=Prescott set by the user"))
    }

    @Test func aUsersNarrowerChoiceIsKeptWithTheWayToTheWiderKernels() {
        let zen5 = CPUFeatures(vendor: "AuthenticAMD", family: 26, model: 2, avx: true, avx2: true, fma: true, avx512: true, avx512BF16: true)
        #expect(BLASKernelSelection.keptForTheUser("Haswell", inUse: "Haswell", on: zen5)
            == "kept: OPENBLAS_CORETYPE=Haswell set by the user; this CPU (AVX-512 (BF16)) runs Cooperlake's wider kernels: "
            + "unset it, or set STRAND_BLAS_KERNELS=upgrade")
        #expect(BLASKernelSelection.keptForTheUser("Zen", inUse: "Zen", on: zen3) == "kept: OPENBLAS_CORETYPE=Zen set by the user")
        #expect(BLASKernelSelection.keptForTheUser("SkylakeX", inUse: "SkylakeX", on: zen5) == "kept: OPENBLAS_CORETYPE=SkylakeX set by the user")
    }

    @Test func theCoreInUseFitsThisCPU() throws {
        let cpu = CPUFeatures.current
        let outcome = BLASKernelSelection.outcome
        guard cpu.avx2 && cpu.fma else {
            print("skipped: this CPU (\(cpu)) has no AVX2+FMA, so any OpenBLAS kernel set may fit it")
            return
        }
        guard let core = outcome.inUse, outcome.reason.hasPrefix("kept: OPENBLAS_CORETYPE") == false,
              outcome.reason != "kept: STRAND_BLAS_KERNELS=installed" else {
            print("skipped: the kernel choice is not Strand's here (\(outcome.reason))")
            return
        }
        let tier = try #require(BLASKernelSelection.tiers[core.lowercased()], "unknown core \(core)")
        #expect(tier >= 2, "OpenBLAS runs \(core) on \(cpu): \(outcome.reason)")
    }

    @Test func productsMatchAReferenceProductWithTheKernelsInUse() {
        // Odd sizes exercise every kernel's edge handling; large enough to use OpenBLAS's threads.
        let (m, n, k) = (317, 203, 259)
        let a = randomTensor([m, k], seed: 11), b = randomTensor([k, n], seed: 12)
        let product = matmul(a, b)
        let (pa, pb, result) = (a.scalars, b.scalars, product.scalars)
        // Any correct float32 kernel is within k·2⁻²⁴·Σ|a||b| of the exact product (the standard
        // bound for a sum of k products, whatever the summation order); a wrong kernel is not.
        var worstExcess: Float = 0
        for i in 0..<m {
            for j in 0..<n {
                var exact = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let term = Double(pa[i * k + p]) * Double(pb[p * n + j])
                    exact += term
                    magnitude += Swift.abs(term)
                }
                let bound = Double(k) * 0x1p-24 * magnitude
                worstExcess = Swift.max(worstExcess, Float(Swift.abs(Double(result[i * n + j]) - exact) / bound))
            }
        }
        #expect(worstExcess <= 1, "error up to \(worstExcess)× the bound, kernels \(BLASKernelSelection.outcome.inUse ?? "unknown")")
        #expect(BLASKernelSelection.outcome.inUse != nil || BLASKernelSelection.outcome.reason.contains("does not report"))
    }

    @Test func theRuntimeReportNamesTheKernelsThreadsAndModes() {
        let report = RuntimeReport.current
        let line = report.description
        #expect(line.hasPrefix("Strand runtime: "))
        #expect(line.contains("kernels \(report.kernels.inUse ?? "unknown")"))
        #expect(line.contains("\(report.threads) thread"))
        #expect(line.contains("C kernels \(report.vectorMathTarget)"))
        #expect(["avx512f", "avx2", "baseline"].contains(report.vectorMathTarget))
        if CPUFeatures.current.avx512 { #expect(report.vectorMathTarget == "avx512f") }
        #expect(!line.contains("\n"))
    }

    @Test func workersSpinBrieflyUnlessTheUserSetTheirTimeout() {
        let usersTimeout = ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"]
        let report = RuntimeReport.current
        #expect(report.workerSpinLog2Cycles == (usersTimeout == nil ? 18 : nil))
        #expect(report.description.contains(usersTimeout == nil ? "workers spin 2^18 cycles" : "workers spin as configured"))
        // The variable is only set for OpenBLAS's read: child processes see the user's environment.
        #expect(ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"] == usersTimeout)
    }
}
