import XCTest
@testable import DocketKit

/// A record read against its procedure finds a field by its index in `procedure.fields` from a
/// slot table (`FieldMap.entryIndex(field:in:)`, `Record.value(field:in:)`, …), and answers every
/// lookup by index as the lookup by key does: for a map read by the fast path, one changed by
/// name, one filled by name, and one asked about another procedure's fields.
final class FieldSlotLookupTests: XCTestCase {
    static let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
    var incident: Procedure { Self.procedures.procedure(kind: "incident")! }
    var change: Procedure { Self.procedures.procedure(kind: "change")! }

    func read(_ text: String) throws -> Record {
        var sink = DiagnosticSink(path: "INC-2026-9001.md", severities: incident.severities)
        return try XCTUnwrap(RecordReader(procedures: Self.procedures).read(path: Fixture.incidentPath, bytes: Array(text.utf8),
                                                                            procedure: incident, sink: &sink))
    }

    /// Every lookup by index of `procedure`'s fields equals the lookup by key.
    func assertIndexMatchesKey(_ record: Record, _ procedure: Procedure, file: StaticString = #filePath, line: UInt = #line) {
        for (index, spec) in procedure.fields.enumerated() {
            XCTAssertEqual(record.fields.entryIndex(field: index, in: procedure), record.fields.entryIndex(spec.key), spec.key, file: file, line: line)
            XCTAssertEqual(record.value(field: index, in: procedure)?.canonical, record.value(spec.key)?.canonical, spec.key, file: file, line: line)
            XCTAssertEqual(record.value(field: index, in: procedure) == nil, record.value(spec.key) == nil, spec.key, file: file, line: line)
            XCTAssertEqual(record.isPresent(field: index, in: procedure), record.isPresent(spec.key), spec.key, file: file, line: line)
            XCTAssertEqual(record.datetime(field: index, in: procedure), record.datetime(spec.key), spec.key, file: file, line: line)
        }
    }

    func testFieldsReadByTheFastPathAreFoundByIndex() throws {
        let record = try read(Fixture.closedIncident)
        assertIndexMatchesKey(record, incident)
        let closed = try XCTUnwrap(incident.fields.firstIndex { $0.key == "closed_at" })
        XCTAssertNotNil(record.datetime(field: closed, in: incident))
        XCTAssertTrue(record.isPresent(field: closed, in: incident))
    }

    func testAFieldNotWrittenIsNotFoundByIndex() throws {
        let record = try read(Fixture.newIncident)
        assertIndexMatchesKey(record, incident)
        let closed = try XCTUnwrap(incident.fields.firstIndex { $0.key == "closed_at" })
        XCTAssertNil(record.fields.entryIndex(field: closed, in: incident))
        XCTAssertNil(record.value(field: closed, in: incident))
        XCTAssertNil(record.datetime(field: closed, in: incident))
        XCTAssertFalse(record.isPresent(field: closed, in: incident))
    }

    /// A written but empty field is found, and is not present.
    func testAnEmptyFieldIsWrittenButNotPresent() throws {
        let record = try read(Fixture.edit(Fixture.newIncident, ("status: new", "status: new\ncontact:")))
        assertIndexMatchesKey(record, incident)
        let contact = try XCTUnwrap(incident.fields.firstIndex { $0.key == "contact" })
        XCTAssertNotNil(record.fields.entryIndex(field: contact, in: incident))
        XCTAssertFalse(record.isPresent(field: contact, in: incident))
        let bits = try XCTUnwrap(record.fields.presence(in: incident))
        XCTAssertNotEqual(bits.written & (1 << UInt64(contact)), 0)
        XCTAssertEqual(bits.present & (1 << UInt64(contact)), 0)
    }

    /// The bits kept while reading equal the bits worked out entry by entry.
    func testPresenceBitsKeptWhileReadingMatchTheEntries() throws {
        let record = try read(Fixture.closedIncident)
        let kept = try XCTUnwrap(record.fields.presence(in: incident))
        let walked = try XCTUnwrap(record.fields.filter { _, _ in true }.presence(in: incident))
        XCTAssertEqual(kept.written, walked.written)
        XCTAssertEqual(kept.present, walked.present)
        XCTAssertNotEqual(kept.written, 0)
    }

    /// Changed by name, the map drops its slots and still answers by index and by key alike.
    func testAMapChangedByNameAnswersAsBefore() throws {
        var record = try read(Fixture.closedIncident)
        let title = try XCTUnwrap(incident.fields.firstIndex { $0.key == "title" })
        XCTAssertNotNil(record.value(field: title, in: incident))
        record.fields["title"] = nil
        XCTAssertNil(record.value(field: title, in: incident))
        XCTAssertNil(record.value("title"))
        assertIndexMatchesKey(record, incident)
        var filled = FieldMap()
        filled["status"] = DecodedField(key: "status", keyPosition: .start, valueRange: SourceRange(at: .start), value: .state("new"), isPresent: true)
        let status = try XCTUnwrap(incident.fields.firstIndex { $0.key == "status" })
        XCTAssertEqual(filled.entryIndex(field: status, in: incident), 0)
        XCTAssertNil(filled.entryIndex(field: title, in: incident))
    }

    /// Asked about another procedure's fields, the map finds them by key, not by its own slots.
    func testFieldsOfAnotherProcedureAreFoundByKey() throws {
        let record = try read(Fixture.closedIncident)
        assertIndexMatchesKey(record, change)
        let changeStatus = try XCTUnwrap(change.fields.firstIndex { $0.key == "status" })
        XCTAssertEqual(record.value(field: changeStatus, in: change)?.canonical, "closed")
        let changeType = try XCTUnwrap(change.fields.firstIndex { $0.key == "change_type" })
        XCTAssertNil(record.value(field: changeType, in: change))
    }

    /// The plan's status, requirements and conditions, read by index, say what `Record` says by key.
    func testThePlanReadsAsTheRecordDoes() throws {
        let plan = ProcedureRulePlan(incident)
        for text in [Fixture.closedIncident, Fixture.newIncident,
                     Fixture.edit(Fixture.closedIncident, ("closure_code: success", "closure_code: workaround"))] {
            let record = try read(text)
            let status = plan.status(of: record)
            XCTAssertEqual(status, record.status)
            for index in incident.fields.indices {
                XCTAssertEqual(plan.requiresField(index, of: record, status: status), record.requires(incident.fields[index].required), incident.fields[index].key)
            }
            for index in incident.sections.indices {
                XCTAssertEqual(plan.requiresSection(index, of: record, status: status), record.requires(incident.sections[index].required), incident.sections[index].id)
            }
            for index in incident.constraints.indices {
                XCTAssertEqual(record.satisfies(plan.constraints[index], status: status, in: incident),
                               record.satisfies(incident.constraints[index].condition, status: status))
            }
        }
        // A workaround closure requires the 临时措施 section; a success one does not.
        let workaround = try XCTUnwrap(incident.sections.firstIndex { $0.id == "workaround" })
        let closed = try read(Fixture.closedIncident)
        XCTAssertFalse(plan.requiresSection(workaround, of: closed, status: plan.status(of: closed)))
        let slipped = try read(Fixture.edit(Fixture.closedIncident, ("closure_code: success", "closure_code: workaround")))
        XCTAssertTrue(plan.requiresSection(workaround, of: slipped, status: plan.status(of: slipped)))
    }

    func testFieldTestsCompareOneOfAsTheSetDoes() {
        let few = ProcedureRulePlan.FieldTest(key: "channel", field: nil, match: .oneOf(["phone", "email"]))
        XCTAssertTrue(few.accepts("phone"))
        XCTAssertFalse(few.accepts("chat"))
        let many = ProcedureRulePlan.FieldTest(key: "channel", field: nil, match: .oneOf(Set((0..<20).map { "v\($0)" })))
        XCTAssertTrue(many.accepts("v13"))
        XCTAssertFalse(many.accepts("v20"))
        XCTAssertFalse(ProcedureRulePlan.FieldTest(key: "channel", field: nil, match: .present).accepts("phone"))
    }
}
