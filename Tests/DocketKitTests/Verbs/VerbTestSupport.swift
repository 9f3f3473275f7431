import Foundation
@testable import DocketKit

/// The bundled sample repository (the package root) and a buffered `docket` run against it.
enum SampleRepository {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func run(_ arguments: [String], in directory: String = root) -> (code: Int32, output: String, errors: String) {
        let console = Console(environment: [:], currentDirectory: directory)
        let code = Docket.run(arguments, console: console)
        return (code, console.output, console.errors)
    }

    static func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
}
