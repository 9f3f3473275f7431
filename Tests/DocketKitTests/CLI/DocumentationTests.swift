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
}
