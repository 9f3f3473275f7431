/// Characters that look like a space, or like nothing, but are not the ASCII space YAML and
/// Docket read: typed with a CJK input method (the ideographic space), or carried in when
/// text is copied from Word, WeChat or a web page (no-break, zero-width spaces, a byte
/// order mark). Only used on the error path.
enum ValueSlips {
    /// The look-alike spaces, with the name a message gives each.
    static let invisibleSpaces: [(scalar: Unicode.Scalar, name: String)] = [
        ("\u{3000}", "ideographic space"),
        ("\u{00A0}", "no-break space"),
        ("\u{202F}", "narrow no-break space"),
        ("\u{200B}", "zero-width space"),
        ("\u{FEFF}", "zero-width no-break space"),
        ("\u{2002}", "en space"),
        ("\u{2003}", "em space"),
        ("\u{2009}", "thin space"),
    ]

    /// The name of the first look-alike space in `text`, as a message shows it
    /// (`an ideographic space "　" (U+3000)`); nil when there is none.
    static func invisibleSpace(in text: String) -> String? {
        for scalar in text.unicodeScalars {
            if let found = invisibleSpaces.first(where: { $0.scalar == scalar }) { return describe(found.scalar, found.name) }
        }
        return nil
    }

    /// `text` without its look-alike spaces at either end and with those inside turned into spaces.
    static func withoutInvisibleSpaces(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let found = invisibleSpaces.first(where: { $0.scalar == scalar }) {
                // Zero-width characters vanish; the visible ones were meant as spaces.
                if found.scalar == "\u{200B}" || found.scalar == "\u{FEFF}" { continue }
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    static func describe(_ scalar: Unicode.Scalar, _ name: String) -> String {
        let code = String(scalar.value, radix: 16, uppercase: true)
        let shown = scalar.properties.generalCategory == .format ? "" : " \"\(Character(scalar))\""
        return "\(name.first.map { "aeiou".contains($0) ? "an" : "a" } ?? "a") \(name)\(shown) (U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code))"
    }

    /// Full-width separators typed in a list of ids: the comma `，` and the enumeration comma `、`.
    static let fullWidthSeparators: [(Character, String)] = [("，", "a full-width comma"), ("、", "an enumeration comma")]

    /// The `yaml-syntax` message for a list item of ids written with full-width punctuation
    /// (`[CI-APP-FIN，CI-SAN-01]`, `【CI-APP-FIN】`); nil when there is none. `flow`: the item
    /// sits in `[…]` already.
    static func listSlip(_ text: String, key: String, flow: Bool) -> String? {
        if text.hasPrefix("【") || text.hasSuffix("】") {
            let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "【】"))
            return "expected [ ] around the list of \(key), found full-width brackets 【】; write \(key): [\(inner)]"
        }
        for (separator, name) in fullWidthSeparators where text.contains(separator) {
            let items = text.split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
            return "expected \",\" between the items of \(key), found \(name) \"\(separator)\" in \"\(text)\"; write \(key): [\(items)]"
        }
        return nil
    }

    /// Curly quotes a word processor or an input method puts in place of `"` and `'`.
    static let curlyQuotes: [(open: Character, close: Character)] = [("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』")]

    /// The text inside curly quotes when the whole of `text` is wrapped in a pair of them.
    static func unwrapCurlyQuotes(_ text: String) -> (inner: String, open: Character, close: Character)? {
        guard let first = text.first, let last = text.last, text.count >= 2 else { return nil }
        for pair in curlyQuotes where pair.open == first && pair.close == last {
            return (String(text.dropFirst().dropLast()), pair.open, pair.close)
        }
        // ”text” or “text“: the input method's toggling quote lands either way round.
        if ["“", "”"].contains(first) && ["“", "”"].contains(last) { return (String(text.dropFirst().dropLast()), first, last) }
        return nil
    }
}

import Foundation
