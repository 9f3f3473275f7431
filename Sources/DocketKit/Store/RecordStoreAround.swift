extension RecordStore {
    /// The records one record's view needs, without parsing every record: the record `id`,
    /// every record that links to it and every record it links to — the same records, links
    /// and titles `load` gives for them.
    ///
    /// Every file is still read (the walk and the reads cost what `rg` costs), but only files
    /// whose bytes hold one of the ids looked for are parsed: a record's id, and every link
    /// to it, is written in its file. A file with a backslash is parsed too, since a YAML
    /// escape can spell an id without its bytes. Returns nil when the record's own file is
    /// not where its id says, or its view would change what else must be read (a duplicate
    /// id winning by path): the caller then loads the whole store.
    public static func load(root: String, procedures: ProcedureSet, around id: String) -> RecordStore? {
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        let loader = RecordLoader(root: root, procedures: procedures)
        let files = index.files
        @Sendable func parse(_ file: TicketFile, _ bytes: [UInt8]) -> Record? {
            guard let kind = file.kind, let procedure = procedures.procedure(kind: kind) else { return nil }
            var sink = DiagnosticSink(path: file.path)
            return loader.reader.read(path: file.path, bytes: bytes, procedure: procedure, sink: &sink)
        }
        // The record's own file first: its links say which other ids to look for.
        guard let own = index.byID[id], own.count == 1, case .bytes(let ownBytes) = loader.bytes(of: files[own[0]]),
              let record = parse(files[own[0]], ownBytes), record.id == id else { return nil }
        var wanted = Set([id])
        for (_, reference) in record.references { wanted.insert(reference.id) }

        /// Files (by position) holding one of `ids` (or named by one), parsed; nil for the others.
        func read(holding ids: Set<String>, skipping done: [Int: Record?]) -> [Int: Record?] {
            let needles = NeedleSearch(ids.sorted().map { Array($0.utf8) })
            let found = parallelMap(files.count) { position -> Record?? in
                let file = files[position]
                guard done[position] == nil, file.kind != nil else { return nil }
                switch loader.bytes(of: file) {
                case .bytes(let bytes):
                    guard ids.contains(file.stem) || bytes.occurs(UInt8(ascii: "\\"))
                            || needles.occurs(in: bytes) else { return nil }
                    return .some(parse(file, bytes))
                case .refused:
                    return ids.contains(file.stem) ? .some(nil) : nil
                }
            }
            var result: [Int: Record?] = [:]
            for (position, record) in found.enumerated() { if let record { result[position] = record } }
            return result
        }
        var parsed = read(holding: wanted, skipping: [:])
        // The records that link here: their own duplicates decide which of them the store keeps.
        var sources: Set<String> = []
        for (position, other) in parsed {
            guard let other, other.references.contains(where: { $0.reference.id == id }) else { continue }
            sources.insert(other.id ?? files[position].stem)
        }
        sources.subtract(wanted)
        if !sources.isEmpty {
            parsed.merge(read(holding: sources, skipping: parsed)) { first, _ in first }
        }
        let store = assemble(root: root, procedures: procedures,
                             read: parsed.keys.sorted().map { (files[$0], parsed[$0]!) }, unreadable: index.unreadable)
        // Another file carrying the id won by its path: what it links to was not looked for.
        guard let kept = store.records[id], kept.path == record.path else { return nil }
        return store
    }
}

extension RecordStore {
    /// The records one record's view needs, found through the `.docket/` index: read in place
    /// when every file is as it holds them, else brought up to date first (`RecordIndex.refresh`).
    /// Returns nil when there is no usable index, it has no record `id`, or a file changed
    /// between the check and its parse: the caller then reads the tree without the index.
    static func loadIndexed(root: String, procedures: ProcedureSet, around id: String) -> RecordStore? {
        switch RecordIndex.inPlace(root: root, procedures: procedures) {
        case .none:
            return nil
        case .stale(let walk):
            return RecordIndex.refresh(root: root, procedures: procedures, use: .existing, walked: walk)
                .flatMap { load(root: root, procedures: procedures, around: id, index: $0) }
        case .fresh(let bytes, let slots, let scan):
            guard let own = slots.firstIndex(where: { $0.id.map { IndexFile.equal($0, in: bytes, id) } ?? false }) else { return nil }
            var wanted = Set([id])
            for link in IndexFile.links(slots[own], in: bytes) { wanted.insert(link.target) }
            // Sources count only when they win their id: a later duplicate's links are not the store's.
            for slot in slots where IndexFile.links(slot, in: bytes, to: id) {
                if let source = slot.id { wanted.insert(IndexFile.text(source, in: bytes)) }
            }
            // Ids by their lengths first: most entries are told apart without making their id's String.
            let lengths = Set(wanted.map(\.utf8.count))
            var winners: [String: Int] = [:]
            for (position, slot) in slots.enumerated() {
                guard let range = slot.id, lengths.contains(range.count) else { continue }
                let other = IndexFile.text(range, in: bytes)
                guard wanted.contains(other), winners[other] == nil else { continue }
                winners[other] = position
            }
            return load(root: root, procedures: procedures, around: id, own: own, chosen: winners, scan: scan)
        }
    }

    /// The records one record's view needs, found through a fresh `.docket/` index: the record
    /// `id`, the records it links to and those that link to it — each the winner of its id
    /// (the first file by path), as `load` keeps it — read and parsed, and no other file.
    /// Returns nil when the index has no record `id`, or a file changed between the index's
    /// check and its parse: the caller then reads the tree without the index.
    static func load(root: String, procedures: ProcedureSet, around id: String, index: RecordIndex) -> RecordStore? {
        let entries = index.entries
        guard let own = entries.firstIndex(where: { $0.id == id }) else { return nil }
        var wanted = Set([id])
        for link in entries[own].links { wanted.insert(link.target) }
        // Sources count only when they win their id: a later duplicate's links are not the store's.
        var sources = Set<String>()
        for entry in entries where entry.links.contains(where: { $0.target == id }) {
            if let source = entry.id { sources.insert(source) }
        }
        wanted.formUnion(sources)
        var winners: [String: Int] = [:]
        for (position, entry) in entries.enumerated() {
            guard let other = entry.id, wanted.contains(other), winners[other] == nil else { continue }
            winners[other] = position
        }
        return load(root: root, procedures: procedures, around: id, own: own, chosen: winners, scan: index.scan)
    }

    /// Parses the files the index chose (id → position in `scan.files`, each the winner of its
    /// id) and makes the store of them; nil when a file no longer holds the id the index said,
    /// or the record `id` is not the one at `own`.
    private static func load(root: String, procedures: ProcedureSet, around id: String, own: Int,
                             chosen: [String: Int], scan: RepositoryIndex) -> RecordStore? {
        let positions = chosen.values.sorted()
        var idAt: [Int: String] = [:]
        for (other, position) in chosen { idAt[position] = other }
        let files = scan.files
        let loader = RecordLoader(root: root, procedures: procedures)
        let parsed = parallelMap(positions.count) { slot -> Record? in
            let file = files[positions[slot]]
            guard let procedure = file.kind.flatMap({ procedures.procedure(kind: $0) }) else { return nil }
            var sink = DiagnosticSink(path: file.path)
            return loader.record(file, procedure: procedure, sink: &sink)
        }
        for (slot, record) in parsed.enumerated() {
            let file = files[positions[slot]]
            guard let record, (record.id ?? file.stem) == idAt[positions[slot]] else { return nil }
        }
        let store = assemble(root: root, procedures: procedures,
                             read: positions.enumerated().map { (files[$0.element], parsed[$0.offset]) }, unreadable: scan.unreadable)
        guard let kept = store.records[id], kept.path == files[own].path else { return nil }
        return store
    }
}
