/// Turns a ticket file's bytes into a `Record`, reporting the file, syntax and
/// field rules on the way. Returns nil when the file cannot be read as a record
/// at all (its diagnostic explains why).
struct RecordReader: Sendable {
    let procedures: ProcedureSet
    let dates: DateTimeParser

    init(procedures: ProcedureSet) {
        self.procedures = procedures
        self.dates = DateTimeParser(timeZone: procedures.settings.timeZone)
    }

    /// - Parameters:
    ///   - body: false for a verb that uses only the front matter: the record gets no sections
    ///     and no work log, and the body's diagnostics (`worklog-format`, …) are not looked for.
    ///   - fastPath: decode the front matter with `FieldSlotDecoder` where it can
    ///     (false: always through the general YAML tree, for the differential test).
    ///   - selection: the fields the caller reads (nil: all); the fast path builds only
    ///     their values, the general path builds all (see `FieldSelection`).
    func read(path: String, bytes: [UInt8], procedure: Procedure, sink: inout DiagnosticSink, body: Bool = true, fastPath: Bool = true,
              selection: FieldSelection? = nil) -> Record? {
        if bytes.count > procedures.settings.maxFileSize {
            // Bytes from git (history) arrive already read; files on disk are refused before reading.
            FileRefusal.tooLarge(size: bytes.count, limit: procedures.settings.maxFileSize).report(into: &sink)
            return nil
        }
        // Before anything else: the two sides of a conflict would only yield unrelated errors.
        if sink.isEnabled(.mergeConflict), let start = MergeConflictRule.conflictStart(in: bytes) {
            sink.report(.mergeConflict, at: start, MergeConflictRule.message)
            return nil
        }
        let encoding = Lines.check(bytes)
        if let problem = encoding.problem {
            sink.report(.encoding, at: Lines.position(of: problem.offset, in: bytes), problem.message)
            return nil
        }
        let located = FrontMatter.locate(bytes)
        guard case .found(let yamlRange, let firstLine, let bodyStart, let bodyFirstLine, _) = located else {
            if case .unclosed(let line) = located {
                sink.report(.frontMatterMissing, at: SourcePosition(offset: 0, line: line, column: 1), "expected the front matter to be closed by a line ---, found the end of the file")
            } else if bytes.isEmpty {
                sink.report(.frontMatterMissing, at: .start, "expected front matter between --- lines, found an empty file")
            } else {
                sink.report(.frontMatterMissing, at: .start, "expected the file to start with a line ---, found none")
            }
            return nil
        }
        let start = SourcePosition(offset: 0, line: max(1, firstLine - 1), column: 1)
        let decoded: (fields: FieldMap, order: [String]?, reported: Set<String>)
        let slots = fastPath ? bytes.withUnsafeBufferPointer { buffer in
            FieldSlotDecoder(procedure: procedure, roles: procedures.roles, dates: dates,
                             selection: selection?.kind == procedure.kind ? selection : nil)
                .decode(buffer, range: yamlRange, firstLine: firstLine, plainText: encoding.plainText)
        } : nil
        if let slots {
            decoded = (slots.fields, slots.order, [])
        } else {
            guard let general = decodeGeneral(bytes, yamlRange: yamlRange, firstLine: firstLine, start: start, procedure: procedure, sink: &sink) else {
                return nil
            }
            decoded = general
        }
        let (fields, order, reported) = decoded
        var sections: [BodySection] = []
        var worklog: [WorklogEntry] = []
        if body {
            let parser = BodyParser(procedure: procedure)
            sections = parser.sections(bytes, from: bodyStart, firstLine: bodyFirstLine)
            if let spec = procedure.sections.first(where: \.isWorklog) {
                for section in sections where section.sectionID == spec.id {
                    let entries = parser.worklog(section, bytes: bytes, dates: dates, roles: procedures.roles, sink: &sink)
                    // One work-log section (every record but a slip): its array is the log, not copied into another.
                    if worklog.isEmpty { worklog = entries } else { worklog += entries }
                }
            }
        }
        // Built where it is returned: the record is moved to the caller, not copied and destroyed.
        return Record(path: path, kind: procedure.kind, fields: fields, keyOrder: order, reportedKeys: reported, sections: sections,
                      worklog: worklog, start: start, bytes: bytes)
    }

    /// The general path: the YAML tree, then `FieldDecoder`; every syntax and field diagnostic.
    func decodeGeneral(_ bytes: [UInt8], yamlRange: Range<Int>, firstLine: Int, start: SourcePosition, procedure: Procedure,
                       sink: inout DiagnosticSink) -> (fields: FieldMap, order: [String], reported: Set<String>)? {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(bytes, range: yamlRange, firstLine: firstLine)
        } catch {
            // Most syntax errors in records are keyboard slips: name the slip and the line to write.
            if let slip = YAMLSlips.explain(error, in: bytes, range: yamlRange, firstLine: firstLine) {
                sink.report(error.kind == .unsupported ? .yamlUnsupported : .yamlSyntax, at: slip.position, slip.message)
            } else {
                sink.report(error.kind == .unsupported ? .yamlUnsupported : .yamlSyntax, at: error.position, error.message)
            }
            return nil
        }
        guard let root, let pairs = root.pairs else {
            let at = root?.range.start ?? start
            sink.report(.frontMatterMissing, at: at, "expected front matter with the record's fields, found \(root == nil ? "an empty one" : "no mapping")")
            return nil
        }
        let decoder = FieldDecoder(procedure: procedure, roles: procedures.roles, dates: dates, bytes: bytes)
        return decoder.decode(pairs, sink: &sink)
    }
}
