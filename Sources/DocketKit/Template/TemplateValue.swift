import Foundation

/// A value a template renders: the JSON data model (null, booleans, numbers,
/// strings, lists, maps).
///
/// The engine reads only this type, so any data — a `--data` JSON file, or a
/// tree built by a report — renders once converted (`TemplateValueConvertible`).
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([TemplateValue])
    case map([String: TemplateValue])
    /// A list whose items are made as a template reads them (see `TemplateList`).
    case lazyList(TemplateList)
    /// A few named values, found by comparing names instead of hashing them (see
    /// `TemplateFields`); renders as `.map` of the same names and values would.
    case fields(TemplateFields)

    /// False for `null`, `false`, an empty list and an empty string; true otherwise
    /// (numbers are always true, so a count of 0 still shows).
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .string(let text): !text.isEmpty
        case .list(let items): !items.isEmpty
        case .lazyList(let list): list.count > 0
        case .int, .double, .map, .fields: true
        }
    }

    /// The text `{{name}}` prints: numbers in their shortest exact form, an
    /// empty string for null, lists and maps.
    public var text: String {
        switch self {
        case .null, .list, .lazyList, .map, .fields: ""
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value):
            if value.rounded() == value, abs(value) < 1e15 { String(Int(value)) } else { "\(value)" }
        case .string(let text): text
        }
    }

    /// The value of `key` in a map, or nil for a missing key or a value that is no map.
    public subscript(key: String) -> TemplateValue? {
        switch self {
        case .map(let pairs): pairs[key]
        case .fields(let fields): fields[key]
        default: nil
        }
    }
}

/// The items of a list, made one at a time as a template reads them: a report's lists of
/// ids are read from the arrays the report already holds instead of being copied into
/// `TemplateValue`s (a year's report names millions of ids). Renders as `.list` of the same
/// items would; equal to another when their items are equal.
public struct TemplateList: Sendable, Equatable {
    /// The number of items.
    public let count: Int
    private let item: @Sendable (Int) -> TemplateValue
    /// The key of each item, or nil: see `init(count:keys:item:)`.
    let keys: TemplateItemKeys?

    /// A list of `count` items, the item at an index made by `item`.
    public init(count: Int, item: @escaping @Sendable (Int) -> TemplateValue) {
        self.count = count
        self.item = item
        self.keys = nil
    }

    /// A list of `count` items, the item at an index made by `item`, each with a key
    /// (`keys`): the items of the lists that share `keys.space` are equal when their keys
    /// are. A section over such a list renders an item's output once and copies its bytes
    /// for the same key afterwards, in this list and the others of the space, whenever
    /// nothing the section looked up came from outside the item (`ItemOutputs`).
    public init(count: Int, keys: TemplateItemKeys, item: @escaping @Sendable (Int) -> TemplateValue) {
        self.count = count
        self.item = item
        self.keys = keys
    }

    /// The item at `index` (`0..<count`).
    public subscript(index: Int) -> TemplateValue { item(index) }

    /// Every item, made now.
    public var items: [TemplateValue] { (0..<count).map(item) }

    public static func == (a: TemplateList, b: TemplateList) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] }
    }
}

/// The keys of the items of a `TemplateList`: `key(index)` is the key of the item at
/// `index`, in `0..<space.count`, or -1 for an item without one (rendered as it comes).
public struct TemplateItemKeys: Sendable {
    /// The lists whose items are equal when their keys are.
    public let space: TemplateKeySpace
    let key: @Sendable (Int) -> Int

    public init(space: TemplateKeySpace, key: @escaping @Sendable (Int) -> Int) {
        self.space = space
        self.key = key
    }
}

/// A set of keys, `0..<count`, shared by the lists whose items are the same for the same
/// key (a report's records, numbered). Known by its identity: two spaces are never one.
public final class TemplateKeySpace: Sendable {
    /// The number of keys.
    public let count: Int

    public init(count: Int) {
        self.count = count
    }
}

/// A map of a few names, each looked up by comparing it with the names in turn: a long
/// list's items (a report's records: id, title, link) are made and read once each, and
/// hashing their names to make and read a `Dictionary` cost more than the list's output.
/// The first of two equal names wins, as `.map` keeps the first of a duplicated key.
public struct TemplateFields: Sendable, Equatable {
    /// The names, shared by every item of a list.
    public let names: [String]
    /// The value of each name, in the order of `names`.
    public let values: [TemplateValue]

    /// - Precondition: `values.count == names.count`.
    public init(names: [String], values: [TemplateValue]) {
        precondition(names.count == values.count, "expected one value for each name")
        self.names = names
        self.values = values
    }

    /// The value of the first name equal to `name`, or nil.
    public subscript(name: String) -> TemplateValue? {
        for index in names.indices where names[index] == name { return values[index] }
        return nil
    }

    /// The same names and values as a dictionary (the first of a duplicated name wins).
    public var map: [String: TemplateValue] {
        Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
    }
}

/// A type that can be rendered by a template.
public protocol TemplateValueConvertible {
    /// The value templates see.
    var templateValue: TemplateValue { get }
}

extension TemplateValue: TemplateValueConvertible {
    public var templateValue: TemplateValue { self }
}

extension TemplateValue: Codable {
    /// Encodes the value as the JSON it came from.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .lazyList(let list): try container.encode(list.items)
        case .map(let value): try container.encode(value)
        case .fields(let fields): try container.encode(fields.map)
        }
    }

    /// Decodes any JSON value; an integer that fits `Int` stays an integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([TemplateValue].self) { self = .list(value) }
        else { self = .map(try container.decode([String: TemplateValue].self)) }
    }

    /// Reads JSON text (any value at the top level).
    /// - Throws: `DecodingError` when the bytes are not JSON.
    public init(json: [UInt8]) throws {
        self = try JSONDecoder().decode(TemplateValue.self, from: Data(json))
    }
}

extension TemplateValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
