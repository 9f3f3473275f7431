import Foundation

/// `docket template render TEMPLATE --data DATA.json [--partials DIR]`: renders a
/// Mustache template against JSON data and prints exactly the result.
public enum TemplateCommand: Command {
    public static let spec = CommandSpec(
        name: "template", abstract: "render a Mustache template against JSON data",
        arguments: "render TEMPLATE", minArguments: 2, maxArguments: 2,
        options: [
            .value("--data", "DATA.json", "the JSON value the template renders (required)"),
            .value("--partials", "DIR", "where {{>name}} and {{<name}} are read, as DIR/name.mustache (default: the template's folder)"),
            SharedOption.root,
            SharedOption.output,
        ],
        discussion: """
        Prints the rendered template exactly: nothing is added, not even a final line end.

        The language is Mustache: {{name}} (HTML-escaped: & " < > '), {{{name}}} and
        {{&name}} (not escaped), dotted names a.b.c, {{.}} for the current item,
        sections {{#name}}…{{/name}} over lists, maps and booleans, inverted sections
        {{^name}}…{{/name}}, comments {{! … }}, partials {{>name}} (a partial alone on its
        line is indented like the tag), delimiter changes {{=<% %>=}} and template
        inheritance: {{<layout}}{{$block}}…{{/block}}{{/layout}} renders layout.mustache
        with its {{$block}}default{{/block}} replaced. Lambdas are not supported. False,
        null, an empty list and an empty string are false for sections.

        Partial names are looked up only inside the partials folder (no "..", no absolute
        names, no symbolic link leading out). Every partial the template can reach must
        exist, in any section, whatever the data: an unknown partial is an error.

        A template error prints FILE:line:col: error: message and exits 2; so does
        unreadable or invalid JSON data.

        examples:
          docket template render templates/forms/incident.mustache --data incident.json
          docket template render page.mustache --data data.json --partials templates/partials
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        // No repository is needed; a --root given is checked, and relative paths resolve against it.
        if arguments.value(SharedOption.root.name) != nil { _ = try context.root() }
        _ = try context.outputPath()
        guard arguments.positionals[0] == "render" else {
            throw UsageError("expected the action render, found \"\(arguments.positionals[0])\"")
        }
        guard let dataPath = arguments.value("--data") else {
            throw UsageError("expected --data DATA.json, found no --data")
        }
        let templatePath = arguments.positionals[1]
        guard let source = FileSystem.read(context.resolve(templatePath)) else {
            throw CommandFailure("expected a readable template file, found no \(templatePath)")
        }
        guard let dataBytes = FileSystem.read(context.resolve(dataPath)) else {
            throw CommandFailure("expected a readable JSON file, found no \(dataPath)")
        }
        let data: TemplateValue
        do {
            data = try TemplateValue(json: dataBytes)
        } catch {
            throw CommandFailure("expected JSON data in \(dataPath), found \(describeInvalidJSON(dataBytes))")
        }
        let partialsFolder = arguments.value("--partials") ?? (templatePath as NSString).deletingLastPathComponent
        guard FileSystem.isDirectory(context.resolve(partialsFolder.isEmpty ? "." : partialsFolder)) else {
            throw CommandFailure("expected a folder of partials, found no folder \(partialsFolder)")
        }
        let loader = TemplateDirectoryLoader(folder: context.resolve(partialsFolder.isEmpty ? "." : partialsFolder),
                                             displayFolder: partialsFolder)
        let renderer = TemplateRenderer(loader: loader, unknownPartial: .fail)
        let text: String
        do {
            let template = try Template(source: source, path: templatePath)
            try renderer.check(template)
            text = String(decoding: try renderer.render(template, with: data), as: UTF8.self)
        } catch {
            console.error(error.description)
            return 2
        }
        try context.emit(text)
        return 0
    }

    /// Where and why `bytes` are not JSON, from Foundation's message ("invalid value
    /// around character 9" becomes "invalid JSON at 2:4 (invalid value)").
    static func describeInvalidJSON(_ bytes: [UInt8]) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch let error as NSError {
            guard let detail = error.userInfo[NSDebugDescriptionErrorKey] as? String else { return "invalid JSON" }
            var reason = detail.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            var place = ""
            if let range = reason.range(of: " around character "), let offset = Int(reason[range.upperBound...]) {
                let before = bytes.prefix(min(offset, bytes.count))
                let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
                let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
                place = " at \(line):\(column)"
                reason = String(reason[..<range.lowerBound])
            }
            return "invalid JSON\(place) (\(reason.prefix(1).lowercased() + reason.dropFirst()))"
        }
        return "a value the template data cannot hold"
    }
}
