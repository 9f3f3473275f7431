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
