import XCTest
@testable import DocketKit

/// An escalation item's entries (`FieldEntries`) read as the dictionary they replace did, and
/// `Record.forEachReference(fields:in:)` (what `RecordChecker` reads links by) lists what
/// `Record.references` lists, in the same order, with each field's procedure index.
final class FieldEntriesTests: XCTestCase {
    static let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
    var incident: Procedure { Self.procedures.procedure(kind: "incident")! }

    func entry(_ key: String, _ value: FieldValue?) -> DecodedField {
        DecodedField(key: key, keyPosition: .start, valueRange: SourceRange(at: .start), value: value, isPresent: value != nil)
    }

    func read(_ text: String) throws -> Record {
        var sink = DiagnosticSink(path: "INC-2026-9001.md", severities: incident.severities)
        return try XCTUnwrap(RecordReader(procedures: Self.procedures).read(path: Fixture.incidentPath, bytes: Array(text.utf8),
                                                                            procedure: incident, sink: &sink))
    }

    func testAnEntryIsFoundByItsKeyAndAnUnwrittenKeyIsNot() {
        var entries = FieldEntries()
        entries["to"] = entry("to", .enumValue("line-2"))
        entries["at"] = entry("at", .datetime(60))
        XCTAssertEqual(entries["to"]?.value?.canonical, "line-2")
        XCTAssertEqual(entries["at"]?.value?.canonical, "60")
        XCTAssertNil(entries["by"])
        XCTAssertEqual(entries.count, 2)
        XCTAssertFalse(entries.isEmpty)
        XCTAssertTrue(FieldEntries().isEmpty)
    }

    func testSettingAKeyAgainReplacesItsEntryInPlaceAndNilRemovesIt() {
        var entries = FieldEntries()
        entries["to"] = entry("to", .enumValue("line-2"))
        entries["at"] = entry("at", .datetime(60))
        entries["to"] = entry("to", .enumValue("incident-manager"))
        XCTAssertEqual(entries.keys, ["to", "at"])
        XCTAssertEqual(entries["to"]?.value?.canonical, "incident-manager")
        entries["to"] = nil
        XCTAssertEqual(entries.keys, ["at"])
        XCTAssertNil(entries["to"])
        entries["by"] = nil
        XCTAssertEqual(entries.count, 1)
    }

    func testIterationPairsEachKeyWithItsEntry() {
        var entries = FieldEntries()
        entries["at"] = entry("at", .datetime(60))
        entries["by"] = entry("by", .person("lisi"))
        var seen: [String] = []
        for (key, field) in entries { seen.append(key + "=" + (field.value?.canonical ?? "-")) }
        XCTAssertEqual(seen, ["at=60", "by=lisi"])
        XCTAssertEqual(entries.values.map(\.key), ["at", "by"])
    }

    func testAnEscalationItemIsReadIntoEntries() throws {
        let text = Fixture.closedIncident.replacingOccurrences(of: "configuration_items: [CI-APP-FIN]\n", with: """
            configuration_items: [CI-APP-FIN]
            escalations:
              - {at: 2026-11-03 09:30, to: line-2, by: lisi}
              - at: 2026-11-03 10:00
                to: incident-manager

            """)
        let record = try read(text)
        guard case .list(let items)? = record.value("escalations") else { return XCTFail("no escalations") }
        XCTAssertEqual(items.count, 2)
        guard case .map(let first)? = items[0].value, case .map(let second)? = items[1].value else { return XCTFail("not maps") }
        XCTAssertEqual(first["to"]?.value?.canonical, "line-2")
        XCTAssertEqual(first["by"]?.value?.canonical, "lisi")
        XCTAssertEqual(Set(first.keys), ["at", "to", "by"])
        XCTAssertEqual(second["to"]?.value?.canonical, "incident-manager")
        XCTAssertNil(second["by"])
        XCTAssertEqual(second.count, 2)
    }

    func testAnEscalationWithAnUnknownKeyIsNotAMap() throws {
        let text = Fixture.closedIncident.replacingOccurrences(of: "configuration_items: [CI-APP-FIN]\n", with: """
            configuration_items: [CI-APP-FIN]
            escalations:
              - {time: 2026-11-03 09:30, to: line-2}

            """)
        let record = try read(text)
        if case .list(let items)? = record.value("escalations") {
            XCTAssertFalse(items.contains { if case .map(let entries)? = $0.value { entries["at"] != nil } else { false } })
        }
    }

    /// `forEachReference` against `references`, for `record`.
    func assertReferencesMatch(_ record: Record, file: StaticString = #filePath, line: UInt = #line) {
        let plan = ProcedureRulePlan(incident)
        var found: [String] = []
        record.forEachReference(fields: plan.referenceFields, in: incident) { field, key, reference in
            XCTAssertEqual(field.map { incident.fields[$0].key }, key, file: file, line: line)
            found.append(key + ":" + reference.id)
        }
        XCTAssertEqual(found, record.references.map { $0.field + ":" + $0.reference.id }, file: file, line: line)
    }

    func testReferencesByIndexFollowTheWrittenOrder() throws {
        let text = Fixture.closedIncident.replacingOccurrences(of: "configuration_items: [CI-APP-FIN]\n", with: """
            related: [PRB-2026-0001, CHG-2026-0002]
            configuration_items: [CI-APP-FIN, CI-APP-HR]
            problems: [PRB-2026-0003]

            """)
        let record = try read(text)
        assertReferencesMatch(record)
        XCTAssertEqual(record.references.map(\.reference.id), ["PRB-2026-0001", "CHG-2026-0002", "CI-APP-FIN", "CI-APP-HR", "PRB-2026-0003"])
    }

    func testARecordWithoutReferencesListsNone() throws {
        let record = try read(Fixture.newIncident)
        assertReferencesMatch(record)
        XCTAssertTrue(record.references.isEmpty)
    }

    func testAnUnknownKeyKeepsTheOrderOfTheKeysWritten() throws {
        let text = Fixture.closedIncident.replacingOccurrences(of: "configuration_items: [CI-APP-FIN]\n", with: """
            problems: [PRB-2026-0003]
            chanel_x: 1
            configuration_items: [CI-APP-FIN]

            """)
        let record = try read(text)
        assertReferencesMatch(record)
        XCTAssertEqual(record.references.map(\.reference.id), ["PRB-2026-0003", "CI-APP-FIN"])
    }
}
