/// `docket schema KIND`: a JSON Schema (draft 2020-12) of a kind's front matter.
public enum SchemaCommand: Command {
    public static let spec = CommandSpec(
        name: "schema", abstract: "print a JSON Schema (draft 2020-12) of a kind's front matter",
        arguments: "KIND", minArguments: 1, maxArguments: 1,
        options: [SharedOption.root, SharedOption.format(["json"]), SharedOption.output],
        discussion: """
        The schema is generated from procedures/KIND.md and describes the front matter as
        'docket yaml FILE' prints it: enum and state fields list every accepted spelling (ids, zh and
        en labels, aliases), optional fields also take null, required lists the always-required
        fields. Conditional requirements, links to existing records and the rules stay with
        'docket validate'. KIND is a kind id, its zh or en label, or its folder.
        Exit status: 0 printed, 2 unknown kind or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let repository = try context.repository()
        let procedure = try repository.kind(context.arguments.positionals[0], option: "KIND")
        try context.emit(SchemaGenerator(procedures: repository.procedures).schema(for: procedure).json() + "\n")
        return 0
    }
}
