/// Item edits of a top-level sequence that keep the sequence's style: a block sequence
/// (`- a` lines) stays a block sequence and only the lines of the items concerned change;
/// a flow sequence (`[a, b]`) is written again as a flow sequence on its line.
extension FrontMatterEditor {
    /// The file with `item` added after the last item of the sequence under `key` (an
    /// empty value counts as an empty sequence). In a block sequence the new line copies
    /// the last item's indent and dash.
    public func appendingItem(_ item: YAMLValue, to key: String) throws(FrontMatterEditError) -> [UInt8] {
        let (pair, items) = try sequence(key)
        if case .sequence(let nodes, flow: false) = pair.value.content, let last = nodes.last,
           let lead = itemLead(last) {
            let lines = itemLines(last)
            var result = Array(bytes[..<lines.upperBound])
            let ending = lineBreak(endingAt: lines.upperBound)
            // Only a YAML file without a final line break can end mid-line.
            if ending == nil { result += Self.firstLineBreak(bytes) }
            result += lead + Array(Self.flow(item, inFlow: false).utf8) + (ending ?? [])
            result += bytes[lines.upperBound...]
            return try checked(result, key: key, value: .sequence(items + [item]))
        }
        return try replacingValue(of: key, with: .sequence(items + [item]))
    }

    /// The file without item `index` of the sequence under `key`. In a block sequence
    /// the item's lines go and nothing else changes, unless it is the last item: an
    /// empty sequence is written `[]`.
    public func removingItem(at index: Int, of key: String) throws(FrontMatterEditError) -> [UInt8] {
        var (pair, items) = try sequence(key)
        guard items.indices.contains(index) else {
            throw FrontMatterEditError("expected an item \(index + 1) in \"\(key)\", found \(items.count) items")
        }
        items.remove(at: index)
        if case .sequence(let nodes, flow: false) = pair.value.content, nodes.count > 1 {
            let lines = itemLines(nodes[index])
            let result = Array(bytes[..<lines.lowerBound]) + bytes[lines.upperBound...]
            return try checked(result, key: key, value: .sequence(items))
        }
        return try replacingValue(of: key, with: .sequence(items))
    }

    /// The file with the sequence under `key` holding `items`: a block sequence keeps
    /// its key line and writes one line per item like its first item's; any other value
    /// is replaced as ``replacingValue(of:with:)`` does.
    public func replacingItems(of key: String, with items: [YAMLValue]) throws(FrontMatterEditError) -> [UInt8] {
        guard let pair = pair(key) else {
            throw FrontMatterEditError("expected key \"\(key)\" in the front matter, found none; insert it instead")
        }
        if case .sequence(let nodes, flow: false) = pair.value.content, let first = nodes.first, let last = nodes.last,
           !items.isEmpty, let lead = itemLead(first), let ending = lineBreak(endingAt: itemLines(last).upperBound) {
            var result = Array(bytes[..<itemLines(first).lowerBound])
            for item in items { result += lead + Array(Self.flow(item, inFlow: false).utf8) + ending }
            result += bytes[itemLines(last).upperBound...]
            return try checked(result, key: key, value: .sequence(items))
        }
        return try replacingValue(of: key, with: .sequence(items))
    }

    /// The pair of `key` and its items; an empty value has none.
    private func sequence(_ key: String) throws(FrontMatterEditError) -> (YAMLPair, [YAMLValue]) {
        guard let pair = pair(key) else {
            throw FrontMatterEditError("expected key \"\(key)\" in the front matter, found none; insert it instead")
        }
        switch YAMLValue(pair.value) {
        case .sequence(let items)?: return (pair, items)
        case .null?: return (pair, [])
        default:
            throw FrontMatterEditError("expected \"\(key)\" to hold a list, found a single value; set the whole value instead")
        }
    }

    /// The bytes before `item` on its line (`  - `), when they are an indent and dashes.
    private func itemLead(_ item: YAMLNode) -> [UInt8]? {
        let start = lineStart(item.range.start.offset)
        let lead = Array(bytes[start..<item.range.start.offset])
        guard lead.contains(UInt8(ascii: "-")), lead.allSatisfy({ $0 == UInt8(ascii: "-") || isYAMLBlank($0) }) else { return nil }
        return lead
    }

    /// From the start of the line `item` starts on through the line break after its end
    /// (a comment after it included).
    private func itemLines(_ item: YAMLNode) -> Range<Int> {
        var end = item.range.end.offset
        if !(end > item.range.start.offset && bytes[end - 1] == UInt8(ascii: "\n")) {
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            if end < bytes.count { end += 1 }
        }
        return lineStart(item.range.start.offset)..<end
    }

    private func lineStart(_ offset: Int) -> Int {
        var start = offset
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        return start
    }

    /// The line break that ends just before `end` (CRLF or LF), nil when none does.
    private func lineBreak(endingAt end: Int) -> [UInt8]? {
        guard end > 0, bytes[end - 1] == UInt8(ascii: "\n") else { return nil }
        return end > 1 && bytes[end - 2] == UInt8(ascii: "\r") ? [UInt8(ascii: "\r"), UInt8(ascii: "\n")] : [UInt8(ascii: "\n")]
    }
}
