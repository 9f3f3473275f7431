/// The decoded fields of a record by key: a small map tuned for the 10–40 keys
/// of a front matter.
///
/// Rules look fields up by name hundreds of times per record; with 10^5
/// records, `Dictionary<String, _>`'s seeded SipHash of every key was a fifth
/// of all instructions. Order is the order of insertion (the front matter's order).
///
/// Filled by the readers (`appendNew(_:hash:field:of:_:)`), the map knows its procedure and
/// keeps a slot table: for each of the procedure's first 64 fields, where its entry is. A
/// field is then found by its index in `procedure.fields` in one load (`entryIndex(field:in:)`),
/// and by name through the procedure's own key table. Filled by name (`subscript` set), or once
/// changed so, it finds a key by a cheap fingerprint of its UTF-8 bytes compared along a
/// short array, then confirmed by `==`.
///
/// A key is read from its entry (`DecodedField.key`, the procedure's own `String`): no
/// array of the same keys is built, filled and destroyed for every record.
public struct FieldMap: Sendable {
    /// The keys by entry, only once some entry was stored under a key other than its own
    /// `DecodedField.key` (never by the readers); nil: every entry's key is its name.
    private var names: [String]?
    /// Without a procedure: the fingerprint of each entry's key (`hash(_:)`). With one: the slot
    /// table (`slotWords` words: by index in `procedure.fields`, the first 64, the entry's index
    /// plus one in a byte, 0 when not written), then the bits of the fields written
    /// (`writtenWord`) and present (`presentWord`), then 1 when some field past the 64th is
    /// written (`beyondWord`; found by a walk). One array either way: the map stays four words,
    /// copied and destroyed inline, and a record allocates no more than it did for the fingerprints.
    private var hashes: [UInt64] = []
    private var entries: [DecodedField] = []
    /// The procedure whose field indexes `hashes` holds the slots of; nil: the map was filled
    /// or changed by name, and `hashes` holds fingerprints.
    private var procedure: Procedure?

    private static let slotWords = 8
    private static let writtenWord = 8
    private static let presentWord = 9
    private static let beyondWord = 10
    private static let tableWords = 11

    public init() {}

    /// A 64-bit fingerprint of a key: its length and its first and last eight
    /// UTF-8 bytes (four and four below eight, three bytes below four), mixed.
    /// Equal keys have equal fingerprints; a collision only costs a string
    /// comparison. Reads the bytes in place with two loads, no copy, no loop.
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
        // The same loads as the decoder's byte-key tables (`KeyWords`), mixed into one word.
        let words = KeyWords(utf8: bytes)
        return (words.head &* 0x9E37_79B9_7F4A_7C15) ^ (words.tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(words.count)
    }

    @inline(__always)
    private func index(of key: String, hash: UInt64) -> Int? {
        if let procedure {
            guard let field = procedure.fieldIndex(hash: hash, key: key) else { return nil }
            if field < 64 { return slotEntry(field) }
            return walk(for: key)
        }
        var index = 0
        let count = hashes.count
        while index < count {
            if hashes[index] == hash && name(at: index) == key { return index }
            index += 1
        }
        return nil
    }

    /// The entry of the procedure's field `field` (below 64) from the slot table.
    @inline(__always)
    private func slotEntry(_ field: Int) -> Int? {
        let word = hashes[field >> 3]
        let slot = Int(truncatingIfNeeded: (word >> UInt64((field & 7) * 8)) & 0xFF)
        return slot == 0 ? nil : slot - 1
    }

    /// The entry stored under `key`, found along the entries (a field past the slot table's 64).
    private func walk(for key: String) -> Int? {
        guard hashes[FieldMap.beyondWord] != 0 else { return nil }
        for index in entries.indices where name(at: index) == key { return index }
        return nil
    }

    /// The key the entry at `index` was stored under.
    @inline(__always)
    private func name(at index: Int) -> String { names?[index] ?? entries[index].key }

    /// The keys in their order.
    public var keys: [String] { names ?? entries.map(\.key) }

    /// The position of `key` among the entries, its `hash` already known (a procedure's
    /// `fieldHashes`); read the entry with `isPresent(at:)`, `keyPosition(at:)`, `value(at:)`
    /// without copying it.
    @inline(__always)
    func entryIndex(_ key: String, hash: UInt64) -> Int? { index(of: key, hash: hash) }

    /// The position of `key` among the entries (see `entryIndex(_:hash:)`).
    @inline(__always)
    func entryIndex(_ key: String) -> Int? { index(of: key, hash: FieldMap.hash(key)) }

    /// The position among the entries of `procedure.fields[field]`: one load from the slot
    /// table when the map was read against `procedure`, else found by the field's key.
    @inline(__always)
    func entryIndex(field: Int, in procedure: Procedure) -> Int? {
        if field < 64, let own = self.procedure, own === procedure { return slotEntry(field) }
        return index(of: procedure.fields[field].key, hash: procedure.fieldHashes[field])
    }

    /// The number of entries (read them by position with `key(at:)`, `value(at:)`, …).
    var count: Int { entries.count }

    /// The key the entry at `index` was stored under.
    @inline(__always)
    func key(at index: Int) -> String { name(at: index) }

    @inline(__always)
    func isPresent(at index: Int) -> Bool { entries[index].isPresent }

    @inline(__always)
    func keyPosition(at index: Int) -> SourcePosition { entries[index].keyPosition }

    @inline(__always)
    func valueRange(at index: Int) -> SourceRange { entries[index].valueRange }

    @inline(__always)
    func value(at index: Int) -> FieldValue? { entries[index].value }

    /// Bits by index in `procedure.fields`: the fields written, and those present (not null,
    /// not empty); nil for a procedure of more than 64 fields. Kept as the map is filled when
    /// it was read against `procedure`; else one probe per entry.
    func presence(in procedure: Procedure) -> (written: UInt64, present: UInt64)? {
        guard procedure.fields.count <= 64 else { return nil }
        if let own = self.procedure, own === procedure { return (hashes[FieldMap.writtenWord], hashes[FieldMap.presentWord]) }
        var written: UInt64 = 0
        var present: UInt64 = 0
        for index in entries.indices {
            let key = name(at: index)
            guard let field = procedure.fieldIndex(hash: FieldMap.hash(key), key: key) else { continue }
            let bit: UInt64 = 1 << UInt64(field)
            written |= bit
            if entries[index].isPresent { present |= bit }
        }
        return (written, present)
    }

    /// True when some entry's value is accepted by `isIncluded`; no key is hashed.
    func containsValue(where isIncluded: (FieldValue) -> Bool) -> Bool {
        for index in entries.indices {
            if let value = entries[index].value, isIncluded(value) { return true }
        }
        return false
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

    /// Drops the slot table for the fingerprints, before a change by name.
    private mutating func unslot() {
        guard procedure != nil else { return }
        procedure = nil
        hashes = entries.indices.map { FieldMap.hash(name(at: $0)) }
    }

    public subscript(key: String) -> DecodedField? {
        get {
            index(of: key, hash: FieldMap.hash(key)).map { entries[$0] }
        }
        set {
            unslot()
            if hashes.isEmpty { hashes.reserveCapacity(entries.capacity) }
            let hash = FieldMap.hash(key)
            if let index = index(of: key, hash: hash) {
                if let newValue {
                    if names == nil && newValue.key != key { names = keys }
                    entries[index] = newValue
                    names?[index] = key
                } else {
                    names?.remove(at: index)
                    hashes.remove(at: index)
                    entries.remove(at: index)
                }
            } else if let newValue {
                if names == nil && newValue.key != key { names = keys }
                names?.append(key)
                hashes.append(hash)
                entries.append(newValue)
            }
        }
    }

    /// Adds the field `procedure.fields[index]`, which the caller knows is not there yet, with
    /// its key's `hash` already computed (the front-matter fast path, which has the procedure's
    /// hash of every key): its slot is kept, so rules find it by `index`.
    /// `field` is consumed: the caller's value is moved into the map, not copied and destroyed.
    mutating func appendNew(_ key: String, hash: UInt64, field index: Int, of procedure: Procedure, _ field: consuming DecodedField) {
        if self.procedure !== procedure {
            if self.procedure == nil && entries.isEmpty && hashes.isEmpty {
                self.procedure = procedure
                hashes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]  // `tableWords` zeros (a literal: no generic fill)
            } else {
                return appendNew(key, hash: hash, field)
            }
        }
        // (An entry's slot holds its index plus one in a byte: past 254 entries, fingerprints.)
        guard field.key == key, entries.count < 255 else { return appendNew(key, hash: hash, field) }
        // The slot and the bits written through one check that the table is not shared.
        let entry = entries.count, present = field.isPresent
        hashes.withUnsafeMutableBufferPointer { table in
            if index < 64 {
                let bit: UInt64 = 1 << UInt64(index)
                table[FieldMap.writtenWord] |= bit
                if present { table[FieldMap.presentWord] |= bit }
                table[index >> 3] |= UInt64(truncatingIfNeeded: entry + 1) << UInt64((index & 7) * 8)
            } else {
                table[FieldMap.beyondWord] = 1
            }
        }
        entries.append(field)
    }

    /// Adds a field the caller knows is not there yet, by name (no slot is kept), with its
    /// key's `hash` already computed. `field` is consumed: moved into the map, not copied.
    mutating func appendNew(_ key: String, hash: UInt64, _ field: consuming DecodedField) {
        unslot()
        if names == nil && field.key != key { names = keys }
        names?.append(key)
        hashes.append(hash)
        entries.append(field)
    }

    /// The keys and values of the entries whose value `isIncluded` accepts, in their
    /// order; no key is hashed.
    func values(where isIncluded: (FieldValue) -> Bool) -> [(key: String, value: FieldValue)] {
        var found: [(key: String, value: FieldValue)] = []
        for index in entries.indices {
            if let value = entries[index].value, isIncluded(value) { found.append((name(at: index), value)) }
        }
        return found
    }

    /// Whether no entry's value, one, or several are accepted by `isIncluded`; the one with its key.
    enum Match {
        case nothing
        case one(key: String, value: FieldValue)
        case several
    }

    /// `values(where:)` for a caller that needs the entry only when it is the one accepted:
    /// no array is built.
    func onlyEntry(where isIncluded: (FieldValue) -> Bool) -> Match {
        var found = -1
        for index in entries.indices {
            guard let value = entries[index].value, isIncluded(value) else { continue }
            if found >= 0 { return .several }
            found = index
        }
        guard found >= 0, let value = entries[found].value else { return .nothing }
        return .one(key: name(at: found), value: value)
    }

    /// The entries `isIncluded` accepts, in their order.
    public func filter(_ isIncluded: (String, DecodedField) -> Bool) -> FieldMap {
        var kept = FieldMap()
        for index in entries.indices where isIncluded(name(at: index), entries[index]) {
            if let names {
                if kept.names == nil { kept.names = kept.entries.map(\.key) }
                kept.names?.append(names[index])
            }
            kept.hashes.append(FieldMap.hash(name(at: index)))
            kept.entries.append(entries[index])
        }
        return kept
    }

    /// Room for `capacity` entries (the fingerprints get theirs when the first key is stored by name).
    public mutating func reserveCapacity(_ capacity: Int) {
        if procedure == nil && !hashes.isEmpty { hashes.reserveCapacity(capacity) }
        entries.reserveCapacity(capacity)
    }
}
