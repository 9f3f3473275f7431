/// The options several verbs share, declared once so that they read, parse and
/// fail the same way in every verb (docs/options.md has the table of verbs).
public enum SharedOption {
    static let formatName = "--format"

    /// `--root DIR`: the repository root; relative paths on the command line resolve against it.
    public static let root = OptionSpec.value(
        "--root", "DIR", "the repository root (default: the nearest folder upward holding procedures/); relative paths given with it resolve against it")

    /// `--now TIME`: the instant open records are measured at.
    public static func now(_ purpose: String = "the instant open records are measured at") -> OptionSpec {
        .value("--now", "TIME", "\(purpose) (2026-11-30T10:00:00+08:00, a local 2026-11-30 10:00, or commit: the committer date of HEAD; default SOURCE_DATE_EPOCH, else the clock)")
    }

    /// `--format FORMAT` with its choices, the first being the default.
    public static func format(_ choices: [String]) -> OptionSpec {
        .value(formatName, "FORMAT", "output format: \(choices.joined(separator: ", ")) (default \(choices[0]))", choices: choices)
    }

    /// `--kind KIND`: a kind by id, zh or en label, or folder.
    public static func kind(_ help: String = "only records of these kinds (id, zh or en label, or folder; comma-separated)") -> OptionSpec {
        .value("--kind", "KIND", help)
    }

    /// `--open`: records not in a final state of their kind.
    public static let open = OptionSpec.flag("--open", "only open records: not in a final state of their kind (final: in its procedure)")

    /// `-o FILE`, `--output FILE`: write to a file (atomically) instead of standard output.
    public static let output = OptionSpec.value(
        "--output", "FILE", "write to FILE instead of standard output (replaced atomically; the folder must exist)", short: "-o")
}

extension UsageError {
    /// A time option (`--now`) given `text`, which is no datetime: what is accepted, and the
    /// accepted form of the same instant when `text` is one in a local shape (`2026/11/30 10:00`,
    /// `2026-11-30T10:00`, `30.11.2026 10:00`) that `dates` reads.
    static func badDateTime(_ option: String, found text: String, dates: DateTimeParser) -> UsageError {
        let local = LooseDateTime.accepted(Hints.cleaned(text)).flatMap { $0.hasTime && dates.datetime($0.text) != nil ? $0.text : nil }
        return UsageError("expected \(option) to be a datetime such as 2026-11-30T10:00:00+08:00 or 2026-11-30 10:00, found \"\(text)\"" + Hints.didYouMean(local))
    }
}
