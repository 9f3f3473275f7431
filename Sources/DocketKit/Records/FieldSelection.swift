/// The front-matter fields of one procedure that a caller reads: the fast decoder
/// (`FieldSlotDecoder`) still checks every line's syntax, but builds the value of a
/// selected field only; the others stay out of the record's `fields` (their keys stay in
/// `keyOrder`). A verb that reads a few fields of every record (`docket report`) so skips
/// the Strings, lists and maps of the rest.
///
/// A file the fast decoder cannot read goes through the general path as before and gets
/// every field: a selected field has the same value on either path.
public struct FieldSelection: Sendable {
    /// The kind of the procedure the selection was made for.
    public let kind: String
    /// By field index in the procedure.
    private let selected: [Bool]

    /// The fields of `procedure` named in `keys` (unknown names are ignored), and every
    /// field whose value can hold a reference (`Record.references` reads them all).
    public init(procedure: Procedure, keys: some Sequence<String>) {
        let named = Set(keys)
        kind = procedure.kind
        selected = procedure.fields.map { named.contains($0.key) || Self.holdsReferences($0.type) }
    }

    /// True when the field at `index` of the procedure is read.
    func contains(_ index: Int) -> Bool {
        index >= selected.count || selected[index]
    }

    /// True when a value of `type` can hold a reference, at any depth.
    static func holdsReferences(_ type: FieldType) -> Bool {
        switch type {
        case .reference: true
        case .list(let item): holdsReferences(item.type)
        case .map(let keys): keys.contains { holdsReferences($0.type) }
        default: false
        }
    }
}
