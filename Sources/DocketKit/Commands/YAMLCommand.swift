/// `docket yaml FILE`: prints a YAML file (or a Markdown file's front matter) as JSON.
public enum YAMLCommand: Command {
    public static let spec = CommandSpec(
        name: "yaml", abstract: "print a YAML file or a Markdown file's front matter as JSON",
        arguments: "FILE", minArguments: 1, maxArguments: 1,
        options: [SharedOption.root, SharedOption.format(["json"]), SharedOption.output],
        discussion: """
        Plain scalars are resolved by the YAML 1.2 core schema (null, booleans, integers, floats);
        everything else is a string. On error prints FILE:line:col: error: message and exits 1.
        FILE may be any regular file of at most 1 MiB; a FIFO, socket, device or folder is
        refused without being opened (exit 1). With --root, a relative FILE resolves against the
        root and FILE must lie inside it (symbolic links included); without it, FILE is any file.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let path = context.arguments.positionals[0]
        let shown = VisibleText.escape(path)
        let full = context.resolve(path)
        _ = try context.outputPath()
        // With --root the file must stay inside it; without, any file the user names may
        // be read (a user tool, like cat).
        let root = context.arguments.value(SharedOption.root.name) == nil ? nil : try context.root()
        let bytes: [UInt8]
        // Never a FIFO, socket, device or folder, and never more than max_file_size's default.
        switch RecordLoader.readUnvetted(full, insideOf: root, limit: RepositorySettings.standard.maxFileSize) {
        case .bytes(let read): bytes = read
        case .refused(.missing): throw CommandFailure("expected a readable file, found no \(shown)")
        case .refused(.notRegular(let kind)): throw CommandFailure("expected a regular file, found \(kind.phrase) at \(shown); it was not opened", exitCode: 1)
        case .refused(.tooLarge(let size, let limit)): throw CommandFailure("expected a file of at most \(limit) bytes, found \(size) bytes at \(shown); it was not read", exitCode: 1)
        case .refused(let refusal): throw CommandFailure("\(shown): \(refusal.message)", exitCode: 1)
        }
        // The bytes parsed, for the slips `validate` explains: the front matter, or the whole file.
        var yamlRange = 0..<bytes.count, firstLine = 1
        do {
            let node: YAMLNode?
            if path.hasSuffix(".md") {
                switch FrontMatter.locate(bytes) {
                case .missing: node = nil
                case .unclosed(let line):
                    throw YAMLError(.syntax, "expected the front matter to be closed by a line ---, found the end of the file", at: SourcePosition(offset: 0, line: line, column: 1))
                case .found(let range, let first, _, _, _):
                    (yamlRange, firstLine) = (range, first)
                    node = try YAMLParser.parse(bytes, range: range, firstLine: first)
                }
            } else {
                node = try YAMLParser.parse(bytes)
            }
            try context.emit(YAMLJSON.value(node).json(.expanded) + "\n")
            return 0
        } catch let error as YAMLError {
            let (position, message) = YAMLSlips.message(for: error, in: bytes, range: yamlRange, firstLine: firstLine)
            console.error("\(shown):\(position.line):\(position.column): error: \(VisibleText.escape(message))")
            return 1
        }
    }
}
