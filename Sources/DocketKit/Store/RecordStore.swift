/// A link between two records, seen from one of them.
public struct RecordLink: Sendable, Hashable {
    public enum Direction: String, Sendable {
        /// Written in this record's front matter.
        case outgoing
        /// Written in the other record's front matter.
        case incoming
    }

    public var direction: Direction
    /// The field that holds the link (in this record when outgoing, in the other when incoming).
    public var field: String
    /// The record at the other end.
    public var other: String
}

/// Every record of a repository, read once, by id, with the two-way link graph.
///
/// Files are read in parallel with `RecordLoader`; a file that cannot be read
/// as a record (its syntax is broken, it is too large, …) is skipped and
/// counted in `skipped`. `docket validate` says why.
public struct RecordStore: Sendable {
    public let root: String
    public let procedures: ProcedureSet
    /// Records by id (from the front matter, else the file name); the first by path wins on duplicates.
    public private(set) var records: [String: Record]
    /// Ids, sorted.
    public private(set) var ids: [String]
    /// Paths of the files that could not be read as records.
    public private(set) var skipped: [String]
    /// id → links written in that record, in front-matter order.
    public private(set) var outgoing: [String: [(field: String, target: String)]]
    /// id → links written in other records that point to it, sorted by source id and field.
    public private(set) var incoming: [String: [(source: String, field: String)]]

    /// Reads every record under `tickets/` of the repository at `root`.
    /// - Parameter fields: nil for whole records; else each record keeps only these front-matter
    ///   fields and those that hold links (the store's link graph), and no bytes, sections or
    ///   work log, dropped in the worker that decoded it: for verbs that print a few fields
    ///   (`list`), whose memory at 10^5 records would otherwise be the whole repository's.
    public static func load(root: String, procedures: ProcedureSet, keeping fields: Set<String>? = nil) -> RecordStore {
        let (index, read) = mapRecords(root: root, procedures: procedures, body: fields == nil) { _, record, _ -> Record in
            var record = record
            if let fields {
                record.bytes = []
                record.sections = []
                record.worklog = []
                record.fields = record.fields.filter { key, field in fields.contains(key) || field.value?.holdsReferences == true }
                record.keyOrder = record.keyOrder.filter { record.fields[$0] != nil }
            }
            return record
        }
        return assemble(root: root, procedures: procedures, read: read.enumerated().map { (index.files[$0.offset], $0.element) }, unreadable: index.unreadable)
    }

    /// Reads every record file under `tickets/` in parallel and hands each record to `transform`
    /// in the worker that read it, so a verb keeps only what it needs of each record.
    /// - Parameter body: false to read the front matter only (no sections or work log), for
    ///   verbs that use fields and links alone.
    /// - Returns: the file index and, per file in its order, the result (nil: no record could be read).
    static func mapRecords<T: Sendable>(root: String, procedures: ProcedureSet, body: Bool = true,
                                        _ transform: @Sendable (TicketFile, Record, Procedure) -> T) -> (index: RepositoryIndex, results: [T?]) {
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        let loader = RecordLoader(root: root, procedures: procedures)
        let files = index.files
        let results = parallelMap(files.count) { position -> T? in
            let file = files[position]
            guard let kind = file.kind, let procedure = procedures.procedure(kind: kind) else { return nil }
            var sink = DiagnosticSink(path: file.path)
            guard let record = loader.record(file, procedure: procedure, sink: &sink, body: body) else { return nil }
            return transform(file, record, procedure)
        }
        return (index, results)
    }

    /// The store of the records read (in path order; nil: the file could not be read as a record).
    static func assemble(root: String, procedures: ProcedureSet, read: [(file: TicketFile, record: Record?)], unreadable: Set<String>) -> RecordStore {
        var store = RecordStore(root: root, procedures: procedures, records: [:], ids: [], skipped: [], outgoing: [:], incoming: [:])
        store.skipped = unreadable.sorted()
        for (file, record) in read {
            guard let record else { store.skipped.append(file.path); continue }
            let id = record.id ?? file.stem
            if store.records[id] == nil { store.records[id] = record }
        }
        store.skipped.sort()
        store.ids = store.records.keys.sorted()
        for id in store.ids {
            var seen: Set<String> = []
            var links: [(field: String, target: String)] = []
            for (field, reference) in store.records[id]!.references where seen.insert(field + "\u{0}" + reference.id).inserted {
                links.append((field, reference.id))
                store.incoming[reference.id, default: []].append((id, field))
            }
            store.outgoing[id] = links
        }
        for key in store.incoming.keys {
            store.incoming[key]!.sort { ($0.source, $0.field) < ($1.source, $1.field) }
        }
        return store
    }

    public func record(_ id: String) -> Record? { records[id] }

    /// Every link of `id` in both directions: outgoing first (front-matter order), then incoming.
    public func links(of id: String) -> [RecordLink] {
        (outgoing[id] ?? []).map { RecordLink(direction: .outgoing, field: $0.field, other: $0.target) }
            + (incoming[id] ?? []).map { RecordLink(direction: .incoming, field: $0.field, other: $0.source) }
    }

    /// Ids linked to `id` in either direction.
    public func linked(to id: String) -> Set<String> {
        Set((outgoing[id] ?? []).map(\.target)).union((incoming[id] ?? []).map(\.source))
    }

    /// The kind of an id: its record's kind, else the kind whose id pattern it matches.
    public func kind(of id: String) -> String? {
        records[id]?.kind ?? procedures.procedure(forID: id)?.kind
    }

    /// The record's title (its procedure's title field), or nil.
    public func title(of record: Record) -> String? {
        guard let procedure = procedures.procedure(kind: record.kind) else { return nil }
        return record.canonical(procedure.titleField)
    }

    /// The nearest existing id to `text`, for "did you mean" messages.
    public func suggestion(for text: String) -> String? {
        Self.suggestion(for: text, in: ids)
    }

    /// The nearest of `ids` to `text`: one that differs only in letter case, else the nearest by edits.
    public static func suggestion(for text: String, in ids: [String]) -> String? {
        if let exact = ids.first(where: { $0.lowercased() == text.lowercased() }) { return exact }
        return Suggestion.nearest(to: text, in: ids)
    }
}
