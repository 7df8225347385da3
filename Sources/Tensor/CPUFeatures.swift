import CPlatform

/// The running CPU: vendor, family and model, and the vector instruction sets that both the CPU
/// and the operating system support (read once with CPUID; all `false` on other architectures).
public struct CPUFeatures: Equatable, Sendable, CustomStringConvertible {
    /// The CPUID vendor string, such as `GenuineIntel` or `AuthenticAMD`; empty off x86.
    public var vendor: String
    /// The display family and model, as `/proc/cpuinfo` shows them (Sapphire Rapids: 6, 143).
    public var family: Int
    public var model: Int
    public var avx: Bool
    public var avx2: Bool
    public var fma: Bool
    /// AVX-512 Foundation with the BW, DQ and VL extensions, the set OpenBLAS's SkylakeX kernels use.
    public var avx512: Bool
    /// AVX-512 BF16, which OpenBLAS's Cooperlake kernels add.
    public var avx512BF16: Bool

    public init(vendor: String = "", family: Int = 0, model: Int = 0, avx: Bool = false, avx2: Bool = false,
                fma: Bool = false, avx512: Bool = false, avx512BF16: Bool = false) {
        (self.vendor, self.family, self.model) = (vendor, family, model)
        (self.avx, self.avx2, self.fma, self.avx512, self.avx512BF16) = (avx, avx2, fma, avx512, avx512BF16)
    }

    /// The CPU this process runs on.
    public static let current: CPUFeatures = {
        let raw = strand_read_cpu_features()
        let vendor = withUnsafeBytes(of: raw.vendor) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return CPUFeatures(vendor: vendor, family: Int(raw.family), model: Int(raw.model), avx: raw.avx, avx2: raw.avx2,
                           fma: raw.fma, avx512: raw.avx512f && raw.avx512bw && raw.avx512dq && raw.avx512vl,
                           avx512BF16: raw.avx512bf16)
    }()

    /// The widest instruction sets, such as `AVX-512 (BF16)`, `AVX2+FMA`, `AVX` or `baseline`.
    public var vectorExtensions: String {
        if avx512 { return avx512BF16 ? "AVX-512 (BF16)" : "AVX-512" }
        if avx2 && fma { return "AVX2+FMA" }
        return avx ? "AVX" : "baseline"
    }

    public var description: String {
        vendor.isEmpty ? vectorExtensions : "\(vendor) family \(family) model \(model), \(vectorExtensions)"
    }
}
