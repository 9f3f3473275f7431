/// The entries of a map value (an item of `escalations:`): its few fields in an array, found
/// by key along it. It reads as the dictionary it replaces did (`entries[key]`, `keys`,
/// `values`, `count`, `for (key, entry) in entries`), without a hash table to build, copy and
/// destroy per item. Keys are unique; the entries keep the order they were first set in.
public struct FieldEntries: Sendable, RandomAccessCollection {
    /// A key and its entry, labelled as a dictionary's element is.
    public typealias Element = (key: String, value: DecodedField)

    /// The entries, each carrying its key.
    public private(set) var values: [DecodedField]

    /// No entries.
    public init() { values = [] }

    /// Entries with distinct keys, in the order given.
    init(unique values: [DecodedField]) { self.values = values }

    /// The first entry's position: 0.
    public var startIndex: Int { 0 }
    /// The position after the last entry: `count`.
    public var endIndex: Int { values.count }

    /// The entry at `position`, with its key (as a dictionary's element reads).
    public subscript(position: Int) -> Element { (values[position].key, values[position]) }

    /// The keys, in the entries' order.
    public var keys: [String] { values.map(\.key) }

    /// The entry of `key`; setting one replaces the entry of that key in its place, or appends it
    /// (nil removes it).
    public subscript(key: String) -> DecodedField? {
        get {
            for value in values where value.key == key { return value }
            return nil
        }
        set {
            let index = values.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, var field?):
                field.key = key
                values[index] = field
            case (let index?, nil): values.remove(at: index)
            case (nil, var field?):
                field.key = key
                values.append(field)
            case (nil, nil): break
            }
        }
    }
}
