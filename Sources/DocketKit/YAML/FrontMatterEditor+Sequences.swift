/// Item edits of a top-level sequence that keep the sequence's style: a block sequence
/// (`- a` lines) stays a block sequence and only the lines of the items concerned change;
/// a flow sequence (`[a, b]`) is written again as a flow sequence on its line.
extension FrontMatterEditor {
    /// The file with `item` added after the last item of the sequence under `key` (an
    /// empty value counts as an empty sequence). In a block sequence the new line copies
    /// the last item's indent and dash, and a mapping after a block mapping item is written
    /// as one too (`- at: …` then `  to: …`).
    public func appendingItem(_ item: YAMLValue, to key: String) throws(FrontMatterEditError) -> [UInt8] {
        let (pair, items) = try sequence(key)
        if case .sequence(let nodes, flow: false) = pair.value.content, let last = nodes.last,
           let lead = itemLead(last) {
            let lines = itemLines(last)
            var result = Array(bytes[..<lines.upperBound])
            let ending = lineBreak(endingAt: lines.upperBound)
            // Only a YAML file without a final line break can end mid-line.
            if ending == nil { result += Self.firstLineBreak(bytes) }
            result += itemText(item, lead: lead, like: last, ending: ending ?? [], lineBreak: ending ?? Self.firstLineBreak(bytes))
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
    /// is replaced as ``replacingValue(of:with:)`` does. In a block sequence an item that
    /// stays (an old item equal to a new one, first come first served) keeps its own lines
    /// and the comment lines above it, in the new order; a removed item's comments go with
    /// it. Comment lines above the first item stay above the list.
    public func replacingItems(of key: String, with items: [YAMLValue]) throws(FrontMatterEditError) -> [UInt8] {
        guard let pair = pair(key) else {
            throw FrontMatterEditError("expected key \"\(key)\" in the front matter, found none; insert it instead")
        }
        if case .sequence(let nodes, flow: false) = pair.value.content, let first = nodes.first, let last = nodes.last,
           !items.isEmpty, let lead = itemLead(first), let ending = lineBreak(endingAt: itemLines(last).upperBound) {
            var result = Array(bytes[..<itemLines(first).lowerBound])
            // Each old item with the comment and blank lines between it and the item before.
            var kept: [(value: YAMLValue?, lines: Range<Int>)] = nodes.indices.map { index in
                let lines = itemLines(nodes[index])
                return (YAMLValue(nodes[index]), index == 0 ? lines : itemLines(nodes[index - 1]).upperBound..<lines.upperBound)
            }
            for item in items {
                if let index = kept.firstIndex(where: { $0.value == item }) {
                    result += bytes[kept[index].lines]
                    kept[index].value = nil
                } else {
                    result += itemText(item, lead: lead, like: last, ending: ending, lineBreak: ending)
                }
            }
            result += bytes[itemLines(last).upperBound...]
            return try checked(result, key: key, value: .sequence(items))
        }
        return try replacingValue(of: key, with: .sequence(items))
    }

    /// A new item of a block sequence, ending with `ending`: a mapping beside a block
    /// mapping item `like` is a block mapping (its entries under the first, as `like`'s
    /// are), anything else one line `lead` + the item in flow style.
    private func itemText(_ item: YAMLValue, lead: [UInt8], like sample: YAMLNode, ending: [UInt8], lineBreak: [UInt8]) -> [UInt8] {
        guard case .mapping(let entries) = item, !entries.isEmpty, case .mapping(_, flow: false) = sample.content else {
            return lead + Array(Self.flow(item, inFlow: false).utf8) + ending
        }
        // The entries after the first line up under it: the lead's dashes become blanks.
        let indent = lead.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: " ") : $0 }
        var result: [UInt8] = []
        for (index, entry) in entries.enumerated() {
            result += index == 0 ? lead : indent
            result += Array((YAMLScalarWriter.render(entry.key) + ": " + Self.flow(entry.value, inFlow: false)).utf8)
            result += index == entries.count - 1 ? ending : lineBreak
        }
        return result
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
