/// A role from `procedures/roles.md`.
public struct Role: Sendable {
    public var id: String
    public var zh: String
    public var en: String
}

/// A person from `procedures/roles.md`.
public struct Person: Sendable {
    public var id: String
    public var name: String
    public var email: String
    public var roles: [String]
}

/// The roles and people of the service organisation.
public struct Roles: Sendable {
    public var roles: [Role]
    public var people: [String: Person] {
        didSet { (personKeys, personTable) = Self.keys(of: people) }
    }

    /// The keys of `people` with their person, and a table of the keys: a person id in a record
    /// is found from its bytes (`person(utf8:)`), without a `String` or a hash table.
    private var personKeys: [(key: String, person: Person)]
    private var personTable: ByteKeyTable

    public init(roles: [Role], people: [String: Person]) {
        self.roles = roles
        self.people = people
        (personKeys, personTable) = Self.keys(of: people)
    }

    private static func keys(of people: [String: Person]) -> ([(key: String, person: Person)], ByteKeyTable) {
        let keys = people.map { ($0.key, $0.value) }
        return (keys, ByteKeyTable(keys.map(\.0)))
    }

    /// True when `id` is a key of `people`: found from its bytes first, else by the dictionary.
    func knows(person id: String) -> Bool {
        if id.utf8.withContiguousStorageIfAvailable({ personIndex(utf8: $0) != nil }) == true { return true }
        return people[id] != nil
    }

    /// The key of `people` that is exactly these UTF-8 bytes, with its person; nil when none
    /// is (then `people[text]` decides). Bytes equal to a key are text equal to it.
    func person(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (id: String, person: Person)? {
        personIndex(utf8: bytes).map { (personKeys[$0].key, personKeys[$0].person) }
    }

    /// `person(utf8:)`'s id only: the key as `people` holds it (shared, not a new `String`).
    func personID(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        personIndex(utf8: bytes).map { personKeys[$0].key }
    }

    /// `person(utf8:)`'s id and whether the person holds one of `roles` (empty: any person
    /// does), read in place: the `Person` (two Strings and an array) is not copied.
    func personID(utf8 bytes: UnsafeBufferPointer<UInt8>, holdingOneOf roles: [String]) -> (id: String, holds: Bool)? {
        guard let index = personIndex(utf8: bytes) else { return nil }
        return (personKeys[index].key, roles.isEmpty || personKeys[index].person.roles.contains(where: roles.contains))
    }

    /// The position in `personKeys` of the key that is exactly these UTF-8 bytes.
    private func personIndex(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        personTable.index(utf8: bytes)
    }

    /// Roles every repository must define (contract section 9).
    public static let requiredRoleIDs = ["service-desk", "line-1", "line-2", "incident-manager", "problem-manager", "change-manager", "cab"]

    public func role(_ id: String) -> Role? { roles.first { $0.id == id } }

    /// Reads `roles.md` front matter.
    static func parse(_ root: YAMLNode, path: String) throws(ProcedureError) -> Roles {
        let reader = DefinitionReader(path: path)
        try reader.checkKeys(try reader.pairs(root, "roles.md"), allowed: ["roles", "people"], in: "roles.md")
        guard let rolesNode = root["roles"] else { throw reader.error(root, "expected key \"roles\" in roles.md, found none") }
        let parser = ProcedureParser(path: path)
        var roles: [Role] = []
        for pair in try reader.pairs(rolesNode, "roles") {
            let labels = try parser.labels(pair.value, "role \"\(pair.name)\"")
            roles.append(Role(id: pair.name, zh: labels.zh, en: labels.en))
        }
        for id in requiredRoleIDs where !roles.contains(where: { $0.id == id }) {
            throw reader.error(rolesNode, "expected role \"\(id)\" in roles, found none")
        }
        var people: [String: Person] = [:]
        for pair in try reader.pairs(root["people"] ?? YAMLNode.empty, "people") {
            let entries = try reader.pairs(pair.value, "person \"\(pair.name)\"")
            try reader.checkKeys(entries, allowed: ["name", "email", "roles"], in: "a person")
            let name = try pair.value["name"].map { node throws(ProcedureError) in try reader.string(node, "name") } ?? pair.name
            let email = try pair.value["email"].map { node throws(ProcedureError) in try reader.string(node, "email") } ?? ""
            var personRoles: [String] = []
            if let node = pair.value["roles"] {
                for id in try reader.strings(node, "roles") {
                    guard roles.contains(where: { $0.id == id }) else {
                        throw reader.error(node, "expected a role declared under roles, found \"\(id)\"")
                    }
                    personRoles.append(id)
                }
            }
            people[pair.name] = Person(id: pair.name, name: name, email: email, roles: personRoles)
        }
        return Roles(roles: roles, people: people)
    }
}
