public enum ListCommand: Command {
    public static let spec = CommandSpec(name: "list", abstract: "list records", arguments: "", minArguments: 0, maxArguments: 0, options: [], discussion: "")
    public static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 { 0 }
}
