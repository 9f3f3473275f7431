import Foundation
import XCTest
@testable import DocketKit

final class TemplateCommandTests: XCTestCase {
    func folder(_ files: [String: String]) throws -> String {
        let root = try TestRepository.emptyFolder("template")
        for (path, text) in files { try TestRepository.write(text, to: path, in: root) }
        return FileSystem.realPath(root) ?? root
    }

    func testPrintsExactlyTheResult() throws {
        let root = try folder(["templates/forms/x.mustache": "Hi {{name}}{{>sig}}", "templates/forms/sig.mustache": ", {{team}}",
                               "d.json": #"{"name": "<张敏>", "team": "IT"}"#])
        let result = TestRepository.run(["template", "render", "templates/forms/x.mustache", "--data", "d.json"], in: root)
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertEqual(result.output, "Hi &lt;张敏&gt;, IT")
        XCTAssertEqual(result.errors, "")
    }

    func testPartialsFolder() throws {
        let root = try folder(["x.mustache": "[{{>p}}]", "parts/p.mustache": "P", "d.json": "{}"])
        XCTAssertEqual(TestRepository.run(["template", "render", "x.mustache", "--data", "d.json", "--partials", "parts"], in: root).output, "[P]")
        let missing = TestRepository.run(["template", "render", "x.mustache", "--data", "d.json"], in: root)
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.errors, "x.mustache:1:2: error: unknown partial \"p\": expected p.mustache, found none\n")
    }

    func testTemplateErrorExitsTwoWithPosition() throws {
        let root = try folder(["templates/forms/x.mustache": "<h1>\n{{#fields}}\n", "d.json": "{}"])
        let result = TestRepository.run(["template", "render", "templates/forms/x.mustache", "--data", "d.json"], in: root)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.output, "")
        XCTAssertEqual(result.errors, "templates/forms/x.mustache:2:1: error: unclosed section \"fields\" opened here: expected {{/fields}}, found the end of the template\n")
    }

    func testPartialsCannotLeaveTheirFolder() throws {
        let root = try folder(["t/x.mustache": "{{>../secret}}", "t/y.mustache": "{{>link}}", "secret.mustache": "s", "d.json": "{}"])
        try FileManager.default.createSymbolicLink(atPath: root + "/t/link.mustache", withDestinationPath: root + "/secret.mustache")
        let dotdot = TestRepository.run(["template", "render", "t/x.mustache", "--data", "d.json"], in: root)
        XCTAssertEqual(dotdot.status, 2)
        XCTAssertEqual(dotdot.errors, "t/x.mustache:1:1: error: expected a partial name inside t such as header or forms/header, found \"../secret\"\n")
        let link = TestRepository.run(["template", "render", "t/y.mustache", "--data", "d.json"], in: root)
        XCTAssertEqual(link.status, 2)
        XCTAssertEqual(link.errors, "t/y.mustache:1:1: error: partial \"link\" leads outside t through a symbolic link: expected a file inside it\n")
    }

    func testUsageAndDataErrors() throws {
        let root = try folder(["x.mustache": "x", "bad.json": "{\"a\":\n 1,,}"])
        let noData = TestRepository.run(["template", "render", "x.mustache"], in: root)
        XCTAssertEqual(noData.status, 2)
        XCTAssertTrue(noData.errors.hasPrefix("docket template: error: expected --data DATA.json, found no --data\n"), noData.errors)
        let action = TestRepository.run(["template", "draw", "x.mustache", "--data", "bad.json"], in: root)
        XCTAssertEqual(action.status, 2)
        XCTAssertTrue(action.errors.hasPrefix("docket template: error: expected the action render, found \"draw\""), action.errors)
        let bad = TestRepository.run(["template", "render", "x.mustache", "--data", "bad.json"], in: root)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.errors, "docket template: error: expected JSON data in bad.json, found invalid JSON at 2:4 (invalid value)\n")
        let noTemplate = TestRepository.run(["template", "render", "nope.mustache", "--data", "bad.json"], in: root)
        XCTAssertEqual(noTemplate.errors, "docket template: error: expected a readable template file, found no nope.mustache\n")
        let help = TestRepository.run(["template", "--help"], in: root)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("usage: docket template [options] render TEMPLATE"))
        XCTAssertTrue(help.output.contains("an unknown partial is an error"))
    }
}
