/// Remembers the token ids of each distinct chunk (a word between whitespace as it stands before
/// fastai's case rules, or a whitespace chunk), keyed by its UTF-8 bytes, so a chunk seen before
/// costs one hash and one comparison instead of the case rules, spaCy's affix rules, a `String`
/// per token and a dictionary lookup per token. spaCy keeps the same kind of cache.
///
/// Owned by one thread. Its tables are memory it allocates itself, so a look-up does no reference
/// counting and no uniqueness check.
final class ChunkCache {
    /// Open addressing, a power of two long: per slot, the high 32 bits of the chunk's hash and
    /// the offset of its entry in `arena` plus one (0 when the slot is empty).
    private var slots: UnsafeMutableBufferPointer<UInt64>
    /// The entries one after another, in 4-byte units: the chunk's length in bytes, its number of
    /// ids, the ids, then the chunk's bytes (padded to a multiple of 4).
    private var arena: UnsafeMutableBufferPointer<Int32>
    private var arenaCount = 0
    private var entryCount = 0
    /// Past this many chunks the cache starts over, bounding its memory as spaCy's does.
    private let limit: Int

    /// Each chunk takes 8 bytes, 4 per id, its bytes and 16–32 bytes of slots, so `limit` bounds
    /// the cache at about 50 MB (the 33,530 movie reviews have about 270,000 distinct chunks: 14 MB).
    init(initialCapacity: Int = 1 << 12, limit: Int = 1 << 20) {
        var capacity = 16
        while capacity < 2 * initialCapacity { capacity *= 2 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        arena = .allocate(capacity: 8 * capacity)
        self.limit = limit
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
    }

    /// The ids of `chunk` (never empty, `hash` its ``ByteKey/hash(_:)``), computed with `makeIDs`
    /// the first time. The buffer is valid until the next call.
    @inline(__always)
    func ids(of chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, orMake makeIDs: () -> [Int32]) -> UnsafeBufferPointer<Int32> {
        let entry = find(chunk, hash: hash) ?? insert(chunk, hash: hash, ids: makeIDs())
        return UnsafeBufferPointer(start: arena.baseAddress! + entry + 2, count: Int(arena[entry + 1]))
    }

    /// The offset of `chunk`'s entry, if it has one.
    @inline(__always)
    private func find(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if stored >> 32 == hash >> 32 {
                let entry = Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) - 1
                if Int(arena[entry]) == chunk.count && ByteKey.equal(key(at: entry), chunk) { return entry }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func key(at entry: Int) -> UnsafeBufferPointer<UInt8> {
        let start = UnsafeRawPointer(arena.baseAddress! + entry + 2 + Int(arena[entry + 1]))
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: Int(arena[entry]))
    }

    private func insert(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, ids: [Int32]) -> Int {
        if entryCount >= limit { removeAll() }
        if (entryCount + 1) * 2 > slots.count { growSlots() }
        let size = 2 + ids.count + (chunk.count + 3) / 4
        if arenaCount + size > arena.count { growArena(toHold: arenaCount + size) }
        let entry = arenaCount
        arena[entry] = Int32(chunk.count)
        arena[entry + 1] = Int32(ids.count)
        _ = UnsafeMutableBufferPointer(rebasing: arena[(entry + 2)...]).initialize(from: ids)
        UnsafeMutableRawPointer(arena.baseAddress! + entry + 2 + ids.count).copyMemory(from: chunk.baseAddress!, byteCount: chunk.count)
        arenaCount += size
        entryCount += 1
        place(entry: entry, hash: hash)
        return entry
    }

    private func place(entry: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)
    }

    private func growSlots() {
        let old = slots
        slots = .allocate(capacity: 2 * old.count)
        slots.initialize(repeating: 0)
        var entry = 0
        while entry < arenaCount {
            place(entry: entry, hash: ByteKey.hash(key(at: entry)))
            entry += 2 + Int(arena[entry + 1]) + (Int(arena[entry]) + 3) / 4
        }
        old.deallocate()
    }

    private func growArena(toHold count: Int) {
        var capacity = arena.count
        while capacity < count { capacity *= 2 }
        let old = arena
        arena = .allocate(capacity: capacity)
        _ = arena.initialize(from: old[..<arenaCount])
        old.deallocate()
    }

    private func removeAll() {
        slots.update(repeating: 0)
        arenaCount = 0
        entryCount = 0
    }
}

/// Hashing and comparing short byte strings a word at a time, the last word read with overlapping
/// loads so nothing is read past the end and no byte loop is needed.
enum ByteKey {
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let base = UnsafeRawPointer(bytes.baseAddress!)
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        while index + 8 < bytes.count {
            hash = mix(hash, base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        hash = mix(hash, lastWord(base, count: bytes.count))
        return hash ^ (hash >> 29)
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
        return mixed ^ (mixed >> 32)
    }

    /// Whether two byte strings of the same length are equal.
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = b.count
        let a = UnsafeRawPointer(a.baseAddress!), b = UnsafeRawPointer(b.baseAddress!)
        var index = 0
        while index + 8 < count {
            if a.loadUnaligned(fromByteOffset: index, as: UInt64.self) != b.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
                return false
            }
            index += 8
        }
        return lastWord(a, count: count) == lastWord(b, count: count)
    }

    /// The last 1–8 bytes of `count` (at least 1) as one word, which together with the whole words
    /// before them cover every byte: two overlapping loads for 4–7 bytes, three bytes for 1–3.
    @inline(__always)
    private static func lastWord(_ base: UnsafeRawPointer, count: Int) -> UInt64 {
        if count >= 8 { return base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) }
        if count >= 4 {
            return UInt64(base.loadUnaligned(as: UInt32.self))
                | UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        return UInt64(bytes[0]) | UInt64(bytes[count / 2]) << 8 | UInt64(bytes[count - 1]) << 16
    }
}
