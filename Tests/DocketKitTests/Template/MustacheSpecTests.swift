import Foundation
import XCTest
@testable import DocketKit

/// Every test of the required spec modules and `~inheritance`, through the engine
/// (spec behaviour: an unknown partial renders empty).
final class MustacheSpecTests: XCTestCase {
    func testSpecThroughEngine() throws {
        let failures = try MustacheSpec.run(label: "engine") { testCase in
            let renderer = TemplateRenderer(loader: TemplateDictionaryLoader(testCase.partials ?? [:]))
            return try renderer.renderString(Template(testCase.template, path: "spec.mustache"), with: testCase.data)
        }
        XCTAssertEqual(failures, [], failures.joined(separator: "\n"))
    }
}

/// The same spec cases through `docket template render` (in process): template, data
/// and partials written as files. The one deliberate difference: `docket` reports an
/// unknown partial as an error (exit 2) where the spec renders it empty.
final class TemplateRenderSpecTests: XCTestCase {
    func testSpecThroughDocketTemplateRender() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("docket-mustache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        var number = 0
        let failures = try MustacheSpec.run(label: "docket template render") { testCase in
            number += 1
            let folder = base + "/\(number)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(testCase.template.utf8).write(to: URL(fileURLWithPath: folder + "/template.mustache"))
            try JSONEncoder().encode(testCase.data).write(to: URL(fileURLWithPath: folder + "/data.json"))
            for (name, source) in testCase.partials ?? [:] {
                try Data(source.utf8).write(to: URL(fileURLWithPath: folder + "/" + name + ".mustache"))
            }
            let result = TestRepository.run(["template", "render", "template.mustache", "--data", "data.json"], in: folder)
            if testCase.name == "Failed Lookup" {
                let reported = result.status == 2
                    && result.errors == "template.mustache:1:2: error: unknown partial \"text\": expected text.mustache, found none\n"
                return reported ? testCase.expected : result.errors
            }
            return result.status == 0 ? result.output : nil
        }
        XCTAssertEqual(failures, [], failures.joined(separator: "\n"))
    }
}
