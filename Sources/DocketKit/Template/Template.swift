/// A template error: where (the template file, 1-based line and byte column) and what.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template as the user named it (`templates/forms/x.mustache`).
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    init(_ message: String, at location: TemplateLocation) {
        self.init(path: location.path, line: location.line, column: location.column, message: message)
    }

    /// `path:line:col: error: message`, the form editors jump to.
    public var description: String { "\(path):\(line):\(column): error: \(message)" }
}

/// A place in a template file, kept on the tags that may fail while rendering.
struct TemplateLocation: Sendable, Equatable {
    var path: String
    var line: Int
    var column: Int

    var text: String { "\(path):\(line):\(column)" }
}

/// A name in a tag: `.` (the current item) or a dotted path `a.b.c`.
enum TemplateName: Sendable, Equatable {
    case implicit
    case path([String])
}

/// One node of a parsed template.
///
/// Standalone lines are already removed and block content already dedented by the
/// parser; `lineStart` marks where a source line begins, so that indentation
/// (of a standalone partial, a parent or a block) is added while rendering and a
/// template is parsed once whatever indentation it is rendered with.
indirect enum TemplateNode: Sendable {
    case text([UInt8])
    case lineStart
    case variable(TemplateName, escaped: Bool)
    case section(TemplateName, inverted: Bool, [TemplateNode])
    /// `indent` is nil for a partial that is not standalone (rendered without indentation).
    case partial(String, indent: [UInt8]?, TemplateLocation)
    /// `{{<name}}…{{/name}}`: the blocks given to the parent template.
    case parent(String, indent: [UInt8]?, blocks: [String: [TemplateNode]], TemplateLocation)
    /// `{{$name}}default{{/name}}`; `indent` is nil when the block is inline.
    case block(String, indent: [UInt8]?, [TemplateNode])
}

/// A parsed Mustache template: parse once, render many times with `TemplateRenderer`.
public struct Template: Sendable {
    /// The template's file as the user named it; error messages start with it.
    public let path: String
    let nodes: [TemplateNode]

    /// Parses a template.
    /// - Parameters:
    ///   - source: the template's bytes (UTF-8).
    ///   - path: the name error messages give the template.
    /// - Throws: `TemplateError` for an unclosed tag, an unbalanced section, a bad
    ///   delimiter change or a malformed name, at its line and column.
    public init(source: [UInt8], path: String) throws(TemplateError) {
        self.path = path
        var parser = TemplateParser(bytes: source, path: path)
        self.nodes = try parser.parse()
    }

    /// Parses a template from text.
    public init(_ source: String, path: String = "<template>") throws(TemplateError) {
        try self.init(source: Array(source.utf8), path: path)
    }

    /// The names of the partials and parents the template calls (directly), with their
    /// locations, in source order.
    var references: [(name: String, location: TemplateLocation)] {
        var result: [(String, TemplateLocation)] = []
        func walk(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .section(_, _, let children), .block(_, _, let children): walk(children)
                case .partial(let name, _, let location): result.append((name, location))
                case .parent(let name, _, let blocks, let location):
                    result.append((name, location))
                    for key in blocks.keys.sorted() { walk(blocks[key]!) }
                case .text, .lineStart, .variable: break
                }
            }
        }
        walk(nodes)
        return result
    }
}
