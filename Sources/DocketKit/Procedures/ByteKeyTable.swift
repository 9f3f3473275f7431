/// A key's UTF-8 bytes as two words and a length: the first and last eight bytes (four and
/// four below eight; the first, middle and last byte below four). For a key of at most 16
/// bytes these cover every byte, so two such keys are equal exactly when their words are.
struct KeyWords: Sendable, Equatable {
    let head: UInt64
    let tail: UInt64
    let count: Int

    /// Keys of at most this many bytes are compared by their words alone.
    static let exactLength = 16

    /// Two or three loads where the bytes lie: no copy, no loop.
    @inline(__always)
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        self.count = count
        guard count > 0, let base = bytes.baseAddress else {
            head = 0
            tail = 0
            return
        }
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            head = raw.loadUnaligned(as: UInt64.self)
            tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            head = UInt64(raw.loadUnaligned(as: UInt32.self))
            tail = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        } else {
            head = UInt64(base[0]) | UInt64(base[count / 2]) << 8 | UInt64(base[count - 1]) << 16
            tail = 0
        }
    }

    init(_ key: String) {
        var key = key
        self = key.withUTF8 { KeyWords(utf8: $0) }
    }

    /// The slot of a table of `1 << (64 - shift)` slots: the high bits of a multiplicative mix.
    @inline(__always)
    func slot(_ shift: UInt64) -> Int {
        let mixed = (head ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> shift)
    }
}

/// Strings found from their UTF-8 bytes without making a `String` or hashing into a
/// `Dictionary`: an open-addressing table keyed by `KeyWords`, at most a quarter full, so a
/// key is found in about one probe and, when at most 16 bytes long, confirmed by two word
/// comparisons (a longer key by `memcmp`). The lookup tables of the record decoder (field
/// keys, enum names, states, people, section titles) are these.
///
/// A class over memory it allocates once: a lookup reads through two pointers, with no array
/// retained and released per call (as arrays held in a struct were, three a lookup).
/// `@unchecked Sendable`: the memory is written only in `init` and never changed after.
final class ByteKeyTable: @unchecked Sendable {
    private let words: UnsafeMutablePointer<KeyWords>
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    private let shift: UInt64
    private let keys: [String]

    /// - Parameter keys: a key written more than once is found at its first index.
    init(_ keys: [String]) {
        self.keys = keys
        var bits: UInt64 = 3
        while 1 << bits < keys.count * 4 { bits += 1 }
        shift = 64 - bits
        mask = (1 << Int(bits)) - 1
        words = .allocate(capacity: max(keys.count, 1))
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: -1, count: mask + 1)
        next: for index in keys.indices {
            let word = KeyWords(keys[index])
            (words + index).initialize(to: word)
            var slot = word.slot(shift)
            while slots[slot] >= 0 {
                if keys[Int(slots[slot])] == keys[index] { continue next }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(index)
        }
    }

    deinit {
        words.deinitialize(count: keys.count)
        words.deallocate()
        slots.deallocate()
    }

    /// The index in the keys of the key whose UTF-8 bytes are `bytes`, or nil.
    @inline(__always)
    func index(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let word = KeyWords(utf8: bytes)
        var slot = word.slot(shift)
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if words[index] == word && (word.count <= KeyWords.exactLength || FieldSlotDecoder.same(keys[index], bytes)) {
                return index
            }
            slot = (slot + 1) & mask
        }
    }

    /// The key at `index` (the `String` given to `init`, shared).
    @inline(__always)
    func key(at index: Int) -> String { keys[index] }
}
