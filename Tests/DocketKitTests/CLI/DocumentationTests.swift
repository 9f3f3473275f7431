import Foundation
import XCTest
@testable import DocketKit

/// The README must keep up with the code: every rule id and every verb is documented.
final class DocumentationTests: XCTestCase {
    func testReadmeNamesEveryRuleAndVerb() throws {
        let readme = try String(contentsOfFile: TestRepository.packageRoot + "/README.md", encoding: .utf8)
            + ((try? String(contentsOfFile: TestRepository.packageRoot + "/docs/history.md", encoding: .utf8)) ?? "")
        for rule in RuleCatalog.all { XCTAssertTrue(readme.contains("`\(rule.id)`"), "README does not name rule \(rule.id)") }
        for command in Docket.commands { XCTAssertTrue(readme.contains("docket \(command.spec.name)"), "README does not name verb \(command.spec.name)") }
    }

    /// docs/records.md documents every rule, and every state and field of the
    /// sample's procedures, with its zh label.
    func testRecordFormatNamesEveryRuleStateAndField() throws {
        let records = try String(contentsOfFile: TestRepository.packageRoot + "/docs/records.md", encoding: .utf8)
        for rule in RuleCatalog.all {
            XCTAssertTrue(records.contains("- `\(rule.id)`"), "docs/records.md does not list rule \(rule.id)")
        }
        let procedures = try ProcedureSet.load(root: TestRepository.packageRoot)
        XCTAssertEqual(procedures.procedures.count, 6)
        for procedure in procedures.procedures {
            XCTAssertTrue(records.contains("`procedures/\(procedure.kind).md`"), "kind \(procedure.kind)")
            for state in procedure.states {
                XCTAssertTrue(records.contains("`\(state.id)` \(state.zh)"), "\(procedure.kind) state \(state.id) \(state.zh)")
            }
            for field in procedure.fields {
                XCTAssertTrue(records.contains("| `\(field.key)` |") && records.contains("| \(field.zh) |"),
                              "\(procedure.kind) field \(field.key) \(field.zh)")
            }
        }
    }

    /// No link of README.md or docs/ leads outside the repository, and every
    /// relative link names a file that exists.
    func testNoLinkLeavesTheRepository() throws {
        let root = TestRepository.packageRoot
        let docs = try FileManager.default.contentsOfDirectory(atPath: root + "/docs").filter { $0.hasSuffix(".md") }
        let files = ["README.md"] + docs.sorted().map { "docs/" + $0 }
        XCTAssertTrue(files.contains("docs/records.md"))
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            XCTAssertEqual(Self.badLinks(in: text, file: file, root: root), [], file)
        }
    }

    func testBadLinkFinderCatchesLinksOutside() {
        let root = TestRepository.packageRoot
        XCTAssertEqual(Self.badLinks(in: "see [contract](../shared/spec/records.md)", file: "README.md", root: root),
                       ["../shared/spec/records.md: leaves the repository"])
        XCTAssertEqual(Self.badLinks(in: "[a](/etc/passwd) and [b]: ../../x.md\n[c](file:///tmp/x)", file: "docs/x.md", root: root),
                       ["/etc/passwd: leaves the repository", "../../x.md: leaves the repository", "file:///tmp/x: leaves the repository"])
        XCTAssertEqual(Self.badLinks(in: "[gone](docs/nothing-here.md)", file: "README.md", root: root),
                       ["docs/nothing-here.md: no such file"])
        let fine = "[records](records.md#values), [readme](../README.md#sla), [web](https://example.com/a(b)), "
            + "[top](#rules), `[not](../code)`\n```\n[x](../../fenced)\n```\n"
        XCTAssertEqual(Self.badLinks(in: fine, file: "docs/x.md", root: root), [])
    }

    /// Markdown link targets (`[text](target)` and `[label]: target`), outside code,
    /// that leave the repository or name a missing file; web and mail links pass.
    static func badLinks(in text: String, file: String, root: String) -> [String] {
        var targets: [String] = []
        var fenced = false
        for rawLine in text.components(separatedBy: "\n") {
            if rawLine.trimmingCharacters(in: .whitespaces).hasPrefix("```") { fenced.toggle(); continue }
            if fenced { continue }
            // Drop inline code spans.
            let line = rawLine.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 0 }.map { String($0.element) }.joined(separator: " ")
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                var depth = 1
                var index = open.upperBound
                var target = ""
                while index < rest.endIndex {
                    let c = rest[index]
                    if c == "(" { depth += 1 } else if c == ")" { depth -= 1; if depth == 0 { break } }
                    target.append(c)
                    index = rest.index(after: index)
                }
                targets.append(target.split(separator: " ").first.map(String.init) ?? target)
                rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
            }
            if line.hasPrefix("["), let close = line.range(of: "]: ") {
                targets.append(String(line[close.upperBound...]).trimmingCharacters(in: .whitespaces))
            }
        }
        var bad: [String] = []
        let folder = URL(fileURLWithPath: root + "/" + file).deletingLastPathComponent()
        for target in targets {
            let lower = target.lowercased()
            if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") || target.hasPrefix("#") { continue }
            let path = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if lower.contains(":") || path.hasPrefix("/") {
                bad.append("\(target): leaves the repository")
                continue
            }
            let resolved = folder.appendingPathComponent(path).standardizedFileURL.path
            if !(resolved == root || resolved.hasPrefix(root + "/")) {
                bad.append("\(target): leaves the repository")
            } else if !FileManager.default.fileExists(atPath: resolved) {
                bad.append("\(target): no such file")
            }
        }
        return bad
    }
}
