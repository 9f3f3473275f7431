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
    /// The outputs of items rendered once and copied after (`ItemOutputs`), shared with the
    /// cores that render parts of a list.
    var outputs = ItemOutputs()
    /// False on a core that renders a part of a list: it reads `outputs` and hands what it would
    /// store to the renderer (`pendingOutputs`).
    var storesOutputs = true
    /// What a core that renders a part of a list would have stored in `outputs`.
    var pendingOutputs: [PendingOutput] = []
    /// The lowest frame of `stack` a lookup used since it was last reset (-1: a name not found,
    /// or a partial, parent or block rendered): an item's output depends on nothing outside
    /// it when this stayed at or above the item's frame (`renderItem`).
    var lowestFrame = Int.max

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

    mutating func lookup(_ name: TemplateName) -> TemplateValue? {
        guard case .path(let parts) = name else { return stack.last }
        var found: TemplateValue?
        var frame = stack.count - 1
        while frame >= 0 {
            if let value = stack[frame][parts[0]] { found = value; break }
            frame -= 1
        }
        if frame < lowestFrame { lowestFrame = frame }
        guard var value = found else { return nil }
        for part in parts.dropFirst() {
            guard let next = value[part] else { return nil }
            value = next
        }
        return value
    }

    mutating func render(_ nodes: [TemplateNode]) throws(TemplateError) {
        for node in nodes {
            flushIfFull()
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
                            let reuse = reuse(list, children)
                            for index in 0..<list.count {
                                try renderItem(list, index, children, reuse: reuse)
                                flushIfFull()
                            }
                        }
                    } else {
                        stack.append(value)
                        try render(children)
                        stack.removeLast()
                    }
                }
            case .partial(let name, let partialIndent, let location):
                lowestFrame = -1
                guard let template = try enter(name, at: location) else { continue }
                let saved = indent
                indent = partialIndent.map { saved + $0 } ?? []
                try render(template.nodes)
                indent = saved
                depth -= 1
            case .parent(let name, let parentIndent, let blocks, let location):
                lowestFrame = -1
                guard let template = try enter(name, at: location) else { continue }
                let (savedIndent, savedOverrides) = (indent, overrides)
                indent = parentIndent.map { savedIndent + $0 } ?? []
                // The outermost template's blocks win over those its parents give their own parents.
                overrides = blocks.merging(overrides) { _, outer in outer }
                try render(template.nodes)
                (indent, overrides) = (savedIndent, savedOverrides)
                depth -= 1
            case .block(let name, let blockIndent, let defaults):
                lowestFrame = -1
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
        let reuse = reuse(list, children)
        var base = self
        base.output = []
        base.sink = nil
        base.sinkSize = Int.max
        base.parallel = false
        base.storesOutputs = false
        base.pendingOutputs = []
        base.lowestFrame = Int.max
        let shared = SharedRenderState(state: base)
        let chunk = Self.parallelChunk
        let chunks = (list.count + chunk - 1) / chunk
        var first = 0
        while first < chunks {
            let window = min(Self.parallelWindow, chunks - first), from = first
            let parts = parallelMap(window) { offset -> (output: [UInt8], error: TemplateError?, pending: [PendingOutput], lowest: Int) in
                var state = shared.state
                let start = (from + offset) * chunk
                do throws(TemplateError) {
                    for index in start..<min(list.count, start + chunk) {
                        try state.renderItem(list, index, children, reuse: reuse)
                    }
                    return (state.output, nil, state.pendingOutputs, state.lowestFrame)
                } catch {
                    return (state.output, error, [], state.lowestFrame)
                }
            }
            for part in parts {
                output.append(contentsOf: part.output)
                if let error = part.error { throw error }
                lowestFrame = min(lowestFrame, part.lowest)
                for pending in part.pending { keep(pending.output[...], pending.key, in: pending.spans) }
                flushIfFull()
            }
            first += window
        }
    }

    /// Where the outputs of `children` over the items of `list` are kept when the list's items
    /// have keys and the section renders without indentation (`ItemOutputs`), else nil.
    mutating func reuse(_ list: TemplateList, _ children: [TemplateNode]) -> ItemReuse? {
        guard let keys = list.keys, indent.isEmpty, storesOutputs else { return nil }
        return ItemReuse(keys: keys, count: keys.space.count, spans: outputs.spans(of: children, space: keys.space))
    }

    /// Renders `children` with the item at `index` of `list` pushed on the stack. With `reuse`,
    /// the output kept for the item's key is copied instead, if there is one; else the output
    /// is kept when it depends on the item alone (`lowestFrame`).
    mutating func renderItem(_ list: TemplateList, _ index: Int, _ children: [TemplateNode], reuse: ItemReuse?) throws(TemplateError) {
        guard let reuse, case let key = reuse.keys.key(index), key >= 0, key < reuse.count else {
            stack.append(list[index])
            try render(children)
            stack.removeLast()
            return
        }
        if let kept = outputs.output(reuse.spans, key) {
            output.append(contentsOf: kept)
            return
        }
        // The item's output is not handed to the sink before it is kept.
        let start = output.count, savedSinkSize = sinkSize, savedLowest = lowestFrame
        sinkSize = Int.max
        lowestFrame = Int.max
        stack.append(list[index])
        try render(children)
        stack.removeLast()
        let alone = lowestFrame > stack.count - 1
        (sinkSize, lowestFrame) = (savedSinkSize, min(savedLowest, lowestFrame))
        if alone { keep(output[start...], key, in: reuse.spans) }
    }

    /// Keeps an item's output in `outputs`, or, on a core that renders a part of a list, hands it on.
    mutating func keep(_ bytes: ArraySlice<UInt8>, _ key: Int, in spans: UnsafeMutablePointer<Int>) {
        if storesOutputs {
            outputs.store(spans, key, bytes)
        } else {
            pendingOutputs.append(PendingOutput(spans: spans, key: key, output: Array(bytes)))
        }
    }

    /// Hands `output` to the sink once it holds `sinkSize` bytes.
    mutating func flushIfFull() {
        if output.count >= sinkSize, let sink {
            sink.write(output)
            output.removeAll(keepingCapacity: true)
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

/// The keys of a list's items and where their outputs are kept (`RenderState.reuse`).
struct ItemReuse: @unchecked Sendable {
    let keys: TemplateItemKeys
    /// `keys.space.count`.
    let count: Int
    /// `ItemOutputs.spans(of:space:)`: written only by the thread that renders.
    let spans: UnsafeMutablePointer<Int>
}

/// An item's output a core rendered, for the renderer to keep (`RenderState.keep`).
struct PendingOutput: @unchecked Sendable {
    let spans: UnsafeMutablePointer<Int>
    let key: Int
    let output: [UInt8]
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
