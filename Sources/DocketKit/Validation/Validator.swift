import Foundation

/// What one checked file leaves for the cross-record pass: one is kept per record until the
/// pass ends, so its fields are laid out to fill no padding (a million records: 24 MB less than
/// with the kind and severities stored beside the procedure and the flag amid the fields).
struct RecordSummary: Sendable {
    var path: String
    /// The record's procedure: its kind and its severities.
    var procedure: Procedure
    var id: String
    var idPosition: SourcePosition
    /// Forward links: field, target, the kind the field expects (nil: any).
    var links: [(field: String, reference: Reference, expectedKind: String?)]
    var pendingLinks: [ConstraintEvaluator.PendingLink]
    /// The opening timestamp, to tell which of two records sharing an id came later.
    var opened: Int64?
    /// The file's name is its id: the record sits where its id says.
    var namedByID: Bool

    var kind: String { procedure.kind }
    var severities: RuleSeverities { procedure.severities }
}

/// The summaries of the outcomes the workers left, in order, read where they lie.
struct SummaryView: RandomAccessCollection, Sendable {
    private let batches: [[RecordChecker.Outcome]]
    /// Where each summary lies: its batch and its place in the batch.
    private let slots: [(batch: Int32, offset: Int32)]
    /// The positions of the summaries whose id differs from their file name (few).
    let renamed: [Int]
    /// The positions of the summaries with link demands (few): the cross-record pass looks at
    /// these, not at every summary, to find what is demanded.
    let demanding: [Int]

    init(_ batches: [[RecordChecker.Outcome]]) {
        self.batches = batches
        var slots: [(batch: Int32, offset: Int32)] = []
        var renamed: [Int] = [], demanding: [Int] = []
        slots.reserveCapacity(batches.reduce(0) { $0 + $1.count })
        // Read in place: no outcome is copied (a copy retains its strings and arrays).
        for batch in batches.indices {
            for offset in batches[batch].indices {
                guard let namedByID = batches[batch][offset].summary?.namedByID else { continue }
                if !namedByID { renamed.append(slots.count) }
                if batches[batch][offset].summary?.pendingLinks.isEmpty == false { demanding.append(slots.count) }
                slots.append((Int32(batch), Int32(offset)))
            }
        }
        self.slots = slots
        self.renamed = renamed
        self.demanding = demanding
    }

    var startIndex: Int { 0 }
    var endIndex: Int { slots.count }
    /// Read in place (a borrow, not a copy of the summary's strings and arrays per access).
    subscript(position: Int) -> RecordSummary {
        _read {
            let slot = slots[position]
            yield batches[Int(slot.batch)][Int(slot.offset)].summary!
        }
    }
}

/// The index a walk on its own thread leaves behind (`parallelStream`'s producer): for the
/// validation, and for `show`'s search while the walk lists files (`RecordStore.load(around:)`).
/// `@unchecked Sendable`: written once by the walk before it finishes its feed, read after the feed is drained.
final class ScannedIndex: @unchecked Sendable {
    var index: RepositoryIndex?
}

/// The outcome of `Validator.validate`.
public struct ValidationResult: Sendable {
    /// Sorted by path, line, column.
    public var diagnostics: [Diagnostic]
    /// Number of record files checked.
    public var filesChecked: Int
    /// The paths of the record files checked, sorted (relative to the root).
    public var files: [String] = []
    /// `N findings hidden by baseline FILE` when a baseline applied, for the summary.
    public var baselineSummary: String? = nil
    /// The repository root the paths are relative to, when a reporter may read a finding's
    /// line (SARIF counts columns in UTF-16 code units); nil: columns stay UTF-8 byte columns.
    public var root: String? = nil

    public var errorCount: Int { count(of: .error) }
    public var warningCount: Int { count(of: .warning) }

    /// Counted in place: no array of the findings is copied to count them.
    private func count(of severity: Severity) -> Int {
        var found = 0
        for diagnostic in diagnostics where diagnostic.severity == severity { found += 1 }
        return found
    }
}

/// Validates the records of a repository against its procedures.
///
/// Files are read and checked in parallel, each on its own; then one pass over
/// compact summaries checks what needs the whole repository (duplicate ids,
/// links, link demands written on either side).
public struct Validator: Sendable {
    public let root: String
    public let procedures: ProcedureSet
    public var now: Int64?

    public init(root: String, procedures: ProcedureSet, now: Int64? = nil) {
        self.root = root
        self.procedures = procedures
        self.now = now
    }

    /// Validates every record, or only the files at `paths` (relative to the root);
    /// links are resolved against the whole repository either way.
    public func validate(paths: [String]? = nil) -> ValidationResult {
        let checker = RecordChecker(procedures: procedures, now: now)
        let loader = RecordLoader(root: root, procedures: procedures)
        let index: RepositoryIndex
        // The outcomes stay in the batches the workers made; the summaries are read there in
        // place (a million of them are not copied into an array of their own, which raised the
        // peak by an eighth).
        let batches: [[RecordChecker.Outcome]]
        if let paths {
            var scanned = RepositoryScanner.scan(root: root, procedures: procedures, only: paths)
            scanned.resolver = LazyResolver(root: root, procedures: procedures)
            index = scanned
            Phases.mark("walk")
            let files = index.files
            batches = [parallelMap(files.count) { checker.checkSorted(files[$0], loader: loader) }]
        } else {
            // The workers check files while the walk still lists them.
            let scanned = ScannedIndex()
            let (root, procedures) = (self.root, self.procedures)
            batches = parallelStreamBatches({ emit in
                scanned.index = RepositoryScanner.scan(root: root, procedures: procedures, only: nil, onFile: emit)
            }, { file in checker.checkSorted(file, loader: loader) })
            index = scanned.index!
        }
        Phases.mark("walk and check")
        // Each file's findings come sorted from its worker and the files in walk order:
        // joined, they are in order unless a folder's name sorts apart from its path.
        var perFile: [Diagnostic] = []
        perFile.reserveCapacity(batches.reduce(0) { total, batch in batch.reduce(total) { $0 + $1.diagnostics.count } })
        for batch in batches { for outcome in batch where !outcome.diagnostics.isEmpty { perFile += outcome.diagnostics } }
        let summaries = SummaryView(batches)
        let files = index.files
        Phases.mark("join")
        var others = index.diagnostics
        others += crossRecord(summaries, index: index, complete: paths == nil, checker: checker, loader: loader)
        Phases.mark("cross-record")
        if !perFile.isSorted { perFile.sort() }
        others.sort()
        let diagnostics = IDDuplicateRule.foldingFileNameReports(perFile.mergedSorted(with: others))
        Phases.mark("sort")
        // Alive until here anyway (the peak is in the checks, where results are moved into order).
        ExitTeardown.keep((index, batches))
        return ValidationResult(diagnostics: diagnostics, filesChecked: files.count, files: files.map(\.path))
    }

    func crossRecord(_ summaries: SummaryView, index: RepositoryIndex, complete: Bool, checker: RecordChecker, loader: RecordLoader) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func report(_ summary: RecordSummary, _ rule: RuleID, _ position: SourcePosition, _ message: String) {
            diagnostics += DiagnosticSink.finding(rule, path: summary.path, at: position, severities: summary.severities, message)
        }

        // Duplicate ids (by front-matter id over everything read, and by file name
        // over the index) and links, per record: independent, so in parallel.
        // In a full run every file was read: ids that differ from their file names (few) are
        // kept by id, and every other record's id is its file name, which the index already
        // maps. After a partial scan (named files, an edit judged before it is written) the
        // summaries are few: their paths by id.
        let renamed: [String: [String]] = {
            var paths: [String: [String]] = [:]
            for position in complete ? summaries.renamed : Array(summaries.indices) {
                paths[summaries[position].id, default: []].append(summaries[position].path)
            }
            return paths
        }()
        // Summaries by path, to find the others of a duplicate in one step; made only when
        // an id or a file name is shared or an id differs from its file name.
        let sharesNames = !complete || !renamed.isEmpty || index.byID.count < index.files.count
        let summaryByPath: [String: Int] = sharesNames ? Dictionary(summaries.indices.map { (summaries[$0].path, $0) }, uniquingKeysWith: { first, _ in first }) : [:]
        /// The paths of the records read whose id is `id`.
        @Sendable func paths(withID id: String) -> [String] {
            var paths = renamed[id] ?? []
            guard complete else { return paths }
            for file in index.byID[id] ?? [] {
                let path = index.files[file].path
                if let position = summaryByPath[path], summaries[position].namedByID { paths.append(path) }
            }
            return paths
        }
        let allIDs = LazyIDs(index)
        let procedures = self.procedures
        let perRecord = parallelMap(summaries.count) { position -> [Diagnostic] in
            let summary = summaries[position]
            var sink = DiagnosticSink(path: summary.path, severities: summary.severities)
            // The common case, told without copying: this record alone carries its id, in a
            // file named for it (in a full run without shared names, every record, told without
            // looking the id up).
            let named = complete && !sharesNames ? [] : index.byID[summary.id] ?? []
            let alone = complete && (!sharesNames || (paths(withID: summary.id).count == 1 && (named.isEmpty || (named.count == 1 && index.files[named[0]].path == summary.path))))
            if !alone {
                var sameFileName = named.map { index.files[$0] }
                // Only some files were scanned: look for files named by the id where the id's kind keeps them.
                if !complete, let resolver = index.resolver {
                    for file in resolver.files(namedBy: summary.id) where !sameFileName.contains(where: { $0.path == file.path }) { sameFileName.append(file) }
                }
                var others = Set(paths(withID: summary.id))
                for file in sameFileName { others.insert(file.path) }
                others.remove(summary.path)
                if !others.isEmpty {
                    // The others' summaries; a file named by the id but not read (named-file mode) is read now.
                    let otherSummaries = others.sorted().compactMap { path -> RecordSummary? in
                        if let read = summaryByPath[path] { return summaries[read] }
                        guard let file = sameFileName.first(where: { $0.path == path }), case .bytes(let bytes) = loader.bytes(of: file) else { return nil }
                        return checker.check(file, bytes: bytes).summary
                    }
                    if let message = IDDuplicateRule.message(for: summary, others: otherSummaries, otherPaths: others.sorted()) {
                        sink.report(.idDuplicate, at: summary.idPosition, message)
                    }
                }
            }
            for link in summary.links {
                guard let actual = index.kind(of: link.reference.id) else {
                    var message = LinkMissingRule.message(field: link.field, id: link.reference.id)
                    // A field of any kind: the kind whose ids start like the one written (PRB-…).
                    let expected = link.expectedKind ?? procedures.procedures.first { procedure in
                        let prefix = procedure.idPattern.description.prefix { $0 != "{" }
                        return !prefix.isEmpty && link.reference.id.hasPrefix(prefix)
                    }?.kind
                    if let expected, let procedure = procedures.procedure(kind: expected) {
                        // With named files the index holds only those: the kind's folder is listed (only for a missing link).
                        let ids = complete ? allIDs.ids : index.files(ofKind: expected).map(\.stem)
                        if let near = Suggestion.nearestID(to: link.reference.id, in: ids, where: procedure.idPattern.matches) {
                            message += "; did you mean \(near)?"
                        }
                    }
                    sink.report(.linkMissing, at: link.reference.position, message)
                    continue
                }
                if let expected = link.expectedKind, actual != expected {
                    sink.report(.linkKind, at: link.reference.position, LinkKindRule.message(field: link.field, id: link.reference.id, expected: expected, actual: actual))
                }
            }
            return sink.diagnostics
        }
        for found in perRecord where !found.isEmpty { diagnostics += found }

        // Link demands, satisfied by a link on either side.
        var demanded: Set<String> = []
        for position in summaries.demanding { for demand in summaries[position].pendingLinks { demanded.insert(demand.kind) } }
        guard !demanded.isEmpty else { return diagnostics }
        var incoming: [String: Set<String>] = [:]   // target id → kinds linking to it
        func addIncoming(_ summary: RecordSummary) {
            for (_, reference, _) in summary.links { incoming[reference.id, default: []].insert(summary.kind) }
        }
        for summary in summaries where demanded.contains(summary.kind) { addIncoming(summary) }
        if !complete {
            // Only some files were read: read the files of the demanded kinds that mention a demanding id.
            let ids = NeedleSearch(summaries.demanding.map { Array(summaries[$0].id.utf8) })
            let read = Set(summaries.map(\.path))
            let candidates = demanded.sorted().flatMap { index.files(ofKind: $0) }.filter { !read.contains($0.path) }
            let extra = parallelMap(candidates.count) { position -> RecordSummary? in
                let file = candidates[position]
                guard case .bytes(let bytes) = loader.bytes(of: file), ids.occurs(in: bytes) else { return nil }
                return checker.check(file, bytes: bytes).summary
            }
            for summary in extra.compactMap({ $0 }) { addIncoming(summary) }
        }
        for position in summaries.demanding {
            let summary = summaries[position]
            for demand in summary.pendingLinks {
                let forward = summary.links.contains { index.kind(of: $0.reference.id) == demand.kind }
                let backward = incoming[summary.id]?.contains(demand.kind) ?? false
                if !forward && !backward {
                    report(summary, demand.rule, demand.position, "\(demand.message): expected a link to a record of kind \(demand.kind) on either side, found none")
                }
            }
        }
        return diagnostics
    }
}

/// Every id of the index as one array, made on first use and then shared: a missing link's
/// suggestion searches them, and a million records must not be copied per missing link.
/// `@unchecked Sendable`: `made` is read and written with `lock` held.
private final class LazyIDs: @unchecked Sendable {
    private let index: RepositoryIndex
    private let lock = NSLock()
    private var made: [String]?

    init(_ index: RepositoryIndex) { self.index = index }

    var ids: [String] {
        lock.withLock {
            if let made { return made }
            let ids = Array(index.byID.keys)
            made = ids
            return ids
        }
    }
}

extension Array where Element == Diagnostic {
    /// True when every finding is in order (`<`) after the one before it or equal to it.
    var isSorted: Bool {
        var index = 1
        while index < count {
            if self[index] < self[index - 1] { return false }
            index += 1
        }
        return true
    }

    /// Both sorted arrays as one sorted array, in one pass.
    func mergedSorted(with other: [Diagnostic]) -> [Diagnostic] {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var merged: [Diagnostic] = []
        merged.reserveCapacity(count + other.count)
        var left = 0, right = 0
        while left < count && right < other.count {
            if other[right] < self[left] { merged.append(other[right]); right += 1 } else { merged.append(self[left]); left += 1 }
        }
        merged += self[left...]
        merged += other[right...]
        return merged
    }
}

extension String {
    /// True when this path equals one of `paths` or lies in one of them as a folder.
    func isWithin(_ paths: Set<String>) -> Bool {
        if paths.contains(self) { return true }
        var prefix = Substring(self)
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            if paths.contains(String(prefix)) { return true }
        }
        return false
    }
}
