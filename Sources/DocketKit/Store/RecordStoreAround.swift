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
        let loader = RecordLoader(root: root, procedures: procedures)
        @Sendable func parse(_ file: TicketFile, _ bytes: [UInt8]) -> Record? {
            guard let kind = file.kind, let procedure = procedures.procedure(kind: kind) else { return nil }
            var sink = DiagnosticSink(path: file.path)
            return loader.reader.read(path: file.path, bytes: bytes, procedure: procedure, sink: &sink)
        }
        /// The ids a record's view looks for: its own and those it links to.
        func wanted(by record: Record) -> Set<String> {
            var wanted = Set([id])
            for (_, reference) in record.references { wanted.insert(reference.id) }
            return wanted
        }
        /// The file `file` parsed when it holds one of `ids` (or is named by one); nil for the others.
        @Sendable func parse(_ file: TicketFile, holding ids: Set<String>, _ needles: NeedleSearch) -> Record?? {
            guard file.kind != nil else { return nil }
            let named = ids.contains(file.stem)
            // The bytes are searched where they were read; only a file that holds an id is copied out.
            let read = loader.withBytes(of: file) { bytes -> [UInt8]? in
                guard named || bytes.occurs(UInt8(ascii: "\\")) || needles.occurs(in: bytes) else { return nil }
                return [UInt8](bytes)
            }
            if read.refusal != nil { return named ? .some(nil) : nil }
            guard let bytes = read.value ?? nil else { return nil }
            return .some(parse(file, bytes))
        }

        let index: RepositoryIndex
        var parsed: [Int: Record?] = [:]
        /// The record's own, and the ids its view looks for, once read.
        var own: (record: Record, wanted: Set<String>)?
        // The record's own file where its name puts it, read before the walk: its links say which
        // ids to look for, so each file is searched as soon as the walk lists it. The walk then
        // has to agree (the id's only file, at that path); else the files are read after it.
        if let guess = ownFile(root: root, procedures: procedures, id: id), case .bytes(let ownBytes) = loader.bytes(of: guess),
           let record = parse(guess, ownBytes), record.id == id {
            let ids = wanted(by: record)
            let needles = NeedleSearch(ids.sorted().map { Array($0.utf8) })
            let scanned = ScannedIndex()
            let found = parallelStream({ emit in
                scanned.index = RepositoryScanner.scan(root: root, procedures: procedures, only: nil, onFile: emit)
            }, { file in parse(file, holding: ids, needles) })
            index = scanned.index!
            Phases.mark("walk and search")
            ExitTeardown.keep(index)
            guard let named = index.byID[id], named.count == 1 else { return nil }
            if index.files[named[0]].path == guess.path {
                own = (record, ids)
                for (position, record) in found.enumerated() { if let record { parsed[position] = record } }
            }
        } else {
            index = RepositoryScanner.scan(root: root, procedures: procedures)
            Phases.mark("walk")
            // The walk's 10^5 files are not torn down one by one before the process exits.
            ExitTeardown.keep(index)
        }
        let files = index.files

        /// Files (by position) holding one of `ids` (or named by one), parsed; nil for the others.
        func read(holding ids: Set<String>, skipping done: [Int: Record?]) -> [Int: Record?] {
            let needles = NeedleSearch(ids.sorted().map { Array($0.utf8) })
            let found = parallelMap(files.count) { position -> Record?? in
                done[position] == nil ? parse(files[position], holding: ids, needles) : nil
            }
            var result: [Int: Record?] = [:]
            for (position, record) in found.enumerated() { if let record { result[position] = record } }
            return result
        }
        if own == nil {
            // The record's own file first: its links say which other ids to look for.
            guard let named = index.byID[id], named.count == 1, case .bytes(let ownBytes) = loader.bytes(of: files[named[0]]),
                  let record = parse(files[named[0]], ownBytes), record.id == id else { return nil }
            own = (record, wanted(by: record))
            parsed = read(holding: own!.wanted, skipping: [:])
        }
        guard let (record, wanted) = own else { return nil }
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
    /// The file named by `id` in its kind's folder or one folder below it (`tickets/incidents/2026/
    /// INC-2026-0001.md`), found without the walk; nil when there is none, or the way to it
    /// passes a symbolic link (the walk decides about those).
    static func ownFile(root: String, procedures: ProcedureSet, id: String) -> TicketFile? {
        guard FileSystem.kind(root + "/tickets") == .directory else { return nil }
        for procedure in procedures.procedures where procedure.idPattern.matches(id) {
            let folder = "tickets/" + procedure.folder
            guard FileSystem.kind(root + "/" + folder) == .directory else { continue }
            var places = [folder]
            for entry in FileSystem.list(root + "/" + folder) where entry.kind == .directory && !entry.name.hasPrefix(".") {
                places.append(folder + "/" + entry.name)
            }
            for place in places {
                let path = place + "/" + id + ".md"
                if FileSystem.kind(root + "/" + path) == .file {
                    return TicketFile(path: path, root: root, kind: procedure.kind, stem: id)
                }
            }
        }
        return nil
    }

    /// The records one record's view needs, found through the `.docket/` index: read in place
    /// when every file is as it holds them, else brought up to date first (`RecordIndex.refresh`).
    /// Returns nil when there is no usable index, it has no record `id`, or a file changed
    /// between the check and its parse: the caller then reads the tree without the index.
    static func loadIndexed(root: String, procedures: ProcedureSet, around id: String) -> RecordStore? {
        // Every folder and file as the index's quick section holds them: only the view's files are read.
        let quick = QuickIndex.check(root: root, procedures: procedures, around: id)
        if case .found(let found) = quick {
            Phases.mark("quick check")
            let scan = RepositoryIndex(root: root, files: found.files, byID: [:], diagnostics: [], unreadable: [])
            if let store = load(root: root, procedures: procedures, around: id, own: found.own, chosen: found.chosen, scan: scan) { return store }
        }
        switch RecordIndex.inPlace(root: root, procedures: procedures) {
        case .none:
            return nil
        case .stale(let walk):
            return RecordIndex.refresh(root: root, procedures: procedures, use: .existing, walked: walk)
                .flatMap { load(root: root, procedures: procedures, around: id, index: $0) }
        case .fresh(let bytes, let slots, let scan):
            // The walk's 10^5 files and the slots are not torn down one by one before the process exits.
            ExitTeardown.keep((scan, slots))
            // An index written while a folder was racy (just changed) is written again once it is not,
            // with the quick section in full, so that the next `show` needs no walk (the answer is the same).
            // So is one whose folder stamps no longer match while every file does (a file added and
            // removed again, a folder's permissions changed).
            // Not where the index cannot be written (a read-only checkout): each `show` would walk again.
            if case .unusable = quick, QuickIndex.complete(scan, started: RecordIndex.clock()),
               RecordIndex.writable(root: root) {
                _ = RecordIndex.refresh(root: root, procedures: procedures, use: .existing, rewrite: true)
                Phases.mark("index rewritten with every folder's stamp")
            }
            guard let (own, chosen) = choose(around: id, in: InPlaceIndexRecords(bytes: bytes, slots: slots)) else { return nil }
            return load(root: root, procedures: procedures, around: id, own: own, chosen: chosen, scan: scan)
        }
    }

    /// The records one record's view needs, found through a fresh `.docket/` index: the record
    /// `id`, the records it links to and those that link to it — each the winner of its id
    /// (the first file by path), as `load` keeps it — read and parsed, and no other file.
    /// Returns nil when the index has no record `id`, or a file changed between the index's
    /// check and its parse: the caller then reads the tree without the index.
    static func load(root: String, procedures: ProcedureSet, around id: String, index: RecordIndex) -> RecordStore? {
        ExitTeardown.keep(index)
        guard let (own, chosen) = choose(around: id, in: DecodedIndexRecords(entries: index.entries)) else { return nil }
        return load(root: root, procedures: procedures, around: id, own: own, chosen: chosen, scan: index.scan)
    }

    /// Which entries of a fresh index one record's view needs: `own`, the first entry with
    /// the id `id`, and `chosen`, by id, the winner (the first entry by path) of `id`, of each
    /// id its record links to and of each id whose record links to it. Nil when no entry has `id`.
    /// One routine over either form of the index: its bytes read in place or its decoded entries.
    static func choose<Records: IndexedRecords>(around id: String, in records: Records) -> (own: Int, chosen: [String: Int])? {
        guard let own = (0..<records.count).first(where: { records.has(id, at: $0) }) else { return nil }
        var wanted = Set([id])
        for target in records.targets(at: own) { wanted.insert(target) }
        // Sources count only when they win their id: a later duplicate's links are not the store's.
        for position in 0..<records.count where records.links(at: position, to: id) {
            if let source = records.id(at: position) { wanted.insert(source) }
        }
        // Ids by their lengths first: most entries are told apart without making their id's String.
        let lengths = Set(wanted.map(\.utf8.count))
        var winners: [String: Int] = [:]
        for position in 0..<records.count {
            guard let length = records.idLength(at: position), lengths.contains(length),
                  let other = records.id(at: position), wanted.contains(other), winners[other] == nil else { continue }
            winners[other] = position
        }
        return (own, winners)
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

/// The entries of a fresh `.docket/` index as `RecordStore.choose` reads them, by position in
/// the walk: in place over the index bytes (`show` with every file unchanged) or decoded.
protocol IndexedRecords {
    var count: Int { get }
    /// True when the entry at `position` is a record with the id `id`.
    func has(_ id: String, at position: Int) -> Bool
    /// The UTF-8 length of the entry's id; nil for a file that could not be read as a record.
    func idLength(at position: Int) -> Int?
    /// The entry's id; nil for a file that could not be read as a record.
    func id(at position: Int) -> String?
    /// Where the entry's links lead, in front-matter order.
    func targets(at position: Int) -> [String]
    /// True when some link of the entry leads to `id`.
    func links(at position: Int, to id: String) -> Bool
}

/// The index bytes read in place: nothing is decoded but what `choose` asks for.
struct InPlaceIndexRecords: IndexedRecords {
    let bytes: [UInt8]
    let slots: [IndexFile.Slot]
    var count: Int { slots.count }
    func has(_ id: String, at position: Int) -> Bool { slots[position].id.map { IndexFile.equal($0, in: bytes, id) } ?? false }
    func idLength(at position: Int) -> Int? { slots[position].id?.count }
    func id(at position: Int) -> String? { slots[position].id.map { IndexFile.text($0, in: bytes) } }
    func targets(at position: Int) -> [String] { IndexFile.links(slots[position], in: bytes).map(\.target) }
    func links(at position: Int, to id: String) -> Bool { IndexFile.links(slots[position], in: bytes, to: id) }
}

/// The entries of an index brought up to date (`RecordIndex.refresh`).
struct DecodedIndexRecords: IndexedRecords {
    let entries: [RecordIndex.Entry]
    var count: Int { entries.count }
    func has(_ id: String, at position: Int) -> Bool { entries[position].id == id }
    func idLength(at position: Int) -> Int? { entries[position].id?.utf8.count }
    func id(at position: Int) -> String? { entries[position].id }
    func targets(at position: Int) -> [String] { entries[position].links.map(\.target) }
    func links(at position: Int, to id: String) -> Bool { entries[position].links.contains { $0.target == id } }
}
