import Foundation
import XCTest
@testable import DocketKit

/// `docket set` and `docket unset`: only the entries named change, byte for byte.
final class SetCommandTests: XCTestCase {
    let now = "2026-11-30 10:00"
    let incident = "tickets/incidents/2026/INC-2026-0022.md"
    static let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)

    // MARK: Values from the schema

    /// A valid value of `field` other than `old`, as typed on the command line, and the
    /// value the record then holds; nil for a list of entries (those take --add).
    static func replacement(_ field: FieldSpec, old: YAMLValue?, in procedure: Procedure) -> (text: String, value: YAMLValue)? {
        func other(_ candidates: [String]) -> String { candidates.first { YAMLValue.string($0) != old } ?? candidates[0] }
        switch field.type {
        case .id, .string, .text:
            // Text that must be quoted: the writer, not the caller, chooses the style.
            let text = "改: \(field.key) #1"
            return (text, .string(text))
        case .state:
            let id = other(procedure.states.map(\.id))
            return (id, .string(id))
        case .datetime:
            let text = other(["2026-11-30 10:00", "2026-11-30 11:00"])
            return (text, .string(text))
        case .date:
            let text = other(["2026-11-30", "2026-12-01"])
            return (text, .string(text))
        case .duration:
            let text = other(["1h30m", "2h"])
            return (text, .string(text))
        case .bool:
            let flag = old != .bool(true)
            return (flag ? "true" : "false", .bool(flag))
        case .int(let min, let max):
            var number = min ?? 1
            if old == .int(number), max.map({ number + 1 <= $0 }) ?? true { number += 1 }
            return (String(number), .int(number))
        case .enumeration(let set):
            // The zh label of another value: written as its id.
            let value = set.values.first { YAMLValue.string($0.id) != old } ?? set.values[0]
            return (value.zh, .string(value.id))
        case .person(let roles):
            let people = procedures.roles.people.values.sorted { $0.id < $1.id }
                .filter { person in roles.isEmpty || person.roles.contains(where: roles.contains) }
            let id = other(people.map(\.id))
            return (id, .string(id))
        case .reference:
            let id = other(["INC-2026-0001", "INC-2026-0002"])
            return (id, .string(id))
        case .list(let item):
            if case .map = item.type { return nil }
            guard let one = replacement(item, old: nil, in: procedure) else { return nil }
            return (one.text, .sequence([one.value]))
        case .map:
            return nil
        }
    }

    /// `KEY=VALUE` arguments of a valid entry of a list of entries (`escalations`).
    static func entryArguments(_ field: FieldSpec, in procedure: Procedure) -> [String]? {
        guard case .list(let item) = field.type, case .map(let keys) = item.type else { return nil }
        return keys.compactMap { key in replacement(key, old: nil, in: procedure).map { "\(key.key)=\($0.text)" } }
    }

    // MARK: Every field of every sample record

    /// The sample records, and copies with CRLF line ends, a byte order mark, and comments
    /// between entries and at the end of lines.
    func sampleVariants() throws -> [(path: String, variant: String, bytes: [UInt8])] {
        let root = TestRepository.packageRoot + "/tickets"
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertGreaterThan(paths.count, 150)
        var variants: [(String, String, [UInt8])] = []
        for (index, path) in paths.enumerated() {
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            variants.append((path, "", Array(text.utf8)))
            // Each record also as one copy in turn (parsing dominates the run time of a debug build).
            switch index % 3 {
            case 0: variants.append((path, "crlf", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)))
            case 1: variants.append((path, "bom", [0xEF, 0xBB, 0xBF] + Array(text.utf8)))
            default: variants.append((path, "commented", Array(FrontMatterEditorTests.commented(text).utf8)))
            }
        }
        return variants
    }

    func procedure(of path: String) throws -> Procedure {
        try XCTUnwrap(Self.procedures.procedure(folder: String(path.prefix { $0 != "/" })), path)
    }

    /// Applies one argument as `docket set` does.
    func set(_ argument: String, _ bytes: [UInt8], _ procedure: Procedure, path: String) throws -> [UInt8] {
        let input = FieldInput(procedure: procedure, procedures: Self.procedures, path: path)
        var changes = FrontMatterChanges(procedure: procedure, path: path, bytes: bytes)
        try changes.apply(try input.change(argument))
        return changes.bytes
    }

    /// Every field of every record set (a list item added and removed, an entry added to a
    /// list of entries), and removed, on the sample and on its CRLF, BOM and commented
    /// copies: the bytes outside the entry never change, the entry's new bytes are what the
    /// scalar writer gives, and a missing field lands after the nearest key before it in the
    /// procedure's order.
    func testEveryFieldOfEveryRecordChangesOnlyItsEntry() throws {
        var edits = 0
        for (path, variant, bytes) in try sampleVariants() {
            let name = path + (variant.isEmpty ? "" : " (\(variant))")
            let procedure = try procedure(of: path)
            let editor = try FrontMatterEditor(bytes)
            for pair in editor.pairs {
                guard let field = procedure.field(pair.name) else { continue }
                let prefix = Array(bytes[..<pair.extent.lowerBound]), suffix = Array(bytes[pair.extent.upperBound...])
                let old = YAMLValue(pair.value)
                let ending = pair.extent.upperBound > 0 && bytes[pair.extent.upperBound - 1] == 0x0A
                    ? RecordEdit.lineEnd(of: bytes) : []
                if let arguments = Self.entryArguments(field, in: procedure) {
                    let input = FieldInput(procedure: procedure, procedures: Self.procedures, path: path)
                    var changes = FrontMatterChanges(procedure: procedure, path: path, bytes: bytes)
                    let entry = try input.entry(arguments, of: field)
                    try changes.apply(.add(field.key, entry))
                    assertOnly(changes.bytes, prefix: prefix, suffix: suffix, "\(name): --add \(field.key)")
                    if let expected = Self.blockAppended(entry, to: pair, in: bytes), !FrontMatterEditorTests.same(changes.bytes[...], expected) {
                        XCTFail("\(name): --add \(field.key) is not one new line like the last item's:\n\(String(decoding: changes.bytes, as: UTF8.self))")
                    }
                    if case .sequence(let items)? = old { assertValue(changes.bytes, field.key, .sequence(items + [entry]), name) }
                    edits += 1
                } else if let (text, value) = Self.replacement(field, old: old, in: procedure) {
                    let argument = "\(field.key)=" + (value == .sequence([]) ? "" : text)
                    let edited = try set(argument, bytes, procedure, path: path)
                    assertOnly(edited, prefix: prefix, suffix: suffix, "\(name): \(argument)")
                    assertValue(edited, field.key, value, "\(name): \(argument)")
                    if case .string(let string) = value, pair.value.range.start.line == pair.key.range.start.line, pair.value.scalar != nil,
                       pair.value.range.end.offset <= pair.extent.upperBound - ending.count {
                        // Same line: the key, spacing and comment stay; the value is the writer's.
                        let expected = prefix + bytes[pair.extent.lowerBound..<pair.value.range.start.offset]
                            + Array(YAMLScalarWriter.render(string).utf8) + bytes[pair.value.range.end.offset..<pair.extent.upperBound] + suffix
                        if !FrontMatterEditorTests.same(edited[...], expected) { XCTFail("\(name): \(argument) is not the writer's value") }
                    }
                    edits += 1
                    if case .list(let item) = field.type, case .sequence(let items)? = old,
                       let added = Self.replacement(item, old: nil, in: procedure) {
                        let appended = try set("\(field.key)+=\(added.text)", bytes, procedure, path: path)
                        assertOnly(appended, prefix: prefix, suffix: suffix, "\(name): \(field.key)+=")
                        assertValue(appended, field.key, .sequence(items + [added.value]), "\(name): \(field.key)+=")
                        assertSameStyle(appended, bytes, field.key, name)
                        let expected = Self.blockAppended(added.value, to: pair, in: bytes)
                            ?? Self.flowReplaced(pair, with: .sequence(items + [added.value]), in: bytes)
                        if let expected, !FrontMatterEditorTests.same(appended[...], expected) {
                            XCTFail("\(name): \(field.key)+= is not the list with one item more in its style:\n\(String(decoding: appended, as: UTF8.self))")
                        }
                        if case .string(let first)? = items.first {
                            let removed = try set("\(field.key)-=\(first)", bytes, procedure, path: path)
                            assertOnly(removed, prefix: prefix, suffix: suffix, "\(name): \(field.key)-=")
                            assertValue(removed, field.key, .sequence(Array(items.dropFirst())), "\(name): \(field.key)-=")
                            if items.count > 1 { assertSameStyle(removed, bytes, field.key, name) }
                        }
                        edits += 2
                    }
                }
                var unset = FrontMatterChanges(procedure: procedure, path: path, bytes: bytes)
                try unset.apply(.unset(pair.name))
                if !FrontMatterEditorTests.same(unset.bytes[...], prefix + suffix) { XCTFail("\(name): unset \(pair.name)") }
                if variant == "crlf" { assertCRLFOnly(unset.bytes, name) }
                edits += 1
            }
            // A field the record lacks goes right after the nearest field before it that it has.
            for field in procedure.fields where editor.pair(field.key) == nil {
                guard let (text, value) = Self.replacement(field, old: nil, in: procedure), value != .sequence([]) else { continue }
                let edited = try set("\(field.key)=\(text)", bytes, procedure, path: path)
                let anchor = procedure.fields.prefix { $0.key != field.key }.last { editor.pair($0.key) != nil }
                let at = (anchor.flatMap { editor.pair($0.key) } ?? editor.pairs.last!).extent.upperBound
                let rendered: String
                switch value {
                case .string(let string): rendered = YAMLScalarWriter.render(string)
                case .sequence: rendered = FrontMatterEditor.flow(value)
                default: rendered = FrontMatterEditor.flow(value)
                }
                let expected = Array(bytes[..<at]) + Array("\(field.key): \(rendered)".utf8) + RecordEdit.lineEnd(of: bytes) + bytes[at...]
                if !FrontMatterEditorTests.same(edited[...], expected) {
                    XCTFail("\(name): \(field.key) not inserted after \(anchor?.key ?? "the last entry"):\n\(String(decoding: edited, as: UTF8.self))")
                }
                if variant == "crlf" { assertCRLFOnly(edited, name) }
                edits += 1
            }
        }
        XCTAssertGreaterThan(edits, 8_000)
    }

    /// `bytes` with `item` on a new line after the last item of the block list of `pair`,
    /// indented and dashed like it; nil when the list is not a block list.
    static func blockAppended(_ item: YAMLValue, to pair: YAMLPair, in bytes: [UInt8]) -> [UInt8]? {
        guard case .sequence(let nodes, flow: false) = pair.value.content, let last = nodes.last else { return nil }
        var start = last.range.start.offset
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        var end = last.range.end.offset
        if bytes[end - 1] != 0x0A { while bytes[end] != 0x0A { end += 1 }; end += 1 }
        let line = Array(bytes[start..<last.range.start.offset]) + Array(FrontMatterEditor.flow(item, inFlow: false).utf8) + RecordEdit.lineEnd(of: bytes)
        return Array(bytes[..<end]) + line + bytes[end...]
    }

    /// `bytes` with the flow list of `pair`, written on the key's line, replaced by `value`
    /// in flow style, everything around it kept; nil for any other list.
    static func flowReplaced(_ pair: YAMLPair, with value: YAMLValue, in bytes: [UInt8]) -> [UInt8]? {
        guard case .sequence(_, flow: true) = pair.value.content, pair.value.range.start.line == pair.value.range.end.line else { return nil }
        return Array(bytes[..<pair.value.range.start.offset]) + Array(FrontMatterEditor.flow(value).utf8) + bytes[pair.value.range.end.offset...]
    }

    func assertOnly(_ edited: [UInt8], prefix: [UInt8], suffix: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        if edited.count < prefix.count + suffix.count || !FrontMatterEditorTests.same(edited[..<prefix.count], prefix)
            || !FrontMatterEditorTests.same(edited[(edited.count - suffix.count)...], suffix) {
            XCTFail("\(message): bytes outside the entry changed\n\(String(decoding: edited, as: UTF8.self))", file: file, line: line)
        }
        if prefix.contains(0x0D) || suffix.contains(0x0D) { assertCRLFOnly(edited, message, file: file, line: line) }
    }

    func assertValue(_ edited: [UInt8], _ key: String, _ value: YAMLValue, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let read = (try? FrontMatterEditor(edited))?.pair(key).flatMap { YAMLValue($0.value) }
        XCTAssertEqual(read, value, message, file: file, line: line)
    }

    /// The list under `key` is still a block list, or still a flow list.
    func assertSameStyle(_ edited: [UInt8], _ original: [UInt8], _ key: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        func isFlow(_ bytes: [UInt8]) -> Bool? {
            guard case .sequence(_, let flow)? = (try? FrontMatterEditor(bytes))?.pair(key)?.value.content else { return nil }
            return flow
        }
        XCTAssertEqual(isFlow(edited), isFlow(original), "\(message): \(key) changed its list style", file: file, line: line)
    }

    func assertCRLFOnly(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        for i in bytes.indices where bytes[i] == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) {
            return XCTFail("\(message): a bare line feed at offset \(i)", file: file, line: line)
        }
    }

    // MARK: The verbs, end to end

    /// `docket set` with every field of one record of each kind in one call (and its CRLF,
    /// BOM and commented copies) writes what the per-entry edits give; `unset` takes one
    /// entry out and nothing else.
    func testTheVerbWritesEveryFieldOfARecordOfEachKindInOneCall() throws {
        let root = try TestRepository.copy()
        for folder in ["incidents/2026", "requests/2026", "problems/2026", "changes/2026", "knowledge", "cmdb"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root + "/tickets/" + folder).filter { $0.hasSuffix(".md") }.sorted()
            let path = "tickets/\(folder)/\(names[0])", id = String(names[0].dropLast(3))
            let sample = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            let procedure = try procedure(of: String(path.dropFirst("tickets/".count)))
            for (variant, bytes) in [("", Array(sample.utf8)), ("crlf", Array(sample.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
                                     ("bom", [0xEF, 0xBB, 0xBF] + Array(sample.utf8)), ("commented", Array(FrontMatterEditorTests.commented(sample).utf8))] {
                try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + path))
                let editor = try FrontMatterEditor(bytes)
                var arguments: [String] = [], expected = bytes
                for pair in editor.pairs where pair.name != "id" {
                    guard let field = procedure.field(pair.name) else { continue }
                    if let entry = Self.entryArguments(field, in: procedure) {
                        arguments += ["--add", field.key] + entry
                        continue
                    }
                    guard let (text, value) = Self.replacement(field, old: YAMLValue(pair.value), in: procedure), value != .sequence([]) else { continue }
                    arguments.insert("\(field.key)=\(text)", at: 0)
                    expected = try set("\(field.key)=\(text)", expected, procedure, path: path)
                }
                // Entries last: the --add arguments run to the end of the command line.
                for pair in editor.pairs {
                    guard let field = procedure.field(pair.name), let entry = Self.entryArguments(field, in: procedure) else { continue }
                    let input = FieldInput(procedure: procedure, procedures: Self.procedures, path: path)
                    var changes = FrontMatterChanges(procedure: procedure, path: path, bytes: expected)
                    try changes.apply(.add(field.key, try input.entry(entry, of: field)))
                    expected = changes.bytes
                }
                let run = TestRepository.run(["set", id] + arguments + ["--force", "--now", now], in: root)
                XCTAssertEqual(run.status, 0, "\(path) \(variant): \(run.errors)")
                XCTAssertEqual(run.output, path + "\n")
                let written = self.bytes(root + "/" + path)
                XCTAssertTrue(FrontMatterEditorTests.same(written[...], expected), "\(path) \(variant): \(String(decoding: written, as: UTF8.self))")
                // The body is untouched.
                let body = sample.range(of: "\n---\n").map { String(sample[$0.upperBound...]) } ?? ""
                let writtenText = String(decoding: written, as: UTF8.self)
                XCTAssertTrue(writtenText.hasSuffix(variant == "crlf" ? body.replacingOccurrences(of: "\n", with: "\r\n") : body), "\(path) \(variant)")
                if variant == "crlf" { assertCRLFOnly(written, path) }
                if variant == "bom" { XCTAssertEqual(Array(written.prefix(3)), [0xEF, 0xBB, 0xBF]) }

                let key = editor.pairs[1].name, before = self.bytes(root + "/" + path)
                let pair = try XCTUnwrap(FrontMatterEditor(before).pair(key))
                let unset = TestRepository.run(["unset", id, key, "--force", "--now", now], in: root)
                XCTAssertEqual(unset.status, 0, unset.errors)
                XCTAssertEqual(self.bytes(root + "/" + path), Array(before[..<pair.extent.lowerBound]) + before[pair.extent.upperBound...], "\(path) \(variant)")
            }
        }
    }

    func testListsKeepTheirStyleAndEntriesAreChecked() throws {
        let root = try TestRepository.copy()
        let text = """
        ---
        id: INC-2026-0022
        title: t
        status: in-progress   # still open
        reported_at: 2026-11-27 09:00
        reporter: r
        channel: phone
        category: other
        impact: low
        urgency: low
        priority: P4
        assignee: lisi
        support_line: line-1
        responded_at: 2026-11-27 09:10
        configuration_items:
          - CI-APP-ARRAIGN   # the terminal
          # and the line
          - CI-NET-CORE-SW1
        related: [INC-2026-0014]
        ---

        ## 事件描述

        d

        """
        try TestRepository.write(text, to: incident, in: root)
        func run(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
            TestRepository.run(arguments + ["--now", now], in: root)
        }
        XCTAssertEqual(run(["set", "INC-2026-0022", "configuration_items+=CI-APP-FIN"]).status, 0)
        XCTAssertEqual(run(["set", "INC-2026-0022", "configuration_items-=CI-APP-ARRAIGN", "related+=INC-2026-0013"]).status, 0)
        XCTAssertEqual(String(decoding: bytes(root + "/" + incident), as: UTF8.self), text
            .replacingOccurrences(of: "  - CI-APP-ARRAIGN   # the terminal\n", with: "")
            .replacingOccurrences(of: "  - CI-NET-CORE-SW1\n", with: "  - CI-NET-CORE-SW1\n  - CI-APP-FIN\n")
            .replacingOccurrences(of: "related: [INC-2026-0014]", with: "related: [INC-2026-0014, INC-2026-0013]"))

        // An entry: its keys checked like the schema's item, written in the schema's order, its enum label as the id.
        let before = bytes(root + "/" + incident)
        let missing = run(["set", "INC-2026-0022", "--add", "escalations", "to=二线", "by=lisi"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.errors.contains("expected the required key \"at\" (升级时间) in this entry of escalations"), missing.errors)
        let typo = run(["set", "INC-2026-0022", "--add", "escalations", "at=2026-11-27 10:00", "too=line-2"])
        XCTAssertTrue(typo.errors.contains("found \"too\"; did you mean \"to\"?"), typo.errors)
        XCTAssertEqual(bytes(root + "/" + incident), before)
        let added = run(["set", "INC-2026-0022", "support_line=line-2", "--add", "escalations", "reason=转二线, 见 KB-0001", "to=二线", "by=lisi", "at=2026-11-27 10:00"])
        XCTAssertEqual(added.status, 0, added.errors)
        let after = String(decoding: bytes(root + "/" + incident), as: UTF8.self)
        XCTAssertTrue(after.contains("\nsupport_line: line-2\nresponded_at: 2026-11-27 09:10\nescalations:\n  - {at: 2026-11-27 10:00, to: line-2, by: lisi, reason: '转二线, 见 KB-0001'}\nconfiguration_items:\n"), after)
    }

    func testBlockMappingItemsAndCommentsInsideABlockListSurviveAnEdit() throws {
        let root = try TestRepository.copy()
        let text = """
        ---
        id: INC-2026-0022
        title: t
        status: in-progress
        reported_at: 2026-11-27 09:00
        reporter: r
        channel: phone
        category: other
        impact: low
        urgency: low
        priority: P4
        assignee: lisi
        support_line: line-2
        responded_at: 2026-11-27 09:10
        escalations:
          - at: 2026-11-27 09:30
            to: line-2
            by: lisi
        configuration_items:
          # the courtroom side
          - CI-APP-ARRAIGN   # the terminal
          # and the line
          - CI-NET-CORE-SW1
          # the finance system
          - CI-APP-FIN
        ---

        ## 事件描述

        d

        """
        try TestRepository.write(text, to: incident, in: root)
        let added = TestRepository.run(["set", "INC-2026-0022", "--add", "escalations", "at=2026-11-27 10:00", "to=vendor", "by=lisi",
                                        "reason=转厂商, 见 KB-0001", "--now", now], in: root)
        XCTAssertEqual(added.status, 0, added.errors)
        // The new entry is written as the one before it: a block mapping under its dash.
        let withEntry = text.replacingOccurrences(of: "    by: lisi\n", with: """
                by: lisi
              - at: 2026-11-27 10:00
                to: vendor
                by: lisi
                reason: 转厂商, 见 KB-0001

            """)
        XCTAssertEqual(String(decoding: bytes(root + "/" + incident), as: UTF8.self), withEntry)
        // Kept items keep their comments, in the new order; the removed item's comment goes with it.
        let set = TestRepository.run(["set", "INC-2026-0022", "configuration_items=CI-APP-FIN,CI-APP-ARRAIGN,CI-APP-MAIL", "--now", now], in: root)
        XCTAssertEqual(set.status, 0, set.errors)
        XCTAssertEqual(String(decoding: bytes(root + "/" + incident), as: UTF8.self), withEntry.replacingOccurrences(of: """
              # the courtroom side
              - CI-APP-ARRAIGN   # the terminal
              # and the line
              - CI-NET-CORE-SW1
              # the finance system
              - CI-APP-FIN

            """, with: """
              # the courtroom side
              # the finance system
              - CI-APP-FIN
              - CI-APP-ARRAIGN   # the terminal
              - CI-APP-MAIL

            """))
    }

    // MARK: Refusals

    func testRefusalsLeaveTheFileByteIdenticalAndForceWrites() throws {
        let root = try TestRepository.copy()
        let path = root + "/" + incident
        let before = bytes(path)
        func refused(_ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
            let run = TestRepository.run(["set", "INC-2026-0022"] + arguments + ["--now", now], in: root)
            XCTAssertEqual(run.status, 1, "\(arguments): \(run.errors)", file: file, line: line)
            XCTAssertEqual(run.output, "", file: file, line: line)
            XCTAssertTrue(run.errors.contains(message), "\(arguments): \(run.errors)", file: file, line: line)
            XCTAssertEqual(bytes(path), before, "\(arguments) wrote", file: file, line: line)
        }
        refused(["priority=P9"], "docket set: error: \(incident): expected priority to be one of P1 紧急, P2 高, P3 中, P4 低, found \"P9\"; did you mean \"P1\"?")
        refused(["responded_at=2026/11/27 09:10"], "\(incident): expected responded_at to be a datetime such as 2026-11-03T09:12:00+08:00 or 2026-11-03 09:12, found \"2026/11/27 09:10\"; write responded_at: 2026-11-27 09:10")
        refused(["prority=P1"], "\(incident): expected a field of incident, found the unknown field \"prority\"; did you mean \"priority\"?")
        refused(["assignee=nobody"], "\(incident): expected assignee to name a person")
        refused(["major=yes"], "expected major to be true or false, found \"yes\"")
        refused(["title=ok", "channel=pigeon"], "expected channel to be one of ")
        refused(["title+=x"], "expected a list field before += or -=, found title")
        refused(["configuration_items-=CI-NONE"], "expected configuration_items to hold CI-NONE, found CI-APP-ARRAIGN")
        refused(["escalations=x"], "expected --add escalations KEY=VALUE… for escalations")
        // Valid values, but the record then has an error: the findings, exit 1, nothing written.
        refused(["priority=P1"], "expected an edit that adds no error to \(incident), found ")
        refused(["priority=P1"], "[priority-matrix]")
        let unset = TestRepository.run(["unset", "INC-2026-0022", "assignee", "--now", now], in: root)
        XCTAssertEqual(unset.status, 1)
        XCTAssertTrue(unset.errors.contains("expected the required field \"assignee\""), unset.errors)
        XCTAssertEqual(TestRepository.run(["unset", "INC-2026-0022", "asignee", "--now", now], in: root).errors,
                       "docket unset: error: \(incident): expected asignee in the front matter, found no such entry; did you mean \"assignee\"?\n")
        XCTAssertEqual(bytes(path), before)
        XCTAssertEqual(TestRepository.run(["set", "INC-2026-0022", "--now", now], in: root).status, 2)
        XCTAssertEqual(TestRepository.run(["set", "INC-2026-0022", "priority"], in: root).status, 2)

        // --dry-run prints the change and writes nothing.
        let dry = TestRepository.run(["set", "INC-2026-0022", "priority=P3", "priority_reason=庭审", "--dry-run", "--now", now], in: root)
        XCTAssertEqual(dry.status, 0, dry.errors)
        XCTAssertEqual(dry.output, "--- \(incident)\n+++ \(incident)\n@@ -12,1 +12,2 @@\n-priority: P2\n+priority: P3\n+priority_reason: 庭审\n")
        XCTAssertEqual(bytes(path), before)
        // A value the record already holds is no change, and --dry-run says so.
        let same = TestRepository.run(["set", "INC-2026-0022", "priority=P2", "--dry-run", "--now", now], in: root)
        XCTAssertEqual(same.status, 0, same.errors)
        XCTAssertEqual(same.output, "\(incident): nothing to change, the record already holds these values\n")

        // --force writes; a label is written as its id.
        let forced = TestRepository.run(["set", "INC-2026-0022", "priority=紧急", "--force", "--now", now], in: root)
        XCTAssertEqual(forced.status, 0, forced.errors)
        XCTAssertEqual(String(decoding: bytes(path), as: UTF8.self), String(decoding: before, as: UTF8.self).replacingOccurrences(of: "\npriority: P2\n", with: "\npriority: P1\n"))
        let removed = TestRepository.run(["unset", "INC-2026-0022", "assignee", "--force", "--now", now], in: root)
        XCTAssertEqual(removed.status, 0, removed.errors)
        XCTAssertFalse(String(decoding: bytes(path), as: UTF8.self).contains("assignee:"))
    }

    // MARK: Killed at random moments

    /// Killing `docket set` with SIGKILL at random moments never leaves a partial file:
    /// after every kill the record holds the old bytes or the new ones (two keys, one write).
    func testKilledAtRandomMomentsTheFileIsOldOrNewNeverPartial() throws {
        let docket = try XCTUnwrap(DocketBinary.path, "the docket executable is built with the tests")
        let root = try TestRepository.copy()
        let path = root + "/" + incident
        func arguments(_ round: Int) -> [String] {
            ["set", "INC-2026-0022", "title=round \(round)", "contact=分机 \(round)", "--now", "2026-11-30 20:00", "--root", root]
        }
        func next(_ current: [UInt8], _ round: Int) -> [UInt8] {
            var lines = String(decoding: current, as: UTF8.self).components(separatedBy: "\n")
            if let title = lines.firstIndex(where: { $0.hasPrefix("title: ") }) { lines[title] = "title: round \(round)" }
            if let contact = lines.firstIndex(where: { $0.hasPrefix("contact: ") }) { lines[contact] = "contact: 分机 \(round)" }
            return Array(lines.joined(separator: "\n").utf8)
        }
        let runs = try KillLoop.run(docket, path: path, in: root, measure: arguments(0),
                                    arguments: { arguments($0 + 1) }, next: { next($0, $1 + 1) })
        XCTAssertTrue(String(decoding: bytes(path), as: UTF8.self).contains("\ncontact: 分机 "), "the measuring run wrote")
        XCTAssertEqual(TestRepository.run(["validate", "--now", "2026-11-30 20:00", incident], in: root).status, 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).filter { !$0.hasSuffix(".md") }
        print("set kill loop: \(runs.killed) killed, \(runs.completed) completed, \(leftovers.count) temporary files left by killed runs")
    }
}
