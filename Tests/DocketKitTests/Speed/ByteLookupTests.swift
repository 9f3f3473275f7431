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

    /// Keys of every length class (below four bytes, below eight, up to 16 compared by words
    /// alone, longer by `memcmp`) are found; keys that share a long key's first and last
    /// bytes and length but not its middle, or that differ in one byte, are not.
    func testByteKeyTableFindsEachKeyAndNoNearMiss() {
        let keys = ["a", "ab", "abc", "abcd", "abcdefg", "abcdefgh", "abcdefghijklmnop", "configuration_items", "customer_notified",
                    "事件描述", "处理记录", "", "ab"]
        let table = ByteKeyTable(keys)
        for (index, key) in keys.enumerated() {
            // A key given twice is found at its first index, as a walk along the keys finds it.
            XCTAssertEqual(withBytes(key) { table.index(utf8: $0) }, keys.firstIndex(of: key), key)
            XCTAssertEqual(table.key(at: index), key)
        }
        for miss in ["b", "ac", "abd", "abce", "abcdefh", "abcdefgi", "abcdefghijklmnoq", "configurationXitems", "configuration_itemz",
                     "customer_notifiee", "事件描", "处理记彔", "A", "abcdefghijklmnopq", "configuration_item"] {
            XCTAssertNil(withBytes(miss) { table.index(utf8: $0) }, miss)
        }
        XCTAssertNil(withBytes("x") { ByteKeyTable([]).index(utf8: $0) })
        // Many keys: a fuller table still finds each one, and only it.
        let many = (0..<200).map { "key_\($0)_" + String(repeating: "x", count: $0 % 23) }
        let big = ByteKeyTable(many)
        for (index, key) in many.enumerated() {
            XCTAssertEqual(withBytes(key) { big.index(utf8: $0) }, index, key)
            XCTAssertNil(withBytes(key + "y") { big.index(utf8: $0) }, key)
        }
    }

    /// The words of two keys are equal exactly when the keys are, up to 16 bytes.
    func testKeyWordsAreExactUpToSixteenBytes() {
        let alphabet = Array("ab".utf8)
        for length in 0...KeyWords.exactLength {
            var keys: [[UInt8]] = [[]]
            for _ in 0..<min(length, 4) { keys = keys.flatMap { key in alphabet.map { key + [$0] } } }
            keys = keys.map { $0 + Array(repeating: UInt8(ascii: "z"), count: length - $0.count) }
            // The varied bytes moved to every place: the start, the end, across the middle.
            var shapes: [[UInt8]] = []
            for key in keys {
                let half = key.count / 2
                let rotated: [UInt8] = Array(key[half...]) + Array(key[..<half])
                shapes += [key, Array(key.reversed()), rotated]
            }
            for first in shapes {
                for second in shapes {
                    let a: KeyWords = first.withUnsafeBufferPointer { KeyWords(utf8: $0) }
                    let b: KeyWords = second.withUnsafeBufferPointer { KeyWords(utf8: $0) }
                    let same = a == b
                    XCTAssertEqual(same, first == second, "\(first) \(second)")
                }
            }
        }
    }

    /// `startsNonBlank` is never true for a text `FieldDecoder.isBlank` calls blank, and is true
    /// for the ordinary first characters (ASCII, CJK ideographs).
    func testStartsNonBlankNeverContradictsIsBlank() {
        for text in ["x", " x", "  ", "\u{3000}", "\u{3000}x", "中", "丁", "一", "\u{4DFF}", "\u{3400}", "龥", "\u{9FFF}", "é", "\u{00A0}",
                     "\u{2003}", "-", "0", "ab cd", "\u{FF1A}"] {
            for quoted in [text, "'\(text)'"] {
                let bytes = Array(quoted.utf8)
                let nonBlank = bytes.withUnsafeBufferPointer { buffer in
                    SlotScalar(b: buffer, range: SourceRange(start: SourcePosition(offset: 0, line: 1, column: 1),
                                                             end: SourcePosition(offset: bytes.count, line: 1, column: bytes.count + 1)),
                               style: quoted == text ? .plain : .singleQuoted).startsNonBlank
                }
                if nonBlank { XCTAssertFalse(FieldDecoder.isBlank(text), quoted) }
                if ["x", "中", "丁", "一", "龥", "\u{9FFF}", "-", "0", "ab cd"].contains(text) { XCTAssertTrue(nonBlank, quoted) }
                if ["  ", "\u{3000}", " x"].contains(text) { XCTAssertFalse(nonBlank, quoted) }
            }
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
