/// `path:line:col: severity: message [rule-id]`, the form compilers use and
/// editors jump to, then a closing count line.
public enum TextReporter: Reporter {
    public static let name = "text"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        whole { render(result, color: color, into: $0) }
    }

    public static func render(_ result: ValidationResult, color: Bool, into write: (String) -> Void) {
        pieces(result, into: write) { appendLine($0, color: color, to: &$1) }
    }

    /// One finding's line, with its line end.
    static func line(_ diagnostic: Diagnostic, color: Bool) -> String {
        var bytes: [UInt8] = []
        appendLine(diagnostic, color: color, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one finding's line, with its line end, as UTF-8 bytes: laid out without
    /// string interpolation (at 10^5 findings, interpolating cost five times the bytes).
    static func appendLine(_ diagnostic: Diagnostic, color: Bool, to out: inout [UInt8]) {
        // Paths and messages quote record text and file names: escaped, so a line
        // break cannot forge a finding and an escape sequence cannot reach the terminal.
        appendVisible(diagnostic.path, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONOutput.append(diagnostic.line, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONOutput.append(diagnostic.column, to: &out)
        out.append(literal: ": ")
        if color {
            switch diagnostic.severity {
            case .error: out.append(literal: "\u{1B}[1;31m")
            case .warning: out.append(literal: "\u{1B}[1;33m")
            case .note: out.append(literal: "\u{1B}[1;36m")
            }
        }
        out.append(contentsOf: diagnostic.severity.rawValue.utf8)
        if color { out.append(literal: "\u{1B}[0m") }
        out.append(literal: ": ")
        appendVisible(diagnostic.message, to: &out)
        out.append(literal: " [")
        out.append(contentsOf: diagnostic.rule.utf8)
        out.append(literal: "]\n")
    }

    /// `VisibleText.escape(text)`'s bytes, copied straight from `text` when it needs no escape.
    /// The bytes are judged in place, eight at a time while they are printable ASCII.
    private static func appendVisible(_ text: String, to out: inout [UInt8]) {
        var text = text
        let plain = text.withUTF8 { bytes in
            guard !VisibleText.needsEscaping(utf8: bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !plain { out.append(contentsOf: VisibleText.escape(text).utf8) }
    }

    /// The findings' lines that a piece holds: a few megabytes of text, laid out on all cores.
    static let linesPerPiece = 16_384

    /// Each finding's line (`line` adds its line end), then the summary line: handed to `write`
    /// in pieces of `linesPerPiece` lines, each laid out on all cores and joined in order, so
    /// that a million findings are never held as one text beside their lines.
    static func pieces(_ result: ValidationResult, into write: (String) -> Void, line: @Sendable (Diagnostic) -> String) {
        pieces(result, into: write) { diagnostic, out in out.append(contentsOf: line(diagnostic).utf8) }
    }

    /// The lines a worker lays out as one run of bytes.
    static let linesPerRun = 256

    /// `pieces(_:into:line:)` with each line appended as UTF-8 bytes: a piece's lines are laid
    /// out in runs of `linesPerRun` on all cores, one byte array a run, not a String a line.
    static func pieces(_ result: ValidationResult, into write: (String) -> Void, appendLine: @Sendable (Diagnostic, inout [UInt8]) -> Void) {
        let diagnostics = result.diagnostics
        var start = 0
        repeat {
            let end = min(diagnostics.count, start + linesPerPiece)
            let runs = parallelMap((end - start + linesPerRun - 1) / linesPerRun) { [start] run -> [UInt8] in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(linesPerRun * 160)
                for position in (start + run * linesPerRun)..<min(end, start + (run + 1) * linesPerRun) {
                    appendLine(diagnostics[position], &bytes)
                }
                return bytes
            }
            // The piece's text made from the runs in one copy (no byte array of the whole piece beside it).
            let closing = end == diagnostics.count ? Array((summaryLine(result) + "\n").utf8) : []
            let total = runs.reduce(closing.count) { $0 + $1.count }
            write(String(unsafeUninitializedCapacity: total) { text in
                var at = 0
                for run in runs + [closing] { at += UnsafeMutableBufferPointer(rebasing: text[at...]).initialize(fromContentsOf: run) }
                return at
            })
            start = end
        } while start < diagnostics.count
    }

    /// The pieces `render` hands on, as one text.
    static func whole(_ render: ((String) -> Void) -> Void) -> String {
        var text = ""
        render { piece in
            if text.isEmpty { text = piece } else { text += piece }
        }
        return text
    }

    /// `2 errors, 1 warning in 120 files` or `no problems in 120 files`, then
    /// `; 3 findings hidden by baseline FILE` when a baseline applied.
    public static func summaryLine(_ result: ValidationResult) -> String {
        counts(result) + (result.baselineSummary.map { "; " + $0 } ?? "")
    }

    private static func counts(_ result: ValidationResult) -> String {
        let files = "\(result.filesChecked) file\(result.filesChecked == 1 ? "" : "s")"
        let errors = result.errorCount, warnings = result.warningCount
        let notes = result.diagnostics.count - errors - warnings
        if result.diagnostics.isEmpty { return "no problems in \(files)" }
        var parts: [String] = []
        parts.append("\(errors) error\(errors == 1 ? "" : "s")")
        parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")")
        if notes > 0 { parts.append("\(notes) note\(notes == 1 ? "" : "s")") }
        return parts.joined(separator: ", ") + " in \(files)"
    }
}
