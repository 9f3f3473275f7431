/// The decoded fields of a record by key: a small map tuned for the 10–40 keys
/// of a front matter.
///
/// Rules look fields up by name hundreds of times per record; with 10^5
/// records, `Dictionary<String, _>`'s seeded SipHash of every key was a fifth
/// of all instructions. Here a key is found by a cheap fingerprint of its
/// UTF-8 bytes compared along a short array, then confirmed by `==`. Order is
/// the order of insertion (the front matter's order).
public struct FieldMap: Sendable {
    private var names: [String] = []
    private var hashes: [UInt64] = []
    private var entries: [DecodedField] = []

    public init() {}

    /// A 64-bit fingerprint of a key: its length and its first and last eight
    /// UTF-8 bytes, mixed. Equal keys have equal fingerprints; a collision only
    /// costs a string comparison. Reads the bytes in place, no per-byte loop.
    @inline(__always)
    static func hash(_ key: String) -> UInt64 {
        if let fingerprint = key.utf8.withContiguousStorageIfAvailable({ hash(utf8: $0) }) {
            return fingerprint
        }
        var copy = key
        copy.makeContiguousUTF8()
        return hash(copy)
    }

    /// `hash(_:)` of a key's UTF-8 bytes where they lie (the front matter's bytes, before any `String`).
    @inline(__always)
    static func hash(utf8 bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var head: UInt64 = 0, tail: UInt64 = 0
        if count > 0 {
            let base = UnsafeRawPointer(bytes.baseAddress!)
            let headCount = min(count, 8)
            withUnsafeMutableBytes(of: &head) { $0.baseAddress!.copyMemory(from: base, byteCount: headCount) }
            if count > 8 {
                let tailCount = min(count - 8, 8)
                withUnsafeMutableBytes(of: &tail) { $0.baseAddress!.copyMemory(from: base + (count - tailCount), byteCount: tailCount) }
            }
        }
        return (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
    }

    @inline(__always)
    private func index(of key: String, hash: UInt64) -> Int? {
        var index = 0
        let count = hashes.count
        while index < count {
            if hashes[index] == hash && names[index] == key { return index }
            index += 1
        }
        return nil
    }

    /// True when `key` is there with a value (not null, not empty).
    public func isPresent(_ key: String) -> Bool {
        guard let index = index(of: key, hash: FieldMap.hash(key)) else { return false }
        return entries[index].isPresent
    }

    /// The decoded value of `key`, if any.
    public func value(_ key: String) -> FieldValue? {
        guard let index = index(of: key, hash: FieldMap.hash(key)) else { return nil }
        return entries[index].value
    }

    public subscript(key: String) -> DecodedField? {
        get {
            index(of: key, hash: FieldMap.hash(key)).map { entries[$0] }
        }
        set {
            let hash = FieldMap.hash(key)
            if let index = index(of: key, hash: hash) {
                if let newValue {
                    entries[index] = newValue
                } else {
                    names.remove(at: index)
                    hashes.remove(at: index)
                    entries.remove(at: index)
                }
            } else if let newValue {
                names.append(key)
                hashes.append(hash)
                entries.append(newValue)
            }
        }
    }

    /// Adds a field the caller knows is not there yet, with its key's `hash` already computed
    /// (the front-matter fast path, which has the procedure's hash of every key).
    mutating func appendNew(_ key: String, hash: UInt64, _ field: DecodedField) {
        names.append(key)
        hashes.append(hash)
        entries.append(field)
    }

    /// The entries `isIncluded` accepts, in their order.
    public func filter(_ isIncluded: (String, DecodedField) -> Bool) -> FieldMap {
        var kept = FieldMap()
        for index in names.indices where isIncluded(names[index], entries[index]) {
            kept.names.append(names[index])
            kept.hashes.append(hashes[index])
            kept.entries.append(entries[index])
        }
        return kept
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        names.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        entries.reserveCapacity(capacity)
    }
}
