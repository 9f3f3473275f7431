public enum SchemaCommand: Command {
    public static let spec = CommandSpec(name: "schema", abstract: "schema", arguments: "KIND", minArguments: 1, maxArguments: 1, options: [], discussion: "")
    public static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 { 0 }
}
