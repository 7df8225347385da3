// Seeded mutation fuzzing of file loaders: valid files are damaged in the ways files get damaged
// (bit flips, truncation, inserted or repeated bytes, edited numbers) and every loader must throw
// or return a valid object — never trap.
import Foundation
import Tensor

/// How many mutations each fuzz test tries: `STRAND_FUZZ_ITERATIONS`, else `default` (kept small so
/// the suite stays fast; run with a large value locally to fuzz for longer).
public func fuzzIterations(default count: Int) -> Int {
    ProcessInfo.processInfo.environment["STRAND_FUZZ_ITERATIONS"].flatMap(Int.init) ?? count
}

/// Damages bytes, reproducibly from a seed.
public struct ByteMutator {
    private var generator: RandomGenerator

    public init(seed: UInt64) {
        generator = RandomGenerator(seed: seed)
    }

    /// `data` with one to three random damages applied.
    public mutating func mutate(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        for _ in 0...generator.nextInt(below: 3) { damage(&bytes) }
        return Data(bytes)
    }

    private mutating func damage(_ bytes: inout [UInt8]) {
        let position = bytes.isEmpty ? 0 : generator.nextInt(below: bytes.count)
        switch generator.nextInt(below: 6) {
        case 0 where !bytes.isEmpty:   // flip one bit
            bytes[position] ^= 1 << UInt8(generator.nextInt(below: 8))
        case 1:                        // cut the file short
            bytes.removeSubrange(position...)
        case 2:                        // insert random bytes
            bytes.insert(contentsOf: (0..<(1 + generator.nextInt(below: 8))).map { _ in UInt8(generator.nextInt(below: 256)) }, at: position)
        case 3 where !bytes.isEmpty:   // repeat a stretch
            let end = min(bytes.count, position + 1 + generator.nextInt(below: 64))
            bytes.insert(contentsOf: bytes[position..<end], at: end)
        case 4:                        // replace a run of digits by an extreme number, as an edited header would be
            replaceNumber(in: &bytes, near: position)
        default:                       // overwrite a byte with a structurally interesting one
            if !bytes.isEmpty { bytes[position] = [0, 0x0A, 0x20, 0x22, 0x2C, 0x7B, 0x5D, 0xFF, 0x09, 0x2D][generator.nextInt(below: 10)] }
        }
    }

    private mutating func replaceNumber(in bytes: inout [UInt8], near position: Int) {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        guard let start = bytes[position...].firstIndex(where: isDigit) ?? bytes.firstIndex(where: isDigit) else { return }
        let end = bytes[start...].firstIndex { !isDigit($0) } ?? bytes.count
        let numbers = ["0", "-1", "-5", "1e30", "inf", "nan", "2.5", "9223372036854775807", "18446744073709551616", "4611686018427387904", "true"]
        bytes.replaceSubrange(start..<end, with: Array(numbers[generator.nextInt(below: numbers.count)].utf8))
    }
}
