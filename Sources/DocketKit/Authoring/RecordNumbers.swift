/// The numbers a kind's records already use: in the working tree and on every local
/// and remote-tracking branch, so two colleagues (or two branches) are not handed the
/// same "next" id.
enum RecordNumbers {
    /// The ids of `procedure`'s records found in the working tree and, when the root is
    /// in a git work tree, on every branch under `refs/heads` and `refs/remotes` (one
    /// `git ls-tree` per ref, read without checking anything out).
    static func usedIDs(procedure: Procedure, root: String, procedures: ProcedureSet, environment: [String: String]) throws -> Set<String> {
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        var ids = Set(index.files(ofKind: procedure.kind).map(\.stem))
        guard let git = Git(directory: root, environment: environment) else { return ids }
        let inside = try git.run(["rev-parse", "--is-inside-work-tree"])
        guard inside.status == 0, inside.text.hasPrefix("true") else { return ids }
        let refs = try git.run(["for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes"])
        guard refs.status == 0 else {
            throw CommandFailure("expected git for-each-ref to list the branches, found: \(refs.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        for ref in refs.text.split(separator: "\n").map(String.init) where !ref.hasSuffix("/HEAD") {
            let listing = try git.run(["ls-tree", "-r", "--name-only", "-z", ref, "--", "tickets/" + procedure.folder])
            guard listing.status == 0 else { continue }
            for path in listing.stdout.split(separator: 0) {
                let name = String(decoding: path, as: UTF8.self).split(separator: "/").last.map(String.init) ?? ""
                if name.hasSuffix(".md") { ids.insert(String(name.dropLast(3))) }
            }
        }
        return ids
    }

    /// The next sequence number in `year` (for patterns with `{year}`) after every id in `used`.
    static func next(after used: Set<String>, pattern: IDPattern, year: Int) -> Int {
        var highest = 0
        for id in used {
            guard let numbers = pattern.numbers(of: id), numbers.year == nil || numbers.year == year else { continue }
            highest = max(highest, numbers.sequence)
        }
        return highest + 1
    }
}
