/// `docket fmt [--check] [PATH…]`: puts records' front matter in the one canonical layout.
public enum FmtCommand: Command {
    public static let spec = CommandSpec(
        name: "fmt", abstract: "put every record's front matter (or the given files') in the canonical layout",
        arguments: "[PATH…]", minArguments: 0, maxArguments: nil,
        options: [
            SharedOption.root,
            .flag("--check", "list the files that are not formatted and exit 1; write nothing"),
        ],
        discussion: """
        The layout: --- fences, keys at column 1 and nested entries indented by 2 spaces, no
        trailing blanks, a final line break, known keys in the order of the kind's procedure
        (unknown keys after them, in their own order), lists of scalars as [a, b] and lists of
        mappings as one "- {key: value}" item a line. Comments stay with the entry they precede
        or end; values keep their text and quoting; the body and the line ends (CRLF stays CRLF)
        are kept. Each changed file is listed and replaced atomically. A record whose front
        matter does not parse is reported as PATH:LINE:COL and left as it is.
        Exit status: 0 formatted (or, with --check, nothing to change), 1 files to change with
        --check or a record that could not be formatted, 2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let repository = try context.repository()
        let root = repository.root, procedures = repository.procedures
        var only: [String]? = nil
        if !context.arguments.positionals.isEmpty {
            let paths = try context.arguments.positionals.map { path throws(CommandFailure) in try context.relativePath(path, root: root) }
            only = paths.contains("") ? nil : paths
        }
        let check = context.arguments.has("--check")
        let index = RepositoryScanner.scan(root: root, procedures: procedures, only: only)
        let loader = RecordLoader(root: root, procedures: procedures)
        var changed = 0, failed = 0
        for file in index.files where !index.unreadable.contains(file.path) {
            let path = VisibleText.escape(file.path)
            guard case .bytes(let bytes) = loader.bytes(of: file) else {
                console.error("\(path):1:1: error: expected a readable record, found it refused; run docket validate \(path)")
                failed += 1
                continue
            }
            let layout = FrontMatterLayout(procedure: file.kind.flatMap { procedures.procedure(kind: $0) })
            let formatted: [UInt8]
            do {
                formatted = try layout.format(bytes)
            } catch {
                console.error("\(path):\(error.position.line):\(error.position.column): error: \(error.message)")
                failed += 1
                continue
            }
            guard formatted != bytes else { continue }
            changed += 1
            if !check {
                do {
                    try AtomicFile.replace(root + "/" + file.path, with: formatted, root: root)
                } catch {
                    console.error("\(path):1:1: error: \(error.message)")
                    failed += 1
                    continue
                }
            }
            console.print(path)
        }
        if check && changed > 0 {
            console.error("docket fmt: \(changed) of \(index.files.count) \(changed == 1 ? "file is" : "files are") not formatted; run docket fmt to format \(changed == 1 ? "it" : "them")")
        }
        return failed > 0 || (check && changed > 0) ? 1 : 0
    }
}
