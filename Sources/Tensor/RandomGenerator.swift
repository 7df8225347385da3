import Foundation
import Synchronization

/// Strand's one random number generator: xoshiro256** (Blackman & Vigna, 2018), seeded by
/// expanding a 64-bit seed with SplitMix64.
///
/// Every random operation in Strand — initialisation, dropout, shuffling, sampling — draws from a
/// `RandomGenerator`, so a seed gives the same numbers on every run and machine. Each derived draw
/// is defined here rather than borrowed from the standard library, whose algorithms may change:
/// - ``nextFloat()``: the top 24 bits of a draw, scaled to `[0, 1)`;
/// - ``nextNormalPair()``: Box–Muller on two 53-bit draws, computed in `Double`;
/// - ``nextInt(below:)``: Lemire's unbiased multiply-and-reject;
/// - ``permutation(_:)``: Fisher–Yates from the last position down.
///
/// Pass one explicitly (`using: &generator`) for independent streams, or use the process-wide
/// one (through ``withGlobal(_:)``), re-seeded with ``manualSeed(_:)`` like `torch.manual_seed`.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform draw from `[0, 1)` with 24 random bits (every `Float` step of 2⁻²⁴).
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Two independent standard normal draws from one Box–Muller transform.
    public mutating func nextNormalPair() -> (Float, Float) {
        // 1 − u keeps the logarithm's argument in (0, 1].
        let u1 = 1 - Double(next() >> 11) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (Float(radius * Foundation.cos(angle)), Float(radius * Foundation.sin(angle)))
    }

    /// A uniform integer in `0..<bound`, without modulo bias.
    public mutating func nextInt(below bound: Int) -> Int {
        strandPrecondition(bound > 0, "RandomGenerator.nextInt(below:): bound must be positive, got \(bound)")
        let limit = UInt64(bound)
        while true {
            let (high, low) = next().multipliedFullWidth(by: limit)
            // Reject the few low products that would over-represent small results.
            if low >= limit || low >= (0 &- limit) % limit { return Int(high) }
        }
    }

    /// A random ordering of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        shuffle(&order)
        return order
    }

    /// Shuffles `elements` in place (Fisher–Yates).
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C) where C.Index == Int {
        guard elements.count > 1 else { return }
        for offset in stride(from: elements.count - 1, to: 0, by: -1) {
            let other = nextInt(below: offset + 1)
            elements.swapAt(elements.startIndex + offset, elements.startIndex + other)
        }
    }
}

extension RandomGenerator {
    private static let shared = Mutex(RandomGenerator(seed: 0))

    /// Re-seeds the process-wide generator, like `torch.manual_seed`.
    public static func manualSeed(_ seed: UInt64) {
        shared.withLock { $0 = RandomGenerator(seed: seed) }
    }

    /// Runs `body` with exclusive access to the process-wide generator (seeded with 0 at start).
    public static func withGlobal<R>(_ body: (inout RandomGenerator) -> R) -> R {
        shared.withLock { body(&$0) }
    }
}
