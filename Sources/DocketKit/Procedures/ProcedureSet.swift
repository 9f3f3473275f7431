/// Everything Docket knows about a repository before it reads a ticket: the
/// record kinds, the roles and people, and the repository settings.
public struct ProcedureSet: Sendable {
    public var procedures: [Procedure]
    public var roles: Roles
    public var settings: RepositorySettings
    /// The service level agreement, `procedures/sla.md`; nil when the repository has none.
    public var sla: SLAPolicy?

    public init(procedures: [Procedure], roles: Roles, settings: RepositorySettings, sla: SLAPolicy? = nil) {
        self.procedures = procedures
        self.roles = roles
        self.settings = settings
        self.sla = sla
    }

    public func procedure(kind: String) -> Procedure? { procedures.first { $0.kind == kind } }
    public func procedure(folder: String) -> Procedure? { procedures.first { $0.folder == folder } }

    /// The kind whose id pattern matches `id`.
    public func procedure(forID id: String) -> Procedure? {
        procedures.first { $0.idPattern.matches(id) }
    }

    /// Files under `procedures/` that are not record kinds.
    public static let nonKindDocuments: Set<String> = ["roles.md", "repository.md", "sla.md"]

    /// Loads `procedures/` of the repository at `root`.
    /// - Throws: `ProcedureError` for the first broken definition.
    public static func load(root: String) throws(ProcedureError) -> ProcedureSet {
        let realRoot = FileSystem.realPath(root) ?? root
        let directory = realRoot + "/procedures"
        func refuse(_ path: String, _ refusal: FileRefusal) -> ProcedureError {
            ProcedureError(path: path, position: .start, message: refusal.message, rule: refusal.rule)
        }
        switch FileSystem.resolve(directory, root: realRoot) {
        case .inside(_, .directory): break
        case .outside: throw refuse("procedures", .linkOutside)
        case .loop: throw refuse("procedures", .linkLoop)
        case .dangling where FileSystem.kind(directory) == .symlink: throw refuse("procedures", .linkDangling)
        default:
            throw ProcedureError(path: "procedures", position: .start, message: "expected a procedures/ folder at the repository root, found none")
        }
        var documents: [(path: String, node: YAMLNode?)] = []
        for entry in FileSystem.list(directory) where entry.name.hasSuffix(".md") {
            let relative = "procedures/" + entry.name
            // Procedure documents are small; the records' default limit keeps a stray huge file from being read.
            switch RecordLoader.readUnvetted(directory + "/" + entry.name, insideOf: realRoot, limit: RepositorySettings.standard.maxFileSize) {
            case .bytes(let bytes): documents.append((relative, try frontMatter(bytes, path: relative)))
            case .refused(let refusal): throw refuse(relative, refusal)
            }
        }
        return try assemble(documents)
    }

    /// Builds the set from already-parsed front matters (path relative to the root → node).
    static func assemble(_ documents: [(path: String, node: YAMLNode?)]) throws(ProcedureError) -> ProcedureSet {
        var procedures: [Procedure] = []
        var roles: Roles?
        var settings = RepositorySettings.standard
        var slaDocument: (path: String, node: YAMLNode?)?
        for (path, node) in documents {
            let name = String(path.split(separator: "/").last ?? "")
            switch name {
            case "roles.md":
                guard let node else { throw ProcedureError(path: path, position: .start, message: "expected roles and people in the front matter, found none") }
                roles = try Roles.parse(node, path: path)
            case "repository.md":
                settings = try RepositorySettings.parse(node, path: path)
            case "sla.md":
                slaDocument = (path, node)
            default:
                guard let node else { throw ProcedureError(path: path, position: .start, message: "expected a procedure definition in the front matter, found none") }
                let procedure = try ProcedureParser(path: path).parse(node)
                try checkPaths(procedure, node: node, path: path)
                if let other = procedures.first(where: { $0.kind == procedure.kind }) {
                    throw ProcedureError(path: path, position: node["kind"]?.range.start ?? .start, message: "expected a kind not defined elsewhere, found \"\(procedure.kind)\" also defined in \(other.path)")
                }
                if let other = procedures.first(where: { $0.folder == procedure.folder }) {
                    throw ProcedureError(path: path, position: node["folder"]?.range.start ?? .start, message: "expected a folder of its own, found \"\(procedure.folder)\" also used by \(other.path)")
                }
                procedures.append(procedure)
            }
        }
        guard let roles else {
            throw ProcedureError(path: "procedures/roles.md", position: .start, message: "expected procedures/roles.md with roles and people, found none")
        }
        var set = ProcedureSet(procedures: procedures, roles: roles, settings: settings)
        try set.checkCrossReferences(documents)
        if let (path, node) = slaDocument {
            guard let node else {
                throw ProcedureError(path: path, position: .start, message: "expected service levels (calendars, targets, pause, escalation) in the front matter of sla.md, found none")
            }
            let policy = try SLAPolicy.load(from: node, path: path, defaultTimeZone: settings.timeZone)
            try set.checkSLA(policy, node: node, path: path)
            set.sla = policy
        }
        try set.checkSignals()
        return set
    }

    /// A procedure's `signals:` counts in a calendar of `sla.md`, so it needs one.
    func checkSignals() throws(ProcedureError) {
        // Without sla.md nothing is measured, signals included.
        guard let sla else { return }
        for procedure in procedures {
            guard let signals = procedure.signals else { continue }
            let known = sla.calendars.keys.sorted()
            guard known.contains(signals.calendar) else {
                var message = "expected signals calendar to name a calendar of procedures/sla.md (\(known.joined(separator: ", "))), found \"\(signals.calendar)\""
                message += Hints.didYouMean(Suggestion.nearest(to: signals.calendar, in: known))
                throw ProcedureError(path: procedure.path, position: signals.calendarPosition ?? signals.position, message: message)
            }
        }
    }

    /// `folder` and `id_pattern` name paths under `tickets/`: each must stay one plain
    /// folder or file name there, so no procedure can point Docket outside the root.
    static func checkPaths(_ procedure: Procedure, node: YAMLNode, path: String) throws(ProcedureError) {
        let reader = DefinitionReader(path: path)
        let folder = procedure.folder
        if let folderNode = node["folder"], folder.isEmpty || folder == "." || folder == ".." || folder.hasPrefix(".")
            || folder.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            throw reader.error(folderNode, "expected folder as one folder name under tickets/ (such as incidents), found \"\(folder)\"; a folder must not be empty, hidden, absolute or contain / or ..")
        }
        let pattern = procedure.idPattern.description
        if let patternNode = node["id_pattern"], !pattern.contains("{") || pattern.hasPrefix(".")
            || pattern.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F }) {
            throw reader.error(patternNode, "expected an id pattern such as INC-{year}-{seq}: text without / or \\ or a leading dot and at least one of {year}, {seq}, {code}; found \"\(pattern)\"")
        }
    }

    /// Reference kinds and person roles must exist.
    func checkCrossReferences(_ documents: [(path: String, node: YAMLNode?)]) throws(ProcedureError) {
        let kinds = Set(procedures.map(\.kind))
        for procedure in procedures {
            func check(_ spec: FieldSpec) throws(ProcedureError) {
                switch spec.type {
                case .reference(let kind?) where !kinds.contains(kind):
                    var message = "expected a reference to a defined kind (\(kinds.sorted().joined(separator: ", "))), found \"\(kind)\""
                    if let near = Suggestion.nearest(to: kind, in: Array(kinds)) { message += ", did you mean \"\(near)\"?" }
                    throw ProcedureError(path: procedure.path, position: spec.position, message: message)
                case .person(let required):
                    for role in required where roles.role(role) == nil {
                        throw ProcedureError(path: procedure.path, position: spec.position, message: "expected a role declared in roles.md, found \"\(role)\"")
                    }
                case .list(let item): try check(item)
                case .map(let keys): for key in keys { try check(key) }
                default: break
                }
            }
            for spec in procedure.fields { try check(spec) }
            let transitionRoles = procedure.transitionRoles.sorted { $0.key < $1.key }.flatMap(\.value) + procedure.transitions.flatMap(\.roles)
            for role in transitionRoles where roles.role(role) == nil {
                throw ProcedureError(path: procedure.path, position: .start, message: "expected a role declared in roles.md in transition_roles, found \"\(role)\"")
            }
            for constraint in procedure.constraints {
                if case .link(let kind) = constraint.demand, !kinds.contains(kind) {
                    throw ProcedureError(path: procedure.path, position: constraint.position, message: "expected require_link to name a defined kind, found \"\(kind)\"")
                }
            }
        }
    }

    /// Parses a document's front matter; nil when it has none.
    static func frontMatter(_ bytes: [UInt8], path: String) throws(ProcedureError) -> YAMLNode? {
        switch FrontMatter.locate(bytes) {
        case .missing:
            return nil
        case .unclosed(let line):
            throw ProcedureError(path: path, position: SourcePosition(offset: 0, line: line, column: 1), message: "expected the front matter to be closed by a line ---, found the end of the file")
        case .found(let yaml, let firstLine, _, _, _):
            do {
                return try YAMLParser.parse(bytes, range: yaml, firstLine: firstLine)
            } catch {
                throw ProcedureError(path: path, position: error.position, message: error.message)
            }
        }
    }
}
