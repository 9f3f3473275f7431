import XCTest
@testable import DocketKit

/// The lookups from bytes that the front-matter fast path and the rules use instead of a
/// `String` and a hash table: each gives what the `String` lookup gives where it answers,
/// and leaves to it (nil) what only the `String` lookup can decide.
final class ByteLookupTests: XCTestCase {
    static let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
    var incident: Procedure { Self.procedures.procedure(kind: "incident")! }

    func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }

    func enumSet(_ key: String) -> EnumSet {
        guard case .enumeration(let set)? = incident.field(key)?.type else { fatalError("no enum field \(key)") }
        return set
    }

    func testEnumValuesFromBytesAgreeWithTheStringLookup() {
        for key in ["channel", "impact", "priority", "closure_code"] {
            let set = enumSet(key)
            for value in set.values {
                for name in [value.id, value.zh, value.en] + value.aliases {
                    XCTAssertEqual(withBytes(name) { set.resolve(utf8: $0) }, set.resolve(name), "\(key): \(name)")
                }
            }
        }
    }

    func testEnumTextOnlyTheStringLookupDecides() {
        let set = enumSet("channel")
        // A case slip resolves through the String path only; nonsense resolves nowhere.
        XCTAssertNil(withBytes("COCALL") { set.resolve(utf8: $0) })
        XCTAssertEqual(set.resolve("COCALL"), "im")
        XCTAssertNil(withBytes("carrier pigeon") { set.resolve(utf8: $0) })
        XCTAssertNil(set.resolve("carrier pigeon"))
    }

    func testStatesFromBytes() {
        for state in incident.states {
            XCTAssertEqual(withBytes(state.id) { incident.stateID(utf8: $0) }, state.id)
            XCTAssertEqual(incident.resolveState(state.id), state.id)
        }
        // A label is the String path's to resolve.
        let closed = incident.states.first { $0.id == "closed" }!
        XCTAssertNil(withBytes(closed.zh) { incident.stateID(utf8: $0) })
        XCTAssertEqual(incident.resolveState(closed.zh), "closed")
        XCTAssertNil(withBytes("frozen") { incident.stateID(utf8: $0) })
    }

    func testPeopleFromBytesFollowChangesToPeople() {
        var roles = Self.procedures.roles
        let someone = roles.people.keys.sorted()[0]
        XCTAssertEqual(withBytes(someone) { roles.person(utf8: $0)?.id }, someone)
        XCTAssertTrue(roles.knows(person: someone))
        XCTAssertNil(withBytes("nobody-at-all") { roles.person(utf8: $0) })
        XCTAssertFalse(roles.knows(person: "nobody-at-all"))
        roles.people["nobody-at-all"] = Person(id: "nobody-at-all", name: "N", email: "", roles: [])
        XCTAssertEqual(withBytes("nobody-at-all") { roles.person(utf8: $0)?.id }, "nobody-at-all")
        roles.people[someone] = nil
        XCTAssertNil(withBytes(someone) { roles.person(utf8: $0) })
        XCTAssertFalse(roles.knows(person: someone))
    }

    func testFieldTableFindsEveryFieldAndNoOther() {
        for procedure in Self.procedures.procedures {
            for (index, spec) in procedure.fields.enumerated() {
                XCTAssertEqual(withBytes(spec.key) { procedure.fieldIndex(utf8: $0) }, index)
                XCTAssertEqual(procedure.fieldIndex(hash: FieldMap.hash(spec.key), key: spec.key), index)
            }
            XCTAssertNil(withBytes("chanel") { procedure.fieldIndex(utf8: $0) })
            XCTAssertNil(procedure.fieldIndex(hash: FieldMap.hash("chanel"), key: "chanel"))
        }
    }

    func testPresenceBitsMatchTheFieldMap() {
        var fields = FieldMap()
        let at = SourcePosition.start
        fields["status"] = DecodedField(key: "status", keyPosition: at, valueRange: SourceRange(at: at), value: .state("new"), isPresent: true)
        fields["contact"] = DecodedField(key: "contact", keyPosition: at, valueRange: SourceRange(at: at), value: nil, isPresent: false)
        let bits = fields.presence(in: incident)!
        for (index, spec) in incident.fields.enumerated() {
            let bit: UInt64 = 1 << UInt64(index)
            XCTAssertEqual(bits.written & bit != 0, fields[spec.key] != nil, spec.key)
            XCTAssertEqual(bits.present & bit != 0, fields.isPresent(spec.key), spec.key)
        }
    }

    func testConditionStatesFollowChanges() {
        var condition = Condition(states: ["closed"])
        XCTAssertEqual(condition.stateList, ["closed"])
        condition.states = ["new", "assigned"]
        XCTAssertEqual(Set(condition.stateList ?? []), ["new", "assigned"])
        condition.states = nil
        XCTAssertNil(condition.stateList)
    }

    /// `sectionID(for:)` as it was: `String` comparison only.
    func referenceSectionID(_ title: String, _ procedure: Procedure) -> String? {
        if let exact = procedure.sections.first(where: { $0.zh == title || $0.en == title }) { return exact.id }
        let lower = title.lowercased()
        return procedure.sections.first { $0.zh == title || $0.en.lowercased() == lower || $0.zh.lowercased() == lower }?.id
    }

    func testSectionHeadingsCompareAsTheStringsDo() {
        XCTAssertTrue(BodyParser.isInert("事件描述 Resolution"))
        XCTAssertFalse(BodyParser.isInert("解决方案（临时）"))
        XCTAssertFalse(BodyParser.isInert("Re\u{301}solution"))
        // U+F900 is canonically U+8C48: equal as Strings, not as bytes, and not inert.
        XCTAssertFalse(BodyParser.isInert("\u{F900}"))
        for procedure in Self.procedures.procedures {
            XCTAssertTrue(procedure.sectionTitlesAreInert, procedure.kind)
            let parser = BodyParser(procedure: procedure)
            var headings = ["", "Nothing like it", "解决方案（临时）", "\u{F900}"]
            for spec in procedure.sections {
                headings += [spec.zh, spec.en, spec.en.uppercased(), spec.zh + " ", String(spec.zh.dropLast())]
            }
            for heading in headings {
                XCTAssertEqual(parser.sectionID(for: heading), referenceSectionID(heading, procedure), "\(procedure.kind): \(heading)")
            }
        }
    }

    /// The work-log `[state]` mark is told from its first bytes as `hasPrefix("[")` tells it: a
    /// bracket followed by a combining mark is no bracket (the first character is `[́`).
    func testWorklogMarkFromBytesAgreesWithHasPrefix() {
        let parser = BodyParser(procedure: incident)
        let dates = DateTimeParser(timeZone: Self.procedures.settings.timeZone)
        func mark(_ text: String) -> String?? {
            let line = Array("- 2026-11-03 09:15 lisi: \(text)".utf8)
            return parser.parseEntry(line, 2, line.count, line: 1, lineStart: 0, dates: dates).map(\.stateMark)
        }
        XCTAssertEqual(mark("[pending] 等待用户"), .some("pending"))
        XCTAssertEqual(mark("[待处理] 等待用户"), .some("待处理"))
        XCTAssertEqual(mark("[\u{301}pending] 等待用户"), .some(nil))
        XCTAssertEqual(mark("pending] 等待用户"), .some(nil))
        XCTAssertEqual(mark("["), .some(nil))
        XCTAssertEqual("[\u{301}pending]".hasPrefix("["), false)
    }
}
