/// Up to six code points packed into two words: a key made without allocating, for looking up
/// the affix literals and special cases at a position.
struct ScalarKey: Hashable, Sendable {
    static let capacity = 6
    private var low: UInt64 = 0, high: UInt64 = 0

    init<C: Collection>(_ scalars: C) where C.Element == UInt32 {
        for (index, value) in scalars.enumerated() {
            // 21 bits a code point, plus one so that trailing NULs still change the key.
            let bits = UInt64(value) + 1
            if index < 3 { low |= bits << UInt64(21 * index) } else { high |= bits << UInt64(21 * (index - 3)) }
        }
    }

    /// A multiplicative hash: ``ScalarKeyTable``'s slot is its high bits.
    @inline(__always)
    var mixed: UInt64 { ((low &* 0x9E37_79B9_7F4A_7C15) ^ high) &* 0xFF51_AFD7_ED55_8CCD }
}

/// A table from ``ScalarKey`` to values, built once and then only read: open addressing on
/// ``ScalarKey/mixed``, so a look-up costs a multiplication and a comparison or two where
/// `Dictionary` would run its seeded SipHash (spaCy's rules look up several keys per chunk).
struct ScalarKeyTable<Value: Sendable>: Sendable {
    private let slots: [(key: ScalarKey, value: Value)?]
    private let shift: UInt64

    init(_ entries: [ScalarKey: Value]) {
        var bits: UInt64 = 4
        while 1 << bits < 2 * entries.count { bits += 1 }
        shift = 64 - bits
        var slots = [(key: ScalarKey, value: Value)?](repeating: nil, count: 1 << bits)
        for (key, value) in entries {
            var slot = Int(key.mixed >> (64 - bits))
            while slots[slot] != nil { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = (key, value)
        }
        self.slots = slots
    }

    @inline(__always)
    subscript(key: ScalarKey) -> Value? {
        var slot = Int(key.mixed >> shift)
        while let entry = slots[slot] {
            if entry.key == key { return entry.value }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }
}
