/// `docket renumber OLD NEW`, `--conflicts`, `--duplicates`: gives records new ids and
/// rewrites the references to them.
public enum RenumberCommand: Command {
    public static let spec = CommandSpec(
        name: "renumber", abstract: "give a record a new id and rewrite every reference to it",
        arguments: "OLD NEW | --conflicts | --duplicates", minArguments: 0, maxArguments: 2,
        options: [
            SharedOption.root,
            .flag("--dry-run", "print the plan and write nothing"),
            .flag("--conflicts", "during a git merge: renumber their side of every add/add conflict on a record and stage the result"),
            .flag("--duplicates", "give every record whose id is taken by another the next free id (the record opened earlier keeps it)"),
        ],
        discussion: """
        OLD NEW: renames the file of OLD (into the year folder of its opening timestamp), writes
        NEW as its id and rewrites every reference to OLD in every record: link fields, and
        whole-word mentions in the body (INC-2026-0001 does not match inside INC-2026-00012).
        Refused when NEW does not fit the kind's id pattern or is taken, in the working tree or on
        a branch. --conflicts, run while git merge stops on conflicts: for each record both sides
        added under the same name, ours keeps its id and theirs (read from git's index, never from
        the file with conflict markers) gets the next free id; references to it are rewritten in
        the records their branch added or changed since the merge base, and the files are staged.
        --duplicates: the record opened earlier keeps the id; the other gets the next free id and
        references to it are rewritten in itself and in the records it links to.
        Each file changed is listed. Files are written one by one, each atomically; when a write
        fails, the files already written are named.
        Exit status: 0 done, 1 refused (or a conflict left to resolve by hand), 2 usage or
        procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments
        let repository = try context.repository()
        let modes = [arguments.has("--conflicts"), arguments.has("--duplicates"), !arguments.positionals.isEmpty].filter { $0 }.count
        guard modes == 1 else {
            throw UsageError("expected one of OLD NEW, --conflicts or --duplicates, found \(modes == 0 ? "none" : "several")")
        }
        let dryRun = arguments.has("--dry-run")
        let records = RenumberRepository(repository)
        let outcome: (plan: RenumberPlan, staged: [String], left: [String])
        if arguments.has("--conflicts") {
            outcome = try conflicts(records, console: context.console)
        } else if arguments.has("--duplicates") {
            outcome = (try duplicates(records, console: context.console), [], [])
        } else {
            guard arguments.positionals.count == 2 else {
                throw UsageError("expected OLD NEW (two ids), found \(arguments.positionals.count) argument")
            }
            outcome = (try rename(arguments.positionals[0], to: arguments.positionals[1], records, console: context.console), [], [])
        }
        if !dryRun {
            try outcome.plan.write(root: records.root)
            if !outcome.staged.isEmpty { try stage(outcome.staged, root: records.root, console: context.console) }
        }
        for line in outcome.plan.lines(dryRun: dryRun) { context.console.print(line) }
        if !outcome.staged.isEmpty { context.console.print((dryRun ? "would stage " : "staged ") + "\(outcome.staged.count) \(outcome.staged.count == 1 ? "file" : "files")") }
        for line in outcome.left { context.console.error("docket renumber: error: " + line) }
        if outcome.plan.steps.isEmpty && outcome.left.isEmpty { context.console.print("nothing to renumber") }
        return outcome.left.isEmpty ? 0 : 1
    }

    // MARK: OLD NEW

    static func rename(_ old: String, to new: String, _ records: RenumberRepository, console: Console) throws -> RenumberPlan {
        let matches = (records.index.byID[old] ?? []).map { records.index.files[$0] }
        guard let file = matches.first, let procedure = records.procedure(ofPath: file.path) else {
            var message = "expected the id of a record under tickets/, found no record \(old)"
            if let near = Suggestion.nearest(to: old, in: records.index.byID.keys.sorted()) { message += "; did you mean \(near)?" }
            throw CommandFailure(message, exitCode: 1)
        }
        guard matches.count == 1 else {
            throw CommandFailure("expected one file for \(old), found \(matches.map(\.path).joined(separator: ", ")); run docket renumber --duplicates first", exitCode: 1)
        }
        guard procedure.idPattern.matches(new) else {
            throw CommandFailure("expected NEW to fit the \(procedure.kind) id pattern \(procedure.idPattern), found \"\(new)\"", exitCode: 1)
        }
        if let taken = records.index.byID[new]?.first.map({ records.index.files[$0].path }) {
            throw CommandFailure("expected NEW to be a free id, found \(new) taken by \(taken); choose another", exitCode: 1)
        }
        if try RecordNumbers.usedIDs(procedure: procedure, root: records.root, procedures: records.procedures, environment: console.environment).contains(new) {
            throw CommandFailure("expected NEW to be a free id, found \(new) used on a git branch; choose another", exitCode: 1)
        }
        guard let bytes = records.bytes(file.path) else {
            throw CommandFailure("expected \(file.path) to be readable, found it is not; run docket validate \(file.path)", exitCode: 1)
        }
        let record = records.record(bytes, path: file.path, procedure: procedure)
        let mapping = [old: new]
        let renamed = try records.renamed(bytes, record: record, to: new, mapping: mapping)
        let path = records.path(of: new, procedure: procedure, record: record, fallback: file.path)
        var plan = RenumberPlan()
        plan.steps.append(.create(path: path, bytes: renamed.bytes, from: file.path, note: ""))
        plan.steps += records.referenceSteps(mapping: mapping, paths: nil, except: [file.path])
        return plan
    }

    // MARK: --duplicates

    static func duplicates(_ records: RenumberRepository, console: Console) throws -> RenumberPlan {
        var plan = RenumberPlan()
        var assigned: Set<String> = []
        var touched: Set<String> = []
        for (id, positions) in records.index.byID.sorted(by: { $0.key < $1.key }) where positions.count > 1 {
            // The record opened earlier keeps the id; ties and unreadable openings go by path.
            var candidates: [(path: String, bytes: [UInt8], record: Record?, opened: Int64)] = []
            for position in positions {
                let path = records.index.files[position].path
                guard let bytes = records.bytes(path) else { continue }
                let procedure = records.procedure(ofPath: path)
                let record = records.record(bytes, path: path, procedure: procedure)
                let opened = procedure?.openedField.flatMap { record?.datetime($0) } ?? Int64.max
                candidates.append((path, bytes, record, opened))
            }
            candidates.sort { ($0.opened, $0.path) < ($1.opened, $1.path) }
            for moved in candidates.dropFirst() {
                guard let procedure = records.procedure(ofPath: moved.path) else { continue }
                let new = try records.nextID(procedure: procedure, after: id, record: moved.record, extra: assigned, environment: console.environment)
                assigned.insert(new)
                let mapping = [id: new]
                let renamed = try records.renamed(moved.bytes, record: moved.record, to: new, mapping: mapping)
                let path = records.path(of: new, procedure: procedure, record: moved.record, fallback: moved.path)
                plan.steps.append(.create(path: path, bytes: renamed.bytes, from: moved.path, note: " (\(id) opened later than \(candidates[0].path))"))
                // Without history, the records the moved one links to are the ones that came with it.
                let linked = Set((moved.record?.references ?? []).flatMap { records.index.byID[$0.reference.id] ?? [] }.map { records.index.files[$0].path })
                let steps = records.referenceSteps(mapping: mapping, paths: Array(linked), except: touched.union(candidates.map(\.path)))
                touched.formUnion(steps.compactMap { if case .replace(let path, _, _) = $0 { path } else { nil } })
                plan.steps += steps
            }
        }
        return plan
    }

    // MARK: --conflicts

    static func conflicts(_ records: RenumberRepository, console: Console) throws -> (RenumberPlan, [String], [String]) {
        guard let git = Git(directory: records.root, environment: console.environment) else {
            throw CommandFailure("expected git on the PATH for --conflicts, found none", exitCode: 1)
        }
        guard try git.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"]).status == 0 else {
            throw CommandFailure("expected a merge in progress (MERGE_HEAD), found none; run docket renumber --conflicts while git merge stops on conflicts", exitCode: 1)
        }
        let prefix = try git.run(["rev-parse", "--show-prefix"]).text.trimmingCharacters(in: .whitespacesAndNewlines)
        let unmerged = try git.run(["ls-files", "-u", "-z", "--", "tickets/"])
        guard unmerged.status == 0 else {
            throw CommandFailure("expected git ls-files -u to list the conflicts, found: \(unmerged.stderr.trimmingCharacters(in: .whitespacesAndNewlines))", exitCode: 1)
        }
        var stages: [String: Set<Int>] = [:]
        for entry in unmerged.stdout.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let tab = text.firstIndex(of: "\t"), let stage = text[..<tab].split(separator: " ").last.flatMap({ Int($0) }) else { continue }
            stages[String(text[text.index(after: tab)...]), default: []].insert(stage)
        }
        var left: [String] = []
        var addAdd: [String] = []
        for (path, found) in stages.sorted(by: { $0.key < $1.key }) {
            if found == [2, 3], records.procedure(ofPath: path) != nil, path.hasSuffix(".md") {
                addAdd.append(path)
            } else {
                let kind = found.contains(1) ? (found == [1, 2, 3] ? "both sides changed it" : "one side deleted it") : "it is no record"
                left.append("expected an add/add conflict on a record at \(VisibleText.escape(path)), found another conflict (\(kind)); resolve it by hand and git add it")
            }
        }
        let names = addAdd.flatMap { [":2:" + prefix + $0, ":3:" + prefix + $0] }
        let objects = try git.objects(names)
        // Ids on their side count as used even when MERGE_HEAD is no branch.
        var assigned: Set<String> = []
        let theirTree = try git.run(["ls-tree", "-r", "--name-only", "-z", "MERGE_HEAD", "--", "tickets/"])
        for path in theirTree.stdout.split(separator: 0) {
            let name = String(decoding: path, as: UTF8.self).split(separator: "/").last.map(String.init) ?? ""
            if name.hasSuffix(".md") { assigned.insert(String(name.dropLast(3))) }
        }
        var plan = RenumberPlan()
        var staged: [String] = []
        var mapping: [String: String] = [:]
        var theirs: [(path: String, new: String, newPath: String, bytes: [UInt8], record: Record?)] = []
        for path in addAdd {
            guard let ours = objects[":2:" + prefix + path]?.bytes, let their = objects[":3:" + prefix + path]?.bytes,
                  let procedure = records.procedure(ofPath: path) else {
                left.append("expected both sides of \(VisibleText.escape(path)) in git's index, found them missing; resolve it by hand")
                continue
            }
            plan.steps.append(.replace(path: path, bytes: ours, note: " (ours keeps \(path.split(separator: "/").last.map { String($0.dropLast(3)) } ?? path))"))
            staged.append(path)
            guard ours != their else { continue }
            let old = String(path.split(separator: "/").last?.dropLast(3) ?? "")
            let record = records.record(their, path: path, procedure: procedure)
            let new = try records.nextID(procedure: procedure, after: old, record: record, extra: assigned, environment: console.environment)
            assigned.insert(new)
            mapping[old] = new
            theirs.append((path, new, records.path(of: new, procedure: procedure, record: record, fallback: path), their, record))
        }
        for their in theirs {
            let renamed = try records.renamed(their.bytes, record: their.record, to: their.new, mapping: mapping)
            plan.steps.append(.create(path: their.newPath, bytes: renamed.bytes, from: nil, note: " (theirs of \(their.path))"))
            staged.append(their.newPath)
        }
        if !mapping.isEmpty {
            let base = try git.run(["merge-base", "HEAD", "MERGE_HEAD"])
            guard base.status == 0 else {
                throw CommandFailure("expected a merge base of HEAD and MERGE_HEAD, found none: \(base.stderr.trimmingCharacters(in: .whitespacesAndNewlines))", exitCode: 1)
            }
            let changed = try git.run(["diff", "--name-only", "-z", "--relative", "--no-renames", base.text.trimmingCharacters(in: .whitespacesAndNewlines), "MERGE_HEAD", "--", "tickets/"])
            let paths = changed.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                .filter { stages[$0] == nil && FileSystem.kind(records.root + "/" + $0) == .file }
            let steps = records.referenceSteps(mapping: mapping, paths: paths, except: Set(addAdd))
            plan.steps += steps
            staged += steps.compactMap { if case .replace(let path, _, _) = $0 { path } else { nil } }
        }
        return (plan, staged, left)
    }

    /// `git add` of the files written.
    static func stage(_ paths: [String], root: String, console: Console) throws {
        guard let git = Git(directory: root, environment: console.environment) else { return }
        let added = try git.run(["add", "--"] + paths)
        guard added.status == 0 else {
            throw CommandFailure("expected git add to stage the renumbered records, found: \(added.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); the files are written, run git add yourself", exitCode: 1)
        }
    }
}
