/// The one value tree every structured output is built as: JSON, CSV, aligned
/// text tables and templates all render from it.
///
/// Objects keep their keys in the order they were declared, so the same input
/// always gives the same bytes; an absent value is `.null`, never a missing key.
///
/// Not `indirect`: arrays and objects already hold their elements out of line, and boxing
/// every case put each string of a large tree (a year's report: millions of ids) in a heap
/// allocation of its own.
public enum OutputValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A finite number; JSON has no infinity or NaN, so those render as `null`.
    case double(Double)
    case string(String)
    case array([OutputValue])
    /// Keys in declared order.
    case object([(String, OutputValue)])

    public static func == (a: OutputValue, b: OutputValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.double(x), .double(y)): x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A string, or `.null` when `text` is nil.
    public static func string(_ text: String?) -> OutputValue { text.map(OutputValue.string) ?? .null }

    /// An integer, or `.null` when `value` is nil.
    public static func int(_ value: Int?) -> OutputValue { value.map(OutputValue.int) ?? .null }

    /// The value of `key` in an object (the first entry of that name), or nil for a
    /// missing key or a value that is no object.
    public subscript(key: String) -> OutputValue? {
        guard case .object(let entries) = self else { return nil }
        return entries.first { $0.0 == key }?.1
    }

    /// The element at `index` of an array, or nil.
    public subscript(index: Int) -> OutputValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The keys of an object in declared order; empty for any other value.
    public var keys: [String] {
        guard case .object(let entries) = self else { return [] }
        return entries.map(\.0)
    }

    /// The text a scalar shows in a table or CSV cell: `""` for null, numbers in
    /// their shortest exact form; arrays and objects as compact JSON.
    public var cellText: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): JSONOutput.number(value)
        case .string(let text): text
        case .array, .object: json(.compact)
        }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}

extension OutputValue: TemplateValueConvertible {
    /// The tree as templates see it: objects become maps (a template looks keys up
    /// by name, so the declared order is not needed there), arrays lists.
    public var templateValue: TemplateValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(\.templateValue))
        case .object(let entries):
            .map(Dictionary(entries.map { ($0.0, $0.1.templateValue) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
