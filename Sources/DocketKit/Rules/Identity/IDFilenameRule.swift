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
        // One pass over the path's bytes, no substrings: this runs for every record.
        let bytes = Array(record.path.utf8)
        let parts = PathParts(bytes)
        guard let last = parts.last else { return }
        let markdown = last.count >= 3 && bytes[(last.upperBound - 3)..<last.upperBound].elementsEqual(".md".utf8)
        let stemRange = last.lowerBound..<(markdown ? last.upperBound - 3 : last.upperBound)
        // Equal bytes are equal text; other bytes may still be the same text (String compares canonically).
        if let at = record.valueStart(of: "id"), let id = record.id, !id.utf8.elementsEqual(bytes[stemRange]),
           case let stem = String(decoding: bytes[stemRange], as: UTF8.self), id != stem {
            let fileName = String(decoding: bytes[last], as: UTF8.self)
            sink.report(.idFilename, at: at, "expected id \"\(stem)\" to match the file name \(fileName), found \"\(id)\"")
        }
        // The year of the opening timestamp, in the repository's time zone.
        var year: String?
        var opening: (key: String, valueStart: SourcePosition, seconds: Int64)?
        if procedure.yearFolders, let opened = procedure.openedField, let valueStart = record.valueStart(of: opened), let seconds = record.datetime(opened) {
            year = String(context.dates.localDate(of: seconds).year)
            opening = (opened, valueStart, seconds)
        }
        // tickets/<folder>/<id>.md, or tickets/<folder>/<year>/<id>.md: no other folders in between.
        if parts.count != (procedure.yearFolders ? 4 : 3), let first = parts.first, bytes[first].elementsEqual("tickets".utf8) {
            let components = bytes.split(separator: UInt8(ascii: "/"))
            let expected = "tickets/\(procedure.folder)/" + (procedure.yearFolders ? (year ?? "<year>") + "/" : "")
            let found = components.dropLast().map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/") + "/"
            // A missing year folder is named from the opening timestamp: point there, as for a wrong year.
            let missingYear = procedure.yearFolders && components.count == 3
            let at = (missingYear ? opening?.valueStart : nil) ?? record.valueStart(of: "id") ?? record.start
            sink.report(.idFilename, at: at, "expected the file in \(expected), found it in \(found)")
            return
        }
        guard let year, let opening, let folder = parts.beforeLast else { return }
        let folderBytes = bytes[folder]
        if !folderBytes.elementsEqual(year.utf8) {
            let folder = String(decoding: folderBytes, as: UTF8.self)
            let local = context.dates.localText(opening.seconds)
            sink.report(.idFilename, at: opening.valueStart, "expected the file in the year folder \(year) of \(opening.key) (\(local)), found it in \"\(folder)\"")
        }
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
