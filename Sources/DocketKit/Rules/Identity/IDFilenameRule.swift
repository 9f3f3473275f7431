/// `id-filename`: the file name is the id plus `.md`, in the year folder of the opening timestamp.
struct IDFilenameRule: RecordRule {
    static let description = RuleDescription(
        id: .idFilename, severity: .error, group: "identity",
        summary: "the file name must be the record's id, in the year folder of its opening",
        description: """
        A record lives at `tickets/<folder>/<year>/<id>.md` (kinds without year folders: \
        `tickets/<folder>/<id>.md`). The `id` in the front matter must equal the file name, and the \
        year folder must be the year of the opening timestamp (`reported_at` for incidents), read in \
        the repository's time zone. Rename or move the file, or correct the id.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "⚑id: INC-2026-9002"))),
            .failing("tickets/incidents/2025/INC-2026-9001.md", Fixture.edit(Fixture.newIncident, ("reported_at: 2026-11-03 09:12", "⚑reported_at: 2026-11-03 09:12"))),
            // Kinds without year folders live directly in their folder.
            .passing("tickets/knowledge/KB-9001.md", knowledge),
            .failing("tickets/knowledge/2026/KB-9001.md", Fixture.edit(knowledge, ("id: KB-9001", "⚑id: KB-9001"))),
        ])

    static let knowledge = """
    ---
    id: KB-9001
    title: 打印机脱机处理
    status: draft
    created_at: 2026-11-03 10:00
    author: lisi
    ---
    ## 现象
    打印机脱机。

    """

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        // The path's bytes read in place (no array), compared as bytes: this runs for every record.
        var path = record.path
        path.withUTF8 { check(record, procedure, context, &sink, path: $0) }
    }

    private static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink,
                              path bytes: UnsafeBufferPointer<UInt8>) {
        let parts = PathParts(bytes)
        guard let last = parts.last else { return }
        let markdown = last.count >= 3 && bytes[last.upperBound - 3] == UInt8(ascii: ".")
            && bytes[last.upperBound - 2] == UInt8(ascii: "m") && bytes[last.upperBound - 1] == UInt8(ascii: "d")
        let stemRange = last.lowerBound..<(markdown ? last.upperBound - 3 : last.upperBound)
        let fields = record.fields
        // `id` looked up once: its value and where it starts.
        let plan = context.plan(for: procedure)
        let idEntry = plan.entry("id", field: plan.idField, in: record)
        let idStart = idEntry.map { fields.valueRange(at: $0).start }
        // Equal bytes are equal text; other bytes may still be the same text (String compares canonically).
        if let idStart, let idEntry, case .text(let id)? = fields.value(at: idEntry),
           !FieldSlotDecoder.same(id, UnsafeBufferPointer(rebasing: bytes[stemRange])),
           case let stem = String(decoding: bytes[stemRange], as: UTF8.self), id != stem {
            let fileName = String(decoding: bytes[last], as: UTF8.self)
            sink.report(.idFilename, at: idStart, "expected id \"\(stem)\" to match the file name \(fileName), found \"\(id)\"")
        }
        // The year of the opening timestamp, in the repository's time zone (its text made only for a finding).
        var opening: (key: String, valueStart: SourcePosition, seconds: Int64, year: Int)?
        if procedure.yearFolders, let opened = procedure.openedField, let entry = plan.entry(opened, field: plan.openedField, in: record),
           case .datetime(let seconds)? = fields.value(at: entry) {
            opening = (opened, fields.valueRange(at: entry).start, seconds, context.dates.localDate(of: seconds).year)
        }
        // tickets/<folder>/<id>.md, or tickets/<folder>/<year>/<id>.md: no other folders in between.
        if parts.count != (procedure.yearFolders ? 4 : 3), let first = parts.first,
           FieldSlotDecoder.same("tickets", UnsafeBufferPointer(rebasing: bytes[first])) {
            let components = bytes.split(separator: UInt8(ascii: "/"))
            let expected = "tickets/\(procedure.folder)/" + (procedure.yearFolders ? (opening.map { String($0.year) } ?? "<year>") + "/" : "")
            let found = components.dropLast().map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/") + "/"
            // A missing year folder is named from the opening timestamp: point there, as for a wrong year.
            let missingYear = procedure.yearFolders && components.count == 3
            let at = (missingYear ? opening?.valueStart : nil) ?? idStart ?? record.start
            sink.report(.idFilename, at: at, "expected the file in \(expected), found it in \(found)")
            return
        }
        guard let opening, let folder = parts.beforeLast else { return }
        let folderBytes = bytes[folder]
        if !isDecimal(folderBytes, opening.year) {
            let folder = String(decoding: folderBytes, as: UTF8.self)
            let local = context.dates.localText(opening.seconds)
            sink.report(.idFilename, at: opening.valueStart, "expected the file in the year folder \(opening.year) of \(opening.key) (\(local)), found it in \"\(folder)\"")
        }
    }

    /// True when `bytes` are the decimal text of `value` (`String(value)`), compared digit by digit.
    static func isDecimal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ value: Int) -> Bool {
        var rest = value.magnitude
        var index = bytes.endIndex
        repeat {
            index -= 1
            guard index >= bytes.startIndex, bytes[index] == UInt8(ascii: "0") + UInt8(rest % 10) else { return false }
            rest /= 10
        } while rest > 0
        if value < 0 {
            index -= 1
            guard index >= bytes.startIndex, bytes[index] == UInt8(ascii: "-") else { return false }
        }
        return index == bytes.startIndex
    }
}

/// The `/`-separated parts of a path as `split` gives them (empty parts left out), found in one
/// pass without copying: how many, and the byte ranges of the first, the next to last and the last.
struct PathParts {
    var count = 0
    var first: Range<Int>?
    var beforeLast: Range<Int>?
    var last: Range<Int>?

    init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { PathParts($0) }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start {
                count += 1
                if first == nil { first = start..<index }
                beforeLast = last
                last = start..<index
            }
            start = index + 1
        }
    }
}
