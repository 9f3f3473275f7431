import Foundation

/// `docket set ID key=value…`: changes front-matter values of a record, touching only
/// the entries named.
public enum SetCommand: Command {
    public static let spec = CommandSpec(
        name: "set", abstract: "change front-matter values of a record, touching only those entries",
        arguments: "ID KEY=VALUE…", minArguments: 1, maxArguments: nil,
        options: [
            SharedOption.root,
            .value("--add", "FIELD", "add an entry to a list of entries (escalations); the KEY=VALUE arguments after it are the entry's keys; repeatable", repeatable: true),
            SharedOption.now("the instant clock-dependent rules judge the result at"),
            .flag("--dry-run", "print the change as a diff and write nothing"),
            .flag("--force", "write even when the edit adds an error"),
        ],
        discussion: """
        KEY=VALUE replaces a value (a list field takes comma-separated items: approved_by=wujiu,zhengshi);
        KEY+=ITEM adds an item to a list field and KEY-=ITEM removes one, in the list's own style
        ([a, b] or "- a" lines). --add FIELD KEY=VALUE… adds an entry to a list of entries:
        docket set INC-2026-0022 --add escalations at="2026-11-30 10:00" to=line-2 by=lisi reason=转二线.
        Only the entries named change: comments, key order, quoting, blank lines, line ends (CRLF
        stays CRLF), the byte order mark and the body stay byte for byte. A new key goes after the
        nearest key before it in the procedure's order, else at the end of the front matter.
        Values are checked against the field first (type, enum ids, labels and aliases — written as
        the id —, dates and times, people and their roles): a bad value or unknown key is refused
        naming the file, the field, what was expected and the nearest value. The result is validated;
        an edit that adds an error is refused with the findings and the file left untouched, unless
        --force. All changes of one call are one atomic write.
        Exit status: 0 written (or nothing to change), 1 refused, 2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments
        let positionals = arguments.positionals
        let additions = arguments.values["--add"] ?? []
        let starts = arguments.valuePositions["--add"] ?? []
        guard starts.allSatisfy({ $0 >= 1 }) else {
            throw UsageError("expected the ID before --add, found --add first; write docket set ID --add FIELD KEY=VALUE…")
        }
        let firstAddition = starts.first ?? positionals.count
        guard firstAddition > 1 || !additions.isEmpty else {
            throw UsageError("expected KEY=VALUE, KEY+=ITEM, KEY-=ITEM or --add FIELD after the id, found nothing")
        }
        return try RecordChange.run(context) { input in
            var changes = try positionals[1..<firstAddition].map { try input.change($0) }
            for (index, name) in additions.enumerated() {
                let end = index + 1 < starts.count ? starts[index + 1] : positionals.count
                changes.append(.add(name, try input.entry(Array(positionals[starts[index]..<end]), of: try input.field(name))))
            }
            return changes
        }
    }
}

/// `docket unset ID key…`: removes front-matter entries of a record, touching nothing else.
public enum UnsetCommand: Command {
    public static let spec = CommandSpec(
        name: "unset", abstract: "remove front-matter entries of a record, touching nothing else",
        arguments: "ID KEY…", minArguments: 2, maxArguments: nil,
        options: [
            SharedOption.root,
            SharedOption.now("the instant clock-dependent rules judge the result at"),
            .flag("--dry-run", "print the change as a diff and write nothing"),
            .flag("--force", "write even when the edit adds an error"),
        ],
        discussion: """
        Removes every line of each entry named (a key the procedure does not declare too), and
        nothing else. A field the record's state requires cannot be removed: the result is
        validated, and an edit that adds an error is refused with the findings and the file left
        untouched, unless --force. All removals of one call are one atomic write.
        Exit status: 0 written, 1 refused (or no such entry), 2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let keys = context.arguments.positionals.dropFirst()
        return try RecordChange.run(context) { _ in keys.map { FieldChange.unset($0) } }
    }
}

/// What `set` and `unset` share: open the record, apply the changes to its bytes, then
/// judge and write them once (or print them with `--dry-run`).
enum RecordChange {
    static func run(_ context: CommandContext, changes: (FieldInput) throws -> [FieldChange]) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        let repository = try context.repository()
        let edit = try RecordEdit.open(id: arguments.positionals[0], root: repository.root, procedures: repository.procedures)
        let input = FieldInput(procedure: edit.procedure, procedures: repository.procedures, path: edit.path)
        var editor = FrontMatterChanges(procedure: edit.procedure, path: edit.path, bytes: edit.bytes)
        for change in try changes(input) { try editor.apply(change) }
        let force = arguments.has("--force")
        if arguments.has("--dry-run") {
            guard editor.bytes != edit.bytes else {
                console.print("\(edit.path): nothing to change, the record already holds these values")
                return 0
            }
            console.printRaw(LineDiff.render(old: edit.bytes, new: editor.bytes, path: edit.path))
            try edit.judge(editor.bytes, force: force, now: repository.now, console: console)
            return 0
        }
        if editor.bytes != edit.bytes {
            try edit.commit(editor.bytes, force: force, now: repository.now, console: console)
        }
        console.print(edit.path)
        return 0
    }
}

/// A diff of two versions of a file, for `--dry-run`: the lines that differ, as `-` and `+`
/// lines under `@@ -OLD,COUNT +NEW,COUNT @@` headers (no context lines).
enum LineDiff {
    static func render(old: [UInt8], new: [UInt8], path: String) -> String {
        let a = lines(old), b = lines(new)
        var prefix = 0
        while prefix < min(a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix..<(a.count - suffix)]), y = Array(b[prefix..<(b.count - suffix)])
        guard !x.isEmpty || !y.isEmpty else { return "" }
        // Longest common subsequence over the changed middle (a front matter's worth of lines).
        var table = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out = "--- \(path)\n+++ \(path)\n"
        var i = 0, j = 0
        var removed: [String] = [], added: [String] = []
        func flush() {
            guard !removed.isEmpty || !added.isEmpty else { return }
            out += "@@ -\(prefix + i - removed.count + 1),\(removed.count) +\(prefix + j - added.count + 1),\(added.count) @@\n"
            out += removed.map { "-" + $0 + "\n" }.joined() + added.map { "+" + $0 + "\n" }.joined()
            removed = []; added = []
        }
        while i < x.count || j < y.count {
            if i < x.count && j < y.count && x[i] == y[j] {
                flush(); i += 1; j += 1
            } else if j < y.count && (i == x.count || table[i][j + 1] >= table[i + 1][j]) {
                added.append(VisibleText.escape(y[j])); j += 1
            } else {
                removed.append(VisibleText.escape(x[i])); i += 1
            }
        }
        flush()
        return out
    }

    /// The lines of `bytes` without their line ends.
    private static func lines(_ bytes: [UInt8]) -> [String] {
        var text = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
        if text.last == "" { text.removeLast() }
        return text.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }
}
