/// The text a new record starts from: `templates/new/KIND.md` (Mustache) when the
/// repository has one, else one built from the procedure.
struct RecordSkeleton {
    let procedure: Procedure
    let template: Template

    init(procedure: Procedure, root: String) throws {
        self.procedure = procedure
        let relative = "templates/new/" + procedure.kind + ".md"
        let source: [UInt8]
        switch RecordLoader.readUnvetted(root + "/" + relative, insideOf: root, limit: 1 << 20) {
        case .bytes(let bytes): source = bytes
        case .refused(.missing): source = Array(Self.builtIn(procedure).utf8)
        case .refused(let refusal): throw CommandFailure("expected \(relative) to be a readable template, found \(refusal.message)")
        }
        do {
            template = try Template(source: source, path: relative)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The skeleton of a kind without a template: its always-required fields (empty
    /// where nothing fills them, for the writer to see) and its sections.
    static func builtIn(_ procedure: Procedure) -> String {
        var lines = ["---", "id: {{{id}}}", "\(procedure.titleField): {{{title}}}", "status: {{{status}}}"]
        if let opened = procedure.openedField { lines.append("\(opened): {{{now}}}") }
        let written: Set<String> = ["id", procedure.titleField, "status", procedure.openedField ?? "id"]
        for field in procedure.fields where !written.contains(field.key) {
            guard case .always = field.required else { continue }
            lines.append("\(field.key):{{#\(field.key)}} {{{\(field.key)}}}{{/\(field.key)}}")
        }
        lines.append("---")
        for section in procedure.sections {
            if !section.isWorklog, case .never = section.required { continue }
            lines.append("")
            lines.append("## " + section.zh)
            lines.append("")
            if section.isWorklog {
                lines.append("- {{{now}}} {{{user}}}: [{{{status}}}] 新建")
            } else {
                // The writer's text, or a line that says what belongs here.
                lines.append("{{#\(section.id)}}{{{\(section.id)}}}{{/\(section.id)}}{{^\(section.id)}}（\(section.zh)）{{/\(section.id)}}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An enum or state value as its id when `text` is a label or alias of one; anything
    /// else as given (validation judges it).
    static func canonical(_ text: String, field: FieldSpec?) -> String {
        switch field?.type {
        case .enumeration(let values)?: values.resolve(text) ?? text
        default: text
        }
    }

    /// The record: the template rendered, then every `--set` field written into the
    /// front matter (replacing the template's line for it, else added before the closing
    /// `---`); a `--set` key that is no field is only template data.
    func render(id: String, title: String, now: String, user: String, settings: [(String, String)]) throws -> [UInt8] {
        let status = procedure.states.first?.id ?? "new"
        var data: [String: TemplateValue] = ["id": .string(id), "title": .string(YAMLText.scalar(title)), "status": .string(status),
                                             "now": .string(now), "user": .string(user)]
        // Fields go into the front matter as YAML scalars; other keys (`description`) are body text for the template.
        let settings = settings.map { key, value in (key, Self.canonical(value, field: procedure.field(key))) }
        for (key, value) in settings { data[key] = .string(procedure.field(key) == nil ? value : YAMLText.scalar(value)) }
        var bytes: [UInt8]
        do {
            bytes = try TemplateRenderer(unknownPartial: .fail).render(template, with: TemplateValue.map(data))
        } catch {
            throw CommandFailure(error.description)
        }
        for (key, value) in settings where procedure.field(key) != nil {
            bytes = YAMLText.setTopLevel(key, to: YAMLText.scalar(value), in: bytes)
        }
        return bytes
    }
}

/// The smallest front-matter writing Docket needs before the YAML editing primitives:
/// a scalar in a style that keeps its meaning, and one top-level key set.
enum YAMLText {
    /// `text` plain when YAML reads it back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        let special: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " "]
        let reserved: Set<String> = ["null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", ""]
        let plain = !(text.first.map { special.contains($0) } ?? true) && !text.hasSuffix(" ") && !reserved.contains(text)
            && !text.contains(": ") && !text.contains(" #") && !text.hasSuffix(":")
            && !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            && Double(text) == nil && Int(text) == nil && !text.hasPrefix("0x") && !text.hasPrefix("0o")
        if plain { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted += "\\x" + String(scalar.value, radix: 16).leftPadded(2)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    /// `bytes` with the top-level front-matter line `key: …` replaced by `key: value`,
    /// or added before the closing `---` when there is none.
    static func setTopLevel(_ key: String, to value: String, in bytes: [UInt8]) -> [UInt8] {
        let newline = RecordEdit.lineEnd(of: bytes)
        let prefix = Array((key + ":").utf8)
        var lineStart = 0
        var first = true
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let line = bytes[lineStart..<contentEnd]
            if !first, line.elementsEqual("---".utf8) {
                return Array(bytes[..<lineStart]) + Array("\(key): \(value)".utf8) + newline + Array(bytes[lineStart...])
            }
            if !first, line.starts(with: prefix), line.count == prefix.count || line[lineStart + prefix.count] == UInt8(ascii: " ") {
                return Array(bytes[..<lineStart]) + Array("\(key): \(value)".utf8) + Array(bytes[contentEnd...])
            }
            first = false
            lineStart = lineEnd + 1
        }
        return bytes
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
