/// `docket schema KIND`: a JSON Schema (draft 2020-12) of a kind's front matter.
public enum SchemaCommand: Command {
    public static let spec = CommandSpec(
        name: "schema", abstract: "print a JSON Schema (draft 2020-12) of a kind's front matter",
        arguments: "KIND", minArguments: 1, maxArguments: 1,
        options: [CommandSpec.rootOption],
        discussion: """
        The schema is generated from procedures/KIND.md and describes the front matter as
        'docket yaml FILE' prints it: enum and state fields list every accepted spelling (ids, zh and
        en labels, aliases), optional fields also take null, required lists the always-required
        fields. Conditional requirements, links to existing records and the rules stay with
        'docket validate'. KIND is a kind id, its zh or en label, or its folder.
        Exit status: 0 printed, 2 unknown kind or procedure-definition error.
        """)

    public static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
        let root = try RepositoryLocator.root(arguments, console: console)
        let procedures = try ProcedureSet.load(root: root)
        let name = arguments.positionals[0]
        let lower = name.lowercased()
        guard let procedure = procedures.procedures.first(where: {
            $0.kind == lower || $0.zh == name || $0.en.lowercased() == lower || $0.folder == lower
        }) else {
            let known = procedures.procedures.map(\.kind).sorted()
            var message = "expected a kind (\(known.joined(separator: ", "))), found \"\(name)\""
            if let near = Suggestion.nearest(to: name, in: known + procedures.procedures.map(\.folder)) {
                message += "; did you mean \"\(procedures.procedure(folder: near)?.kind ?? near)\"?"
            }
            throw CommandFailure(message, exitCode: 2)
        }
        console.print(SchemaGenerator(procedures: procedures).schema(for: procedure).render())
        return 0
    }
}
