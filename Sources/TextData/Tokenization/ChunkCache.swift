/// Remembers the token ids of each distinct chunk (the text between whitespace, as spaCy splits
/// it), keyed by its UTF-8 bytes, so a chunk seen before costs one hash and one comparison instead
/// of the affix rules, a `String` per token and a dictionary lookup per token. spaCy keeps the same
/// kind of cache. A value type, owned by one thread (a struct: no exclusivity checks on the hot path).
struct ChunkCache {
    private struct Entry {
        var hash: UInt64
        var keyStart: Int
        var keyLength: Int
        var idStart: Int
        var idCount: Int
    }

    /// Index into `entries` + 1 for each slot, 0 when empty; a power of two long.
    private var slots: [Int32]
    private var entries: [Entry] = []
    private var keys: [UInt8] = []
    private var ids: [Int32] = []
    /// Past this many chunks the cache starts over, bounding its memory as spaCy's does.
    private let limit: Int

    init(initialCapacity: Int = 1 << 12, limit: Int = 1 << 21) {
        var capacity = 16
        while capacity < initialCapacity { capacity *= 2 }
        slots = [Int32](repeating: 0, count: capacity)
        self.limit = limit
    }

    /// Appends the ids of `chunk` to `output`, computing them with `makeIDs` the first time.
    @inline(__always)
    mutating func appendIDs(of chunk: UnsafeBufferPointer<UInt8>, to output: inout [Int], makeIDs: () -> [Int32]) {
        let hash = Self.hash(chunk)
        let entry = find(chunk, hash: hash) ?? insert(chunk, hash: hash, ids: makeIDs())
        ids.withUnsafeBufferPointer { ids in
            for index in entry.idStart..<(entry.idStart + entry.idCount) { output.append(Int(ids[index])) }
        }
    }

    /// A multiplicative hash over 8 bytes at a time (the last word zero-padded), mixed at the end.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            index += 8
        }
        if index < bytes.count {
            var word: UInt64 = 0
            for offset in index..<bytes.count { word |= UInt64(bytes[offset]) << UInt64(8 * (offset - index)) }
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
        }
        return hash ^ (hash >> 29)
    }

    @inline(__always)
    private func find(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Entry? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            let entry = entries[stored - 1]
            if entry.hash == hash && entry.keyLength == chunk.count && keys.withUnsafeBufferPointer({ keys in
                Self.equal(keys.baseAddress! + entry.keyStart, chunk.baseAddress!, count: chunk.count)
            }) {
                return entry
            }
            slot = (slot + 1) & mask
        }
    }

    /// Byte equality; chunks are short, so a loop beats calling `memcmp`.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        while index + 8 <= count {
            if UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self) {
                return false
            }
            index += 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }

    private mutating func insert(_ chunk: UnsafeBufferPointer<UInt8>, hash: UInt64, ids newIDs: [Int32]) -> Entry {
        if entries.count >= limit { removeAll() }
        if (entries.count + 1) * 2 > slots.count { grow() }
        let entry = Entry(hash: hash, keyStart: keys.count, keyLength: chunk.count, idStart: ids.count, idCount: newIDs.count)
        keys += chunk
        ids += newIDs
        entries.append(entry)
        place(entries.count - 1)
        return entry
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: entries[index].hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for index in entries.indices { place(index) }
    }

    private mutating func removeAll() {
        slots = [Int32](repeating: 0, count: slots.count)
        entries.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
    }
}
