import XCTest
@testable import DocketKit

/// What a record keeps of its file without building a `String` or an array per key: the keys
/// read from the entries, the key order derived from the fields, the plain-text check done in
/// the encoding pass, section titles and person ids shared with the procedures.
final class RecordStorageTests: XCTestCase {
    static let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
    var incident: Procedure { Self.procedures.procedure(kind: "incident")! }

    private func field(_ key: String, line: Int = 1) -> DecodedField {
        DecodedField(key: key, keyPosition: SourcePosition(offset: 0, line: line, column: 1),
                     valueRange: SourceRange(start: .start, end: .start), value: .text(key), isPresent: true)
    }

    func read(_ text: String, selection: FieldSelection? = nil) -> Record? {
        var sink = DiagnosticSink(path: "INC-2026-000001.md", severities: incident.severities)
        return RecordReader(procedures: Self.procedures).read(path: "tickets/incidents/2026/INC-2026-000001.md", bytes: Array(text.utf8),
                                                              procedure: incident, sink: &sink, selection: selection)
    }

    static let sample = """
        ---
        id: INC-2026-000001
        title: 三楼打印机无法打印
        status: new
        reported_at: 2026-11-03 09:00
        channel: phone
        ---
        ## 事件描述
        打印机卡纸。

        ## Work log
        - 2026-11-03 09:15 lisi: 电话联系用户
        """

    // MARK: FieldMap.keys

    func testKeysAreTheEntriesKeysInOrder() {
        var map = FieldMap()
        for (line, key) in ["status", "title", "configuration_items"].enumerated() { map[key] = field(key, line: line) }
        XCTAssertEqual(map.keys, ["status", "title", "configuration_items"])
        map["title"] = nil
        XCTAssertEqual(map.keys, ["status", "configuration_items"])
        XCTAssertEqual(FieldMap().keys, [])
    }

    /// An entry stored under a key that is not its own `DecodedField.key` is still found by
    /// the key it was stored under, before and after others, and through `filter`.
    func testAnEntryStoredUnderAnotherKeyKeepsThatKey() {
        var map = FieldMap()
        map["status"] = field("status")
        map["alias"] = field("title", line: 2)
        map["owner"] = field("owner", line: 3)
        XCTAssertEqual(map.keys, ["status", "alias", "owner"])
        XCTAssertEqual(map["alias"]?.keyPosition.line, 2)
        XCTAssertNil(map["title"])
        XCTAssertEqual(map["owner"]?.keyPosition.line, 3)
        let kept = map.filter { key, _ in key != "status" }
        XCTAssertEqual(kept.keys, ["alias", "owner"])
        XCTAssertEqual(kept["alias"]?.key, "title")
        var first = FieldMap()
        first["x"] = field("y")
        XCTAssertEqual(first.keys, ["x"])
        XCTAssertNil(first["y"])
    }

    // MARK: Record.keyOrder

    func testKeyOrderIsTheFieldsOrderUnlessSet() throws {
        let record = try XCTUnwrap(read(Self.sample))
        XCTAssertEqual(record.keyOrder, ["id", "title", "status", "reported_at", "channel"])
        var changed = record
        // Fields changed afterwards leave the order read as it was.
        changed.fields = record.fields.filter { key, _ in key == "status" }
        XCTAssertEqual(changed.keyOrder, record.keyOrder)
        changed.keyOrder = ["status"]
        XCTAssertEqual(changed.keyOrder, ["status"])
        XCTAssertEqual(record.keyOrder.count, 5)
    }

    /// A field a selection leaves out is still in the order (its value is not in `fields`).
    func testKeyOrderKeepsTheFieldsASelectionLeavesOut() throws {
        let record = try XCTUnwrap(read(Self.sample, selection: FieldSelection(procedure: incident, keys: ["status"])))
        XCTAssertEqual(record.keyOrder, ["id", "title", "status", "reported_at", "channel"])
        XCTAssertNil(record.fields["title"])
        XCTAssertNotNil(record.fields["status"])
    }

    /// An unknown key (the general path) is in the order, not in the fields.
    func testKeyOrderHoldsUnknownKeys() throws {
        let record = try XCTUnwrap(read(Self.sample.replacingOccurrences(of: "channel: phone", with: "chanel: phone")))
        XCTAssertEqual(record.keyOrder, ["id", "title", "status", "reported_at", "chanel"])
        XCTAssertEqual(record.fields.keys, ["id", "title", "status", "reported_at"])
    }

    // MARK: Lines.check

    /// Plain text by the encoding pass implies plain text by `isPlainText`, at every offset of
    /// every byte that would make it not so; the encoding problem is the one `encodingProblem` finds.
    func testPlainTextFromTheEncodingPassNeverDisagreesWithIsPlainText() {
        let text = Array("id: INC-2026-000004\ntitle: 三楼打印机无法打印\nstatus: new\n".utf8)
        XCTAssertTrue(Lines.check(text).plainText)
        XCTAssertNil(Lines.check(text).problem)
        for offset in text.indices {
            for inserted: [UInt8] in [[0x09], [0x01], [0x7F], [0x0D], [0x0D, 0x0A], [0xEF, 0xBB, 0xBF], [0x1F], [0x0A], [0x20], [0x00], [0xFF]] {
                let bytes = Array(text[..<offset]) + inserted + Array(text[offset...])
                let checked = Lines.check(bytes)
                XCTAssertEqual(checked.problem?.offset, Lines.encodingProblem(in: bytes)?.offset, "\(inserted) at \(offset)")
                let plain = bytes.withUnsafeBufferPointer { FieldSlotDecoder.isPlainText($0, 0..<bytes.count) }
                if checked.plainText { XCTAssertTrue(plain, "\(inserted) at \(offset)") }
                // Only line feeds and spaces leave a file plain (where they do not cut a character).
                XCTAssertEqual(checked.plainText, checked.problem == nil && (inserted == [0x0A] || inserted == [0x20]), "\(inserted) at \(offset)")
            }
        }
    }

    /// Runs of three-byte characters (read four bytes a step) judged as the standard library
    /// judges UTF-8: each kind of bad or special sequence at every offset of a CJK line, and
    /// cut at every length (the last bytes, fewer than four, are read byte by byte).
    func testRunsOfThreeByteCharactersAreCheckedAsTheStandardLibraryDoes() {
        let line = Array("标题：三楼打印机无法打印，请尽快处理。\n".utf8)
        let valid: (ArraySlice<UInt8>) -> Bool = { !$0.contains(0) && Array(String(decoding: $0, as: UTF8.self).utf8) == Array($0) }
        for offset in line.indices {
            for inserted: [UInt8] in [[0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEF, 0xBB, 0xBF],
                                      [0xEF, 0xBF, 0xBD], [0xE4, 0x41, 0x80], [0xE4, 0xB8], [0xC0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0x80], [0x41]] {
                let bytes = Array(line[..<offset]) + inserted + Array(line[offset...])
                for length in [bytes.count, bytes.count - 1, bytes.count - 2, offset + inserted.count, offset + 1] where length >= 0 && length <= bytes.count {
                    let cut = bytes[..<length]
                    let checked = Lines.check(Array(cut))
                    XCTAssertEqual(checked.problem == nil, valid(cut), "\(inserted) at \(offset), \(length) bytes")
                    if checked.problem == nil {
                        // A byte order mark anywhere is no plain text; anything else here is.
                        XCTAssertEqual(checked.plainText, !(inserted == [0xEF, 0xBB, 0xBF] && length >= offset + 3), "\(inserted) at \(offset), \(length) bytes")
                    }
                }
            }
        }
    }

    // MARK: Section titles and person ids

    func testKnownTitlesAreTheProceduresAndFindTheSectionIDFound() {
        let parser = BodyParser(procedure: incident)
        for spec in incident.sections {
            for title in [spec.zh, spec.en] {
                let bytes = Array("## \(title)".utf8)
                let known = parser.knownTitle(bytes, 3..<bytes.count)
                XCTAssertEqual(known?.title, title)
                XCTAssertEqual(known?.id, parser.sectionID(for: title))
            }
        }
        for heading in ["处理 记录", "worklog", "Nothing like it", ""] {
            let bytes = Array("## \(heading)".utf8)
            XCTAssertNil(parser.knownTitle(bytes, 3..<bytes.count), heading)
        }
        let record = read(Self.sample)
        XCTAssertEqual(record?.sections.map(\.title), ["事件描述", "Work log"])
        XCTAssertEqual(record?.sections.map(\.sectionID), [parser.sectionID(for: "事件描述"), "worklog"])
    }

    func testPersonIDFromBytesWithRoles() {
        let roles = Self.procedures.roles
        let bytes = Array("lisi".utf8)
        let person = roles.people["lisi"]!
        bytes.withUnsafeBufferPointer { buffer in
            XCTAssertEqual(roles.personID(utf8: buffer), "lisi")
            XCTAssertEqual(roles.personID(utf8: buffer, holdingOneOf: [])?.holds, true)
            XCTAssertEqual(roles.personID(utf8: buffer, holdingOneOf: person.roles)?.holds, true)
            XCTAssertEqual(roles.personID(utf8: buffer, holdingOneOf: ["no-such-role"])?.holds, false)
        }
        XCTAssertNil(Array("lisi2".utf8).withUnsafeBufferPointer { roles.personID(utf8: $0) })
        XCTAssertEqual(read(Self.sample)?.worklog.map(\.person), ["lisi"])
    }

    // MARK: Byte scans

    /// `keyEnd` stops where a byte-by-byte scan with `isKeyByte` stops, at every length and
    /// for every kind of byte at every offset.
    func testKeyEndAgreesWithTheByteByByteScan() {
        func reference(_ bytes: [UInt8]) -> Int { bytes.firstIndex { !FieldSlotDecoder.isKeyByte($0) } ?? bytes.count }
        let key = Array("configuration_items_of_the_service".utf8)
        for length in 0...key.count {
            for stop: [UInt8] in [[], Array(":".utf8), Array(" ".utf8), Array("-".utf8), Array("Z".utf8), Array("9".utf8), [0xE4, 0xBA, 0x8B], [0x7B], [0x60]] {
                let bytes = Array(key.prefix(length)) + stop + Array("_tail: x".utf8)
                let end = bytes.withUnsafeBufferPointer { FieldSlotDecoder.keyEnd($0, from: 0, to: $0.count) }
                XCTAssertEqual(end, reference(bytes), "\(length) \(stop)")
            }
        }
        // The end of the range bounds the scan.
        XCTAssertEqual(key.withUnsafeBufferPointer { FieldSlotDecoder.keyEnd($0, from: 2, to: 12) }, 12)
    }

    func testSameComparesTheBytes() {
        func same(_ text: String, _ bytes: String) -> Bool { Array(bytes.utf8).withUnsafeBufferPointer { FieldSlotDecoder.same(text, $0) } }
        XCTAssertTrue(same("configuration_items", "configuration_items"))
        XCTAssertTrue(same("处理记录", "处理记录"))
        XCTAssertTrue(same("", ""))
        XCTAssertFalse(same("configuration_items", "configuration_itemz"))
        XCTAssertFalse(same("status", "statu"))
        XCTAssertFalse(same("", "a"))
    }

    // MARK: FieldMap lookups

    func testOnlyEntryTellsNoneOneAndSeveral() {
        var map = FieldMap()
        map["title"] = field("title")
        let holdsText: (FieldValue) -> Bool = { if case .text = $0 { return true }; return false }
        let holdsDate: (FieldValue) -> Bool = { if case .date = $0 { return true }; return false }
        guard case .nothing = map.onlyEntry(where: holdsDate) else { return XCTFail("expected nothing") }
        guard case .one(let key, _) = map.onlyEntry(where: holdsText) else { return XCTFail("expected one") }
        XCTAssertEqual(key, "title")
        map["owner"] = field("owner")
        guard case .several = map.onlyEntry(where: holdsText) else { return XCTFail("expected several") }
    }

    /// Keys that are absent are answered absent among many alike keys, also after an entry was
    /// removed and in a filtered map.
    func testAbsentKeysAmongAlikeKeysAndAfterRemoval() {
        var map = FieldMap()
        let keys = (0..<200).map { "field_\($0)" }
        for key in keys where key.hasSuffix("7") { map[key] = field(key) }
        for key in keys { XCTAssertEqual(map[key] != nil, key.hasSuffix("7"), key) }
        map["field_17"] = nil
        XCTAssertNil(map["field_17"])
        XCTAssertNil(map.value("field_17"))
        XCTAssertFalse(map.isPresent("field_17"))
        XCTAssertNotNil(map["field_27"])
        let kept = map.filter { key, _ in key == "field_27" }
        XCTAssertNotNil(kept["field_27"])
        XCTAssertNil(kept["field_37"])
    }

    // MARK: Work-log text

    func testWorklogTextIsReadFromTheBytesAndCanBeSet() throws {
        let record = try XCTUnwrap(read(Self.sample + "\n- 2026-11-03 09:20 lisi: [pending] 等待用户  \n"))
        XCTAssertEqual(record.worklog.map(\.text), ["电话联系用户", "[pending] 等待用户"])
        XCTAssertEqual(record.worklog.map(\.stateMark), [nil, "pending"])
        var entry = record.worklog[0]
        entry.text = "改过"
        XCTAssertEqual(entry.text, "改过")
        XCTAssertEqual(record.worklog[0].text, "电话联系用户")
        let made = WorklogEntry(time: 0, person: "lisi", text: "直接给出", stateMark: nil, position: .start, personPosition: .start)
        XCTAssertEqual(made.text, "直接给出")
    }
}
