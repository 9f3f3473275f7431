import Foundation

/// Finds the repository root and loads what every verb needs.
public enum RepositoryLocator {
    /// `--root`, else the nearest folder from the working directory upward that holds `procedures/`.
    public static func root(_ arguments: ParsedArguments, console: Console) throws(CommandFailure) -> String {
        if let given = arguments.value("--root") {
            let path = given.hasPrefix("/") ? given : console.currentDirectory + "/" + given
            guard FileSystem.isDirectory(path + "/procedures"), let real = FileSystem.realPath(path) else {
                throw CommandFailure("expected a repository root holding procedures/ at \(given), found none")
            }
            return real
        }
        var directory = FileSystem.realPath(console.currentDirectory) ?? console.currentDirectory
        while true {
            if FileSystem.isDirectory(directory + "/procedures") { return directory }
            guard let slash = directory.lastIndex(of: "/"), directory != "/" else { break }
            directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
        }
        throw CommandFailure("expected a ticket repository (a folder holding procedures/) here or above \(console.currentDirectory), found none; use --root DIR")
    }

    /// The instant reports and clock-dependent rules measure against: `--now`, else
    /// `SOURCE_DATE_EPOCH`, else the clock when `allowClock` is true, else nil.
    public static func now(_ arguments: ParsedArguments, console: Console, timeZone: TimeZone, allowClock: Bool) throws(CommandFailure) -> Int64? {
        if let text = arguments.value("--now") {
            guard let value = DateTimeParser(timeZone: timeZone).datetime(text) else {
                throw CommandFailure("expected --now as a datetime such as 2026-11-30T10:00:00+08:00, found \"\(text)\"")
            }
            if let message = Instants.clockError(value, source: "--now", found: "\"\(text)\"") { throw CommandFailure(message) }
            return value
        }
        if let epoch = console.environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let value = Int64(epoch) else { throw CommandFailure("expected SOURCE_DATE_EPOCH as whole seconds since 1970, found \"\(epoch)\"") }
            if let message = Instants.clockError(value, source: "SOURCE_DATE_EPOCH", found: "\"\(epoch)\"") { throw CommandFailure(message) }
            return value
        }
        return allowClock ? Int64(Date().timeIntervalSince1970) : nil
    }

    /// `--now`, else `SOURCE_DATE_EPOCH`, else the clock: the instant `docket sla`
    /// and `docket show` measure open records at.
    public static func now(_ arguments: ParsedArguments, console: Console, timeZone: TimeZone) throws(CommandFailure) -> Int64 {
        try now(arguments, console: console, timeZone: timeZone, allowClock: true) ?? Int64(Date().timeIntervalSince1970)
    }

    /// A command-line path made relative to the root; refuses paths outside it.
    /// A symbolic link is taken where it lies, not where it leads: one under `tickets/`
    /// that leads out of the root is then reported as `path-unsafe` (and not read) while
    /// the other named files are still checked, as in a full walk.
    public static func relativePath(_ path: String, root: String, console: Console) throws(CommandFailure) -> String {
        // `LINK/` would make the system follow the link: the link is judged where it lies, slash or not.
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let absolute = trimmed.hasPrefix("/") ? String(trimmed) : console.currentDirectory + "/" + trimmed
        var resolved = FileSystem.realPath(absolute)
        if FileSystem.kind(absolute) == .symlink, let slash = absolute.lastIndex(of: "/"),
           let folder = FileSystem.realPath(slash == absolute.startIndex ? "/" : String(absolute[..<slash])) {
            resolved = folder + "/" + absolute[absolute.index(after: slash)...]
        }
        guard let real = resolved else {
            throw CommandFailure("expected an existing file or folder, found no \(path)")
        }
        if real == root { return "" }
        guard real.hasPrefix(root + "/") else {
            throw CommandFailure("expected a path inside the repository \(root), found \(path)")
        }
        return String(real.dropFirst(root.count + 1))
    }
}
