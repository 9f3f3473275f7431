import Foundation

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
    /// where nothing fills them, for the writer to see), its always-required sections
    /// and its work log.
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
            if !section.isWorklog, case .always = section.required {} else if !section.isWorklog { continue }
            lines.append("")
            lines.append("## " + section.zh)
            lines.append("")
            if section.isWorklog {
                lines.append("- {{{now}}} {{{user}}}: [{{{status}}}] 新建")
            } else {
                // The writer's text, or a comment that says what belongs here: a comment is no
                // content, so the record is not complete until someone writes it.
                lines.append("{{#\(section.id)}}{{{\(section.id)}}}{{/\(section.id)}}{{^\(section.id)}}<!-- \(section.zh) / \(section.en) -->{{/\(section.id)}}")
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
        for (key, value) in settings { data[key] = .string(procedure.field(key) == nil ? value : YAMLText.value(value, field: procedure.field(key))) }
        var bytes: [UInt8]
        do {
            bytes = try TemplateRenderer(unknownPartial: .fail).render(template, with: TemplateValue.map(data))
        } catch {
            throw CommandFailure(error.description)
        }
        for (key, value) in settings where procedure.field(key) != nil {
            bytes = YAMLText.setTopLevel(key, to: YAMLText.value(value, field: procedure.field(key)), in: bytes) ?? bytes
        }
        return bytes
    }
}

/// The smallest front-matter writing Docket needs before the YAML editing primitives:
/// a scalar in a style that keeps its meaning, and one top-level key set.
enum YAMLText {
    /// `text` as the value of `field`: plain where the field's type reads it so (`true`
    /// for a bool, `3` for an int), else as `scalar(_:)` writes a string.
    static func value(_ text: String, field: FieldSpec?) -> String {
        switch field?.type {
        case .bool?: if text == "true" || text == "false" { return text }
        case .int?: if let number = Int(text) { return String(number) }
        case .list?:
            // A flow list from comma-separated items: `cab1,cab2` → `[cab1, cab2]`.
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return "[" + items.map { scalar($0) }.joined(separator: ", ") + "]"
        default: break
        }
        return scalar(text)
    }

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
    /// or added before the closing `---` when there is none; nil when the entry's value
    /// runs over several lines (a block list or map), which this line edit cannot replace.
    static func setTopLevel(_ key: String, to value: String, in bytes: [UInt8]) -> [UInt8]? {
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
                let next = lineEnd + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "-") || bytes[next] == UInt8(ascii: "\t") { return nil }
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
