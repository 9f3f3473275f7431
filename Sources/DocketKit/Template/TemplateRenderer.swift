/// Renders parsed templates against a `TemplateValue`.
///
/// Partials and parents come from `loader`. By default an unknown partial renders
/// as nothing, as the Mustache spec says; `docket` verbs use `.fail`, which reports
/// it at the tag (see docs/decisions.md).
public struct TemplateRenderer: Sendable {
    /// What an unknown partial or parent does.
    public enum UnknownPartial: Sendable {
        /// Renders as nothing (the Mustache spec).
        case renderEmpty
        /// Is a `TemplateError` at the tag.
        case fail
    }

    /// How deep partials and parents may nest before rendering stops with an error
    /// (a template that includes itself with nothing to end the recursion).
    public static let maximumDepth = 100

    public var loader: (any TemplateLoader)?
    public var unknownPartial: UnknownPartial

    public init(loader: (any TemplateLoader)? = nil, unknownPartial: UnknownPartial = .renderEmpty) {
        self.loader = loader
        self.unknownPartial = unknownPartial
    }

    /// Renders `template` with `value` as the context.
    /// - Returns: the output's UTF-8 bytes.
    /// - Throws: `TemplateError` for an unknown partial (with `.fail`), a partial that
    ///   does not parse or is refused, or nesting deeper than `maximumDepth`.
    public func render(_ template: Template, with value: some TemplateValueConvertible) throws(TemplateError) -> [UInt8] {
        var state = RenderState(renderer: self, stack: [value.templateValue])
        try state.render(template.nodes)
        return state.output
    }

    /// Renders `template` with `value` as the context and hands the output to `sink` in
    /// pieces of about `piece` bytes as it is produced (a large output is never held whole).
    public func render(_ template: Template, with value: some TemplateValueConvertible, piece: Int = 1 << 16,
                       sink: ([UInt8]) -> Void) throws(TemplateError) {
        // The state holds the sink only while this call runs.
        try withoutActuallyEscaping(sink) { (sink) throws(TemplateError) in
            var state = RenderState(renderer: self, stack: [value.templateValue])
            state.sink = (piece, sink)
            state.sinkSize = piece
            state.output.reserveCapacity(piece + 4096)
            try state.render(template.nodes)
            if !state.output.isEmpty { sink(state.output) }
        }
    }

    /// Renders `template` with `value` as the context, as text.
    public func renderString(_ template: Template, with value: some TemplateValueConvertible) throws(TemplateError) -> String {
        String(decoding: try render(template, with: value), as: UTF8.self)
    }

    /// Loads every partial and parent `template` can reach, in any section, and fails
    /// on the first that is unknown or does not parse, whatever data it will render.
    public func check(_ template: Template) throws(TemplateError) {
        var seen: Set<String> = []
        var pending = [template]
        while let next = pending.popLast() {
            for (name, location) in next.references where !seen.contains(name) {
                seen.insert(name)
                guard let found = try resolve(name, at: location, unknown: .fail) else { continue }
                pending.append(found)
            }
        }
    }

    func resolve(_ name: String, at location: TemplateLocation, unknown: UnknownPartial) throws(TemplateError) -> Template? {
        if let loader {
            do {
                if let template = try loader.template(named: name) { return template }
            } catch let error as TemplateError {
                throw error
            } catch let error as TemplateNameRefused {
                throw TemplateError(error.message, at: location)
            } catch {
                throw TemplateError("expected a readable template \"\(name)\", found \(error)", at: location)
            }
        }
        guard unknown == .fail else { return nil }
        let expected = loader?.place(of: name) ?? "a template named \"\(name)\""
        throw TemplateError("unknown partial \"\(name)\": expected \(expected), found none", at: location)
    }
}

/// The state of one render: output, context stack, indentation, block overrides.
struct RenderState {
    let renderer: TemplateRenderer
    var stack: [TemplateValue]
    var output: [UInt8] = []
    var indent: [UInt8] = []
    var overrides: [String: [TemplateNode]] = [:]
    var depth = 0
    /// Where the output goes once it holds `size` bytes; nil keeps it all in `output`.
    var sink: (size: Int, write: ([UInt8]) -> Void)?
    /// `sink?.size`, else `Int.max`: tested before every node, without copying the sink.
    var sinkSize = Int.max
    /// False inside a part of a list rendered on another core (`renderOnAllCores`): one level
    /// of parallel rendering at a time.
    var parallel = true

    /// A lazy list of at least this many items is rendered on all cores (`renderOnAllCores`).
    static let parallelItems = 4096
    /// Items of a lazy list one core renders at a time.
    static let parallelChunk = 1024
    /// Chunks rendered at once before their output is handed on, in order: bounds the output held.
    static let parallelWindow = 8

    init(renderer: TemplateRenderer, stack: [TemplateValue]) {
        self.renderer = renderer
        self.stack = stack
    }

    func lookup(_ name: TemplateName) -> TemplateValue? {
        guard case .path(let parts) = name else { return stack.last }
        var found: TemplateValue?
        for frame in stack.reversed() {
            if let value = frame[parts[0]] { found = value; break }
        }
        guard var value = found else { return nil }
        for part in parts.dropFirst() {
            guard let next = value[part] else { return nil }
            value = next
        }
        return value
    }

    mutating func render(_ nodes: [TemplateNode]) throws(TemplateError) {
        for node in nodes {
            if output.count >= sinkSize, let sink {
                sink.write(output)
                output.removeAll(keepingCapacity: true)
            }
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .lineStart:
                output.append(contentsOf: indent)
            case .variable(let name, let escaped):
                guard let value = lookup(name) else { continue }
                let text = value.text
                if escaped { HTMLEscape.append(text, to: &output) } else { output.append(contentsOf: text.utf8) }
            case .section(let name, let inverted, let children):
                let value = lookup(name) ?? .null
                if inverted {
                    if !value.isTruthy { try render(children) }
                } else if value.isTruthy {
                    if case .list(let items) = value {
                        for item in items {
                            stack.append(item)
                            try render(children)
                            stack.removeLast()
                        }
                    } else if case .lazyList(let list) = value {
                        if parallel, list.count >= Self.parallelItems {
                            try renderOnAllCores(list, children)
                        } else {
                            for index in 0..<list.count {
                                stack.append(list[index])
                                try render(children)
                                stack.removeLast()
                            }
                        }
                    } else {
                        stack.append(value)
                        try render(children)
                        stack.removeLast()
                    }
                }
            case .partial(let name, let partialIndent, let location):
                guard let template = try enter(name, at: location) else { continue }
                let saved = indent
                indent = partialIndent.map { saved + $0 } ?? []
                try render(template.nodes)
                indent = saved
                depth -= 1
            case .parent(let name, let parentIndent, let blocks, let location):
                guard let template = try enter(name, at: location) else { continue }
                let (savedIndent, savedOverrides) = (indent, overrides)
                indent = parentIndent.map { savedIndent + $0 } ?? []
                // The outermost template's blocks win over those its parents give their own parents.
                overrides = blocks.merging(overrides) { _, outer in outer }
                try render(template.nodes)
                (indent, overrides) = (savedIndent, savedOverrides)
                depth -= 1
            case .block(let name, let blockIndent, let defaults):
                let content = overrides[name] ?? defaults
                guard let blockIndent else { try render(content); continue }
                let saved = indent
                indent = saved + blockIndent
                if let first = content.first, !first.isLineStart { output.append(contentsOf: indent) }
                try render(content)
                indent = saved
            }
        }
    }

    /// Renders `children` once for each item of `list` (a section over a lazy list), the items
    /// in chunks on all cores, and appends each chunk's output in the order of the items: the
    /// output is the one a render item by item gives. A lazy list's items are made by a
    /// `@Sendable` function and rendering reads nothing else that changes, so the chunks are
    /// independent. The first chunk that fails (in item order) stops the render with its
    /// error, the error of the first failing item, as the render item by item would.
    mutating func renderOnAllCores(_ list: TemplateList, _ children: [TemplateNode]) throws(TemplateError) {
        var base = self
        base.output = []
        base.sink = nil
        base.sinkSize = Int.max
        base.parallel = false
        let shared = SharedRenderState(state: base)
        let chunk = Self.parallelChunk
        let chunks = (list.count + chunk - 1) / chunk
        var first = 0
        while first < chunks {
            let window = min(Self.parallelWindow, chunks - first), from = first
            let parts = parallelMap(window) { offset -> (output: [UInt8], error: TemplateError?) in
                var state = shared.state
                let start = (from + offset) * chunk
                do throws(TemplateError) {
                    for index in start..<min(list.count, start + chunk) {
                        state.stack.append(list[index])
                        try state.render(children)
                        state.stack.removeLast()
                    }
                    return (state.output, nil)
                } catch {
                    return (state.output, error)
                }
            }
            for part in parts {
                output.append(contentsOf: part.output)
                if let error = part.error { throw error }
                if output.count >= sinkSize, let sink {
                    sink.write(output)
                    output.removeAll(keepingCapacity: true)
                }
            }
            first += window
        }
    }

    mutating func enter(_ name: String, at location: TemplateLocation) throws(TemplateError) -> Template? {
        guard let template = try renderer.resolve(name, at: location, unknown: renderer.unknownPartial) else { return nil }
        guard depth < TemplateRenderer.maximumDepth else {
            throw TemplateError("expected partials to nest at most \(TemplateRenderer.maximumDepth) deep, found \"\(name)\" deeper (a partial that includes itself without end?)", at: location)
        }
        depth += 1
        return template
    }
}

/// A render state without a sink, copied by each core that renders a part of a list.
/// `@unchecked Sendable`: its only member that is not `Sendable` is the sink, which is nil;
/// each core renders into a copy of its own.
private struct SharedRenderState: @unchecked Sendable {
    let state: RenderState
}

extension TemplateNode {
    var isLineStart: Bool {
        if case .lineStart = self { return true }
        return false
    }
}
