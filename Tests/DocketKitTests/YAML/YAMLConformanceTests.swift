import Foundation
import XCTest
@testable import DocketKit

/// Runs the YAML test suite (`../shared/conformance/yaml-test-suite` beside the
/// package root) through the parser and compares accepted documents with in.json.
final class YAMLConformanceTests: XCTestCase {
    struct Case {
        var name: String
        var folder: URL
    }

    static var suiteFolder: URL {
        // Tests/DocketKitTests/YAML/<this file> -> package root.
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/conformance/yaml-test-suite")
    }

    static func cases(in folder: URL) -> [Case] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else { return [] }
        var result: [Case] = []
        for name in names.sorted() {
            let dir = folder.appendingPathComponent(name)
            if fm.fileExists(atPath: dir.appendingPathComponent("in.yaml").path) {
                result.append(Case(name: name, folder: dir))
            } else if let subs = try? fm.contentsOfDirectory(atPath: dir.path) {
                for sub in subs.sorted() {
                    let subDir = dir.appendingPathComponent(sub)
                    if fm.fileExists(atPath: subDir.appendingPathComponent("in.yaml").path) {
                        result.append(Case(name: "\(name)/\(sub)", folder: subDir))
                    }
                }
            }
        }
        return result
    }

    func testYAMLTestSuite() throws {
        let folder = Self.suiteFolder
        guard FileManager.default.fileExists(atPath: folder.path) else {
            // On CI the suite is checked out beside the package: its absence is a broken setup, not a skip.
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                return XCTFail("expected the YAML test suite at \(folder.path) with CI=true, found nothing; check it out beside the package")
            }
            throw XCTSkip("yaml-test-suite not found at \(folder.path)")
        }
        let all = Self.cases(in: folder)
        XCTAssertFalse(all.isEmpty)
        var wrongAcceptances: [String] = []
        var acceptedErrors: [String] = []
        var eligible = 0
        var withDirectives = 0
        var withDirectivesEqual = 0
        var eligibleEqual = 0
        var eligibleRejected: [String] = []
        var acceptedEqual = 0
        var rejected = 0
        for c in all {
            guard let yaml = FileManager.default.contents(atPath: c.folder.appendingPathComponent("in.yaml").path) else { continue }
            let mustFail = FileManager.default.fileExists(atPath: c.folder.appendingPathComponent("error").path)
            let jsonData = FileManager.default.contents(atPath: c.folder.appendingPathComponent("in.json").path)
            let events = (FileManager.default.contents(atPath: c.folder.appendingPathComponent("test.event").path))
                .map { String(decoding: $0, as: UTF8.self) } ?? ""
            let bytes = [UInt8](yaml)
            var result: YAMLNode?
            var accepted = true
            var failure = ""
            do {
                result = try YAMLParser.parse(bytes)
            } catch {
                accepted = false
                failure = "\(error.kind) \(error.position.line):\(error.position.column) \(error.message)"
            }
            if !accepted { rejected += 1 }
            let isEligible = !mustFail && jsonData != nil && Self.isSingleDocument(events)
                && !Self.hasUnsupportedFeatures(events: events, yaml: bytes)
            if isEligible { eligible += 1 }
            let eligibleButDirectives = !isEligible && !mustFail && jsonData != nil && Self.isSingleDocument(events)
                && !Self.hasUnsupportedFeatures(events: events, yaml: bytes, countDirectives: false)
            if eligibleButDirectives { withDirectives += 1 }
            if mustFail {
                if accepted { acceptedErrors.append(c.name) }
                continue
            }
            guard accepted else {
                if isEligible { eligibleRejected.append("\(c.name): \(failure)") }
                continue
            }
            guard let jsonData else { continue }
            let expected: [JSONValue]
            do {
                expected = try JSONValue.parseStream(String(decoding: jsonData, as: UTF8.self))
            } catch {
                XCTFail("\(c.name): cannot read in.json: \(error)")
                continue
            }
            let rendered = YAMLJSON.render(result)
            let actual: JSONValue
            do {
                actual = try JSONValue.parseStream(rendered).first ?? .null
            } catch {
                XCTFail("\(c.name): rendered JSON does not parse: \(error)\n\(rendered)")
                continue
            }
            let equal: Bool
            if result == nil {
                equal = expected.isEmpty || expected == [.null]
            } else {
                equal = expected.count == 1 && expected[0] == actual
            }
            if equal {
                acceptedEqual += 1
                if isEligible { eligibleEqual += 1 }
                if eligibleButDirectives { withDirectivesEqual += 1 }
            } else {
                wrongAcceptances.append("\(c.name): got \(rendered)")
            }
        }
        let percent = eligible == 0 ? 100 : Double(eligibleEqual) * 100 / Double(eligible)
        print("""
            yaml-test-suite: \(all.count) cases, \(all.count - rejected) accepted (\(acceptedEqual) equal to in.json), \
            \(rejected) rejected, \(acceptedErrors.count) error cases accepted, \(wrongAcceptances.count) wrong results
            yaml-test-suite: eligible single-document cases without anchors/aliases/tags/complex keys: \(eligible), \
            accepted and equal: \(eligibleEqual) (\(String(format: "%.1f", percent))%)
            """)
        let all2 = eligible + withDirectives
        let percent2 = all2 == 0 ? 100 : Double(eligibleEqual + withDirectivesEqual) * 100 / Double(all2)
        print("yaml-test-suite: counting also the \(withDirectives) such cases with directives "
            + "(%YAML 1.2 read, every other directive rejected on purpose): \(eligibleEqual + withDirectivesEqual) of \(all2) "
            + "(\(String(format: "%.1f", percent2))%)")
        if ProcessInfo.processInfo.environment["YAML_SUITE_VERBOSE"] != nil {
            for r in eligibleRejected { print("rejected eligible \(r)") }
        }
        XCTAssertEqual(wrongAcceptances, [], "accepted with a result different from in.json")
        XCTAssertEqual(acceptedErrors, [], "error cases accepted")
        XCTAssertGreaterThanOrEqual(percent, 95, "eligible cases rejected:\n" + eligibleRejected.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(percent2, 95, "with the directive cases counted as eligible")
    }

    /// Exactly one `+DOC` event.
    static func isSingleDocument(_ events: String) -> Bool {
        var count = 0
        for line in events.split(separator: "\n") where line.hasPrefix("+DOC") { count += 1 }
        return count == 1
    }

    /// Anchors, aliases, tags (from the event properties), complex keys (a line of
    /// in.yaml starting with `? ` after indentation) or directives (a line of
    /// in.yaml starting with `%`, which the brief also lists as rejected).
    static func hasUnsupportedFeatures(events: String, yaml: [UInt8], countDirectives: Bool = true) -> Bool {
        for line in events.split(separator: "\n") {
            if line.hasPrefix("=ALI") { return true }
            for token in line.split(separator: " ").dropFirst() {
                guard let f = token.first else { continue }
                if f == ":" || f == "'" || f == "\"" || f == "|" || f == ">" { break }
                if f == "&" || f == "<" { return true }
            }
        }
        let text = String(decoding: yaml, as: UTF8.self)
        var beforeDocument = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("---") { beforeDocument = false }
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed == "?" || trimmed.hasPrefix("? ") || trimmed.hasPrefix("?\t") { return true }
            if countDirectives && beforeDocument && line.hasPrefix("%") { return true }
        }
        return false
    }
}

/// A JSON value for structural comparison (numbers compared numerically,
/// object keys unordered). A small parser of its own, so booleans and numbers
/// stay apart on every platform.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    struct Failure: Error { var message: String }

    /// Parses whitespace-separated concatenated JSON values.
    static func parseStream(_ text: String) throws -> [JSONValue] {
        var p = Parser(b: Array(text.utf8))
        var values: [JSONValue] = []
        p.skip()
        while p.i < p.b.count {
            values.append(try p.value())
            p.skip()
        }
        return values
    }

    struct Parser {
        var b: [UInt8]
        var i = 0

        mutating func skip() {
            while i < b.count && (b[i] == 32 || b[i] == 10 || b[i] == 13 || b[i] == 9) { i += 1 }
        }

        mutating func value() throws -> JSONValue {
            skip()
            guard i < b.count else { throw Failure(message: "end of input") }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var dict: [String: JSONValue] = [:]
                skip()
                if i < b.count && b[i] == UInt8(ascii: "}") { i += 1; return .object(dict) }
                while true {
                    skip()
                    guard case .string(let key) = try value() else { throw Failure(message: "key") }
                    skip()
                    guard i < b.count && b[i] == UInt8(ascii: ":") else { throw Failure(message: "colon") }
                    i += 1
                    dict[key] = try value()
                    skip()
                    guard i < b.count else { throw Failure(message: "object end") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; return .object(dict) }
                    throw Failure(message: "object")
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSONValue] = []
                skip()
                if i < b.count && b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skip()
                    guard i < b.count else { throw Failure(message: "array end") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw Failure(message: "array")
                }
            case UInt8(ascii: "\""):
                i += 1
                var out: [UInt8] = []
                var pendingHigh: UInt32? = nil
                while true {
                    guard i < b.count else { throw Failure(message: "string end") }
                    let c = b[i]
                    i += 1
                    if c == UInt8(ascii: "\"") { break }
                    if c != UInt8(ascii: "\\") { out.append(c); continue }
                    guard i < b.count else { throw Failure(message: "escape") }
                    let e = b[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "b"): out.append(8)
                    case UInt8(ascii: "f"): out.append(12)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= b.count, var v = UInt32(String(decoding: b[i..<i + 4], as: UTF8.self), radix: 16)
                        else { throw Failure(message: "unicode escape") }
                        i += 4
                        if v >= 0xD800 && v < 0xDC00 { pendingHigh = v; continue }
                        if v >= 0xDC00 && v < 0xE000, let h = pendingHigh {
                            v = 0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00)
                        }
                        pendingHigh = nil
                        out.append(contentsOf: Array(String(Character(Unicode.Scalar(v) ?? "?")).utf8))
                    default: out.append(e)
                    }
                }
                return .string(String(decoding: out, as: UTF8.self))
            case UInt8(ascii: "t"):
                i += 4; return .bool(true)
            case UInt8(ascii: "f"):
                i += 5; return .bool(false)
            case UInt8(ascii: "n"):
                i += 4; return .null
            default:
                let start = i
                while i < b.count, !(b[i] == 32 || b[i] == 10 || b[i] == 13 || b[i] == 9
                    || b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "]") || b[i] == UInt8(ascii: "}")) { i += 1 }
                guard let d = Double(String(decoding: b[start..<i], as: UTF8.self)) else {
                    throw Failure(message: "number")
                }
                return .number(d)
            }
        }
    }
}
