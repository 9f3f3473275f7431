/// Reads typed values out of a procedure document's front matter, turning every
/// mismatch into a `ProcedureError` at the offending node.
struct DefinitionReader {
    let path: String

    func error(_ node: YAMLNode, _ message: String) -> ProcedureError {
        ProcedureError(path: path, position: node.range.start, message: message)
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, _): text.isEmpty ? "nothing" : "\"\(text)\""
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    func string(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> String {
        guard let text = node.scalar, !node.isNull else {
            throw error(node, "expected \(what) as text, found \(describe(node))")
        }
        return text
    }

    func pairs(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> [YAMLPair] {
        if node.isNull { return [] }
        guard let pairs = node.pairs else { throw error(node, "expected \(what) as a mapping, found \(describe(node))") }
        return pairs
    }

    /// A list of scalars; a single scalar counts as a list of one.
    func strings(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> [String] {
        if let items = node.items {
            var result: [String] = []
            for item in items { result.append(try string(item, what)) }
            return result
        }
        return [try string(node, what)]
    }

    func bool(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> Bool {
        switch node.scalar {
        case "true": return true
        case "false": return false
        default: throw error(node, "expected \(what) as true or false, found \(describe(node))")
        }
    }

    func int(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> Int {
        guard let text = node.scalar, let value = Int(text) else {
            throw error(node, "expected \(what) as an integer, found \(describe(node))")
        }
        return value
    }

    /// Rejects keys outside `allowed`, naming the near one.
    func checkKeys(_ pairs: [YAMLPair], allowed: [String], in what: String) throws(ProcedureError) {
        for pair in pairs where !allowed.contains(pair.name) {
            var message = "unknown key \"\(pair.name)\" in \(what)"
            if let near = Suggestion.nearest(to: pair.name, in: allowed) { message += ", did you mean \"\(near)\"?" }
            throw error(pair.key, message)
        }
    }
}
