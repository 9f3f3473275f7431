/// The decoded fields of a record by key: a small map tuned for the 10–40 keys
/// of a front matter.
///
/// Rules look fields up by name hundreds of times per record; with 10^5
/// records, `Dictionary<String, _>`'s seeded SipHash of every key was a fifth
/// of all instructions. Here a key is found by a cheap FNV-1a hash of its
/// UTF-8 bytes compared along a short array, then confirmed by `==`. Order is
/// the order of insertion (the front matter's order), so iteration is
/// deterministic.
public struct FieldMap: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    private var names: [String] = []
    private var hashes: [UInt64] = []
    private var entries: [DecodedField] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, DecodedField)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// A map holding every entry of `dictionary`, in key order.
    public init(_ dictionary: [String: DecodedField]) {
        for key in dictionary.keys.sorted() { self[key] = dictionary[key] }
    }

    /// FNV-1a over the UTF-8 bytes.
    @inline(__always)
    static func hash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
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

    public mutating func reserveCapacity(_ capacity: Int) {
        names.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        entries.reserveCapacity(capacity)
    }

    /// The number of fields.
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys in insertion order.
    public var keys: [String] { names }
    /// The fields in insertion order.
    public var values: [DecodedField] { entries }

    public func makeIterator() -> AnyIterator<(key: String, value: DecodedField)> {
        var index = 0
        return AnyIterator {
            guard index < entries.count else { return nil }
            defer { index += 1 }
            return (key: names[index], value: entries[index])
        }
    }
}
