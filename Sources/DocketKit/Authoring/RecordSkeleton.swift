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

    /// The record: the template rendered, then every `--set` field written into the
    /// front matter (replacing the template's line for it, else added before the closing
    /// `---`); a `--set` key that is no field is only template data.
    func render(id: String, title: String, now: String, user: String, settings: [(String, String)]) throws -> [UInt8] {
        let status = procedure.states.first?.id ?? "new"
        var data: [String: TemplateValue] = ["id": .string(id), "title": .string(YAMLScalarWriter.render(title)), "status": .string(status),
                                             "now": .string(now), "user": .string(user)]
        // Fields go into the front matter as YAML scalars; other keys (`description`) are body text for the template.
        for (key, value) in settings {
            data[key] = .string(procedure.field(key) == nil ? value : FrontMatterValue.text(FrontMatterValue.value(value, field: procedure.field(key))))
        }
        var bytes: [UInt8]
        do {
            bytes = try TemplateRenderer(unknownPartial: .fail).render(template, with: TemplateValue.map(data))
        } catch {
            throw CommandFailure(error.description)
        }
        for (key, value) in settings where procedure.field(key) != nil {
            do {
                bytes = try FrontMatterValue.set(key, to: FrontMatterValue.value(value, field: procedure.field(key)), in: bytes)
            } catch {
                throw CommandFailure("expected templates/new/\(procedure.kind).md to give a front matter --set \(key) can be written into, found: \(error.message)", exitCode: 1)
            }
        }
        return bytes
    }
}

/// Front-matter values as the authoring verbs write them, through the YAML editing
/// primitives (`YAMLScalarWriter`, `FrontMatterEditor`).
enum FrontMatterValue {
    /// `text` as the value of `field`: a bool or int where the field's type reads it so
    /// (`true`, `3`), an enum value as its id when `text` is a label or alias of one, a
    /// list from comma-separated items (`cab1,cab2`) each read as the item type, else a
    /// string as given (validation judges it).
    static func value(_ text: String, field: FieldSpec?) -> YAMLValue {
        switch field?.type {
        case .bool?: if text == "true" || text == "false" { return .bool(text == "true") }
        case .int?: if let number = Int(text) { return .int(number) }
        case .enumeration(let values)?: return .string(values.resolve(text) ?? text)
        case .list(let item)?:
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .sequence(items.map { value($0, field: item) })
        default: break
        }
        return .string(text)
    }

    /// `value` as YAML text on one line, for a template variable.
    static func text(_ value: YAMLValue) -> String {
        switch value {
        case .string(let text): YAMLScalarWriter.render(text)
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .null: "null"
        case .sequence(let items):
            "[" + items.map { item in
                if case .string(let text) = item { return YAMLScalarWriter.render(text, flow: true) }
                return Self.text(item)
            }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            "{" + entries.map { YAMLScalarWriter.render($0.key, flow: true) + ": " + text($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// `bytes` with top-level `key` set to `value`: its value replaced (key, comment and
    /// every other byte kept), else a new entry after the last.
    static func set(_ key: String, to value: YAMLValue, in bytes: [UInt8]) throws(FrontMatterEditError) -> [UInt8] {
        let editor = try FrontMatterEditor(bytes)
        return editor.pair(key) == nil ? try editor.inserting(key, value) : try editor.replacingValue(of: key, with: value)
    }
}
