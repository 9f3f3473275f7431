/// Text from git or a record made safe to print on a terminal, for `docket history`.
///
/// Control characters are shown as escapes instead of acting on the terminal: `\n`,
/// `\r`, `\t`, other C0 characters and DEL as `\x1b`, `\x7f`, C1 characters as
/// `\u{85}`. Everything else, backslashes and non-ASCII text included, is printed as
/// is: paths come out unquoted, unlike git's own quoting.
func visibleText(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
        guard isControl(scalar) else { result.unicodeScalars.append(scalar); continue }
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            result += scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{" + hex + "}"
        }
    }
    return result
}

private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
}
