/// Decodes a record's front matter straight from its bytes into the procedure's field
/// slots, without building a `YAMLNode` tree: the fast path of `RecordReader`.
///
/// It reads only the shape records have — a top-level block mapping of `key: value`
/// lines at column 1, where a value is a plain scalar, a quoted scalar on one line,
/// a flow list of scalars on one line, or (after `key:` alone) a block list of such
/// scalars or of one-line flow mappings of scalars (`- {at: …, to: …}`); comment and
/// blank lines, CRLF and a byte order mark before the front matter. Anything else
/// (block scalars, anchors, tags, nested mappings, tabs, continuation lines, escapes,
/// duplicate keys, unknown keys, null items) and every value the general path would
/// report a diagnostic on make `decode` return nil, and the reader then runs the
/// general parser and `FieldDecoder` on the file. So a file decoded here gives the
/// `Record` the general path gives, and the fast path can only change speed; the
/// differential test (`FieldSlotDecoderTests`) holds the two paths equal.
struct FieldSlotDecoder {
    let procedure: Procedure
    let roles: Roles
    let dates: DateTimeParser
    /// The fields whose values are built (nil: all); the others are checked for syntax only
    /// and left out of `fields` (see `FieldSelection`).
    var selection: FieldSelection? = nil

    /// The decoded fields and keys in source order, or nil to take the general path. The
    /// order is nil when it is the order of `fields` (no field left out by `selection`).
    /// - Parameter plainText: true when the caller already knows the file holds no byte that
    ///   `isPlainText` refuses (`Lines.encodingProblem` looked at every byte).
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstLine: Int,
                plainText: Bool = false) -> (fields: FieldMap, order: [String]?)? {
        guard plainText || Self.isPlainText(bytes, range) else { return nil }
        var scanner = SlotScanner(b: bytes, pos: range.lowerBound, end: range.upperBound, line: firstLine, lineStart: range.lowerBound)
        var fields = FieldMap()
        fields.reserveCapacity(procedure.fields.count)
        // Every key is decoded into `fields` unless a selection leaves its value out: only
        // then is the order kept apart (an array of the keys built and destroyed per record).
        var order: [String]? = nil
        if selection != nil {
            order = []
            order?.reserveCapacity(procedure.fields.count)
        }
        var keyCount = 0
        // A key written alone on its line (`escalations:`): its block list items follow.
        // (By the field's index in the procedure: no class reference is copied or released per line.)
        var open: (field: Int, keyPosition: SourcePosition, afterColon: SourcePosition, skipped: Bool)?
        // The fields written so far, by index in the procedure (past 64 fields: looked up).
        var written: UInt64 = 0
        var items: [SlotItem] = []
        var itemIndent = -1
        var listStart = SourcePosition.start

        func closeOpen() -> Bool {
            guard let pending = open else { return true }
            open = nil
            if pending.skipped {
                items.removeAll(keepingCapacity: true)
                return true
            }
            let spec = procedure.fields[pending.field]
            let hash = procedure.fieldHashes[pending.field]
            if items.isEmpty {
                fields.appendNew(spec.key, hash: hash, field: pending.field, of: procedure, DecodedField(key: spec.key, keyPosition: pending.keyPosition,
                                 valueRange: SourceRange(at: pending.afterColon), value: nil, isPresent: false))
                return true
            }
            let end = items[items.count - 1].range.end
            guard let field = blockList(spec, keyPosition: pending.keyPosition, items,
                                        range: SourceRange(start: listStart, end: end)) else { return false }
            fields.appendNew(spec.key, hash: hash, field: pending.field, of: procedure, field)
            items.removeAll(keepingCapacity: true)
            return true
        }

        while scanner.pos < scanner.end {
            let lineStart = scanner.pos
            var index = lineStart
            while index < scanner.end && bytes[index] == cSpace { index += 1 }
            if scanner.isEOL(index) || bytes[index] == cHash {
                scanner.nextLine(from: index)
                continue
            }
            let indent = index - lineStart
            if bytes[index] == cDash && (index + 1 < scanner.end && bytes[index + 1] == cSpace) {
                // A block list item: only under a key written alone, all at one indentation.
                guard open != nil else { return nil }
                if items.isEmpty {
                    itemIndent = indent
                    listStart = scanner.position(at: index)
                } else if indent != itemIndent {
                    return nil
                }
                scanner.pos = index + 2
                scanner.skipSpaces()
                guard let item = scanner.blockItem() else { return nil }
                items.append(item)
                guard scanner.finishLine() else { return nil }
                continue
            }
            guard indent == 0, closeOpen() else { return nil }
            // `key:` at column 1.
            let keyStart = index
            index = Self.keyEnd(bytes, from: index, to: scanner.end)
            guard index > keyStart, index < scanner.end, bytes[index] == cColon else { return nil }
            let afterColonOffset = index + 1
            guard scanner.isEOL(afterColonOffset) || bytes[afterColonOffset] == cSpace else { return nil }
            let keyBytes = UnsafeBufferPointer(rebasing: bytes[keyStart..<index])
            guard let fieldIndex = procedure.fieldIndex(utf8: keyBytes) else { return nil }
            let spec = procedure.fields[fieldIndex]
            let hash = procedure.fieldHashes[fieldIndex]
            // A key written twice is the general parser's error to report.
            if fieldIndex < 64 {
                guard written & (1 << UInt64(fieldIndex)) == 0 else { return nil }
                written |= 1 << UInt64(fieldIndex)
            } else if fields[spec.key] != nil {
                return nil
            }
            order?.append(spec.key)
            keyCount += 1
            let keyPosition = scanner.position(at: keyStart)
            let afterColon = scanner.position(at: afterColonOffset)
            scanner.pos = afterColonOffset
            scanner.skipSpaces()
            // A field the caller does not read: its line is still scanned, its value not built.
            let skipped = selection.map { !$0.contains(fieldIndex) } ?? false
            if scanner.isEOL(scanner.pos) {
                open = (fieldIndex, keyPosition, afterColon, skipped)
                scanner.nextLine(from: scanner.pos)
                continue
            }
            // Each field is moved into the map where it is unwrapped: no `DecodedField?` is kept
            // to be copied and then destroyed (a recursive enum, destroyed through its value witness).
            switch bytes[scanner.pos] {
            case cLBracket:
                guard let list = scanner.flowList() else { return nil }
                if skipped {
                    guard scanner.finishLine() else { return nil }
                    continue
                }
                guard let field = flowList(spec, keyPosition: keyPosition, list),
                      scanner.finishLine() else { return nil }
                fields.appendNew(spec.key, hash: hash, field: fieldIndex, of: procedure, field)
            default:
                guard let scalar = scanner.scalar(flow: false) else { return nil }
                if skipped {
                    guard scanner.finishLine() else { return nil }
                    continue
                }
                guard let field = topScalar(spec, keyPosition: keyPosition, scalar),
                      scanner.finishLine() else { return nil }
                fields.appendNew(spec.key, hash: hash, field: fieldIndex, of: procedure, field)
            }
        }
        guard closeOpen(), keyCount > 0 else { return nil }
        return (fields, order)
    }

    /// The offset of the first byte at or after `start` that is no key byte (`isKeyByte`).
    /// Eight bytes a step while they are lowercase letters and `_` (`snake_case` keys), then
    /// byte by byte.
    @inline(__always)
    static func keyEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        if let raw = UnsafeRawPointer(bytes.baseAddress) {
            let high: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                guard word & high == 0 else { break }
                let letters = Lines.asciiBelow(0x7B, in: word) & ~Lines.asciiBelow(0x61, in: word)
                let keyBytes = letters | Lines.asciiEqual(0x5F, in: word)
                guard keyBytes == high else {
                    // Past the lowercase letters and `_` before the first other byte (exact masks
                    // of ASCII bytes), which the loop below looks at.
                    index += (~keyBytes & high).trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
        }
        while index < end && isKeyByte(bytes[index]) { index += 1 }
        return index
    }

    /// Bytes of a key the fast path reads: ASCII letters, digits and `_`.
    @inline(__always)
    static func isKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    /// False when the front matter holds a byte the general parser judges on its own:
    /// a tab, a control character, a carriage return without a line feed, a byte order mark.
    static func isPlainText(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        let end = range.upperBound
        let raw = UnsafeRawPointer(b.baseAddress)
        while index < end {
            // Eight bytes at a time while none is below 0x20, 0x7F or 0xEF (a line feed, CJK text
            // and the rest are looked at a byte at a time below; a false alarm only costs that).
            if let raw, index + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !Lines.has(below: 0x20, in: word) && !Lines.has(0x7F, in: word) && !Lines.has(0xEF, in: word) {
                    index += 8
                    continue
                }
            }
            // The bytes of a word with a line feed (or the last few) one by one, then words again.
            let stop = min(index + 8, end)
            while index < stop {
                let c = b[index]
                if c < 0x20 {
                    if c == cNL || (c == cCR && index + 1 < end && b[index + 1] == cNL) { index += 1; continue }
                    return false
                }
                if c == 0x7F || (c == 0xEF && index + 2 < end && b[index + 1] == 0xBB && b[index + 2] == 0xBF) { return false }
                index += 1
            }
        }
        return true
    }

    // MARK: Values

    /// A top-level `key: scalar`, as `FieldDecoder.decodeField` decodes it.
    func topScalar(_ spec: FieldSpec, keyPosition: SourcePosition, _ scalar: SlotScalar) -> DecodedField? {
        if scalar.isNull {
            return DecodedField(key: spec.key, keyPosition: keyPosition, valueRange: scalar.range, value: nil, isPresent: false)
        }
        let value: FieldValue
        if case .list(let item) = spec.type {
            switch item.type {
            case .reference:
                let text = scalar.text
                guard scalar.isASCII || ValueSlips.listSlip(text, key: spec.key, flow: false) == nil else { return nil }
                value = .references([Reference(id: text, position: scalar.range.start)])
            case .person:
                guard let person = decodeValue(item.type, scalar) else { return nil }
                value = .list([DecodedField(key: spec.key, keyPosition: scalar.range.start, valueRange: scalar.range, value: person, isPresent: true)])
            default:
                return nil
            }
        } else {
            guard let decoded = decodeValue(spec.type, scalar) else { return nil }
            value = decoded
        }
        return Self.field(spec.key, keyPosition: keyPosition, range: scalar.range, value, nonBlank: scalar.startsNonBlank)
    }

    /// A `DecodedField` with `FieldDecoder`'s presence: empty lists and blank text count as absent.
    /// - Parameter nonBlank: true when the value's bytes already tell it is no blank text
    ///   (`SlotScalar.startsNonBlank`): its text is then not looked at again.
    static func field(_ key: String, keyPosition: SourcePosition, range: SourceRange, _ value: consuming FieldValue,
                      nonBlank: Bool = false) -> DecodedField {
        var isPresent = true
        switch value {
        case .references(let refs) where refs.isEmpty: isPresent = false
        case .list(let items) where items.isEmpty: isPresent = false
        case .text(let text) where !nonBlank && FieldDecoder.isBlank(text): isPresent = false
        default: break
        }
        return DecodedField(key: key, keyPosition: keyPosition, valueRange: range, value: value, isPresent: isPresent)
    }

    /// `key: [a, b]`.
    func flowList(_ spec: FieldSpec, keyPosition: SourcePosition, _ list: (range: SourceRange, items: [SlotScalar])) -> DecodedField? {
        guard case .list(let item) = spec.type else { return nil }
        let value: FieldValue
        if case .reference = item.type {
            guard let refs = references(list.items, key: spec.key) else { return nil }
            value = .references(refs)
        } else {
            var decoded: [DecodedField] = []
            decoded.reserveCapacity(list.items.count)
            for element in list.items {
                guard !element.isNull, let value = decodeValue(item.type, element) else { return nil }
                decoded.append(DecodedField(key: spec.key, keyPosition: element.range.start, valueRange: element.range, value: value, isPresent: true))
            }
            value = .list(decoded)
        }
        return Self.field(spec.key, keyPosition: keyPosition, range: list.range, value)
    }

    /// The items of a reference list, flow or block; nil (the general path decides) for a
    /// null item or one the general path would give a full-width list slip hint.
    func references(_ scalars: [SlotScalar], key: String) -> [Reference]? {
        var refs: [Reference] = []
        refs.reserveCapacity(scalars.count)
        for scalar in scalars {
            guard !scalar.isNull else { return nil }
            let text = scalar.text
            guard scalar.isASCII || ValueSlips.listSlip(text, key: key, flow: true) == nil else { return nil }
            refs.append(Reference(id: text, position: scalar.range.start))
        }
        return refs
    }

    /// `key:` and `- item` lines.
    func blockList(_ spec: FieldSpec, keyPosition: SourcePosition, _ items: [SlotItem], range: SourceRange) -> DecodedField? {
        guard case .list(let item) = spec.type else { return nil }
        let value: FieldValue
        if case .reference = item.type {
            var scalars: [SlotScalar] = []
            scalars.reserveCapacity(items.count)
            for element in items {
                guard case .scalar(let scalar) = element else { return nil }
                scalars.append(scalar)
            }
            guard let refs = references(scalars, key: spec.key) else { return nil }
            value = .references(refs)
        } else {
            var decoded: [DecodedField] = []
            decoded.reserveCapacity(items.count)
            for element in items {
                let decodedValue: FieldValue?
                switch element {
                case .scalar(let scalar):
                    decodedValue = scalar.isNull ? nil : decodeValue(item.type, scalar)
                case .map(_, let pairs):
                    guard case .map(let keys) = item.type else { return nil }
                    decodedValue = decodeMap(keys, pairs)
                }
                guard let decodedValue else { return nil }
                decoded.append(DecodedField(key: spec.key, keyPosition: element.range.start, valueRange: element.range, value: decodedValue, isPresent: true))
            }
            value = .list(decoded)
        }
        return Self.field(spec.key, keyPosition: keyPosition, range: range, value)
    }

    /// `{at: …, to: …}` against the keys of a map field: every key known, every required key present.
    func decodeMap(_ keys: [FieldSpec], _ pairs: [(key: SlotScalar, value: SlotScalar)]) -> FieldValue? {
        if keys.count <= 64 { return decodeSmallMap(keys, pairs) }
        var entries = FieldEntries()
        for pair in pairs {
            guard !pair.value.isNull,
                  let spec = keys.first(where: { pair.key.equals($0.key) }),
                  entries[spec.key] == nil,
                  let value = decodeValue(spec.type, pair.value) else { return nil }
            entries[spec.key] = Self.field(spec.key, keyPosition: pair.key.range.start, range: pair.value.range, value)
        }
        for spec in keys where entries[spec.key]?.isPresent != true {
            if case .always = spec.required { return nil }
        }
        return .map(entries)
    }

    /// `decodeMap` for a map of at most 64 keys (every map a procedure declares): the keys
    /// written and present are bits, and the entries an array in the order written (no key hashed).
    private func decodeSmallMap(_ keys: [FieldSpec], _ pairs: [(key: SlotScalar, value: SlotScalar)]) -> FieldValue? {
        var entries: [DecodedField] = []
        entries.reserveCapacity(pairs.count)
        var written: UInt64 = 0
        var present: UInt64 = 0
        for pair in pairs {
            guard !pair.value.isNull, let index = keys.firstIndex(where: { pair.key.equals($0.key) }) else { return nil }
            let bit: UInt64 = 1 << UInt64(index)
            let spec = keys[index]
            guard written & bit == 0, let value = decodeValue(spec.type, pair.value) else { return nil }
            written |= bit
            let field = Self.field(spec.key, keyPosition: pair.key.range.start, range: pair.value.range, value,
                                   nonBlank: pair.value.startsNonBlank)
            if field.isPresent { present |= bit }
            entries.append(field)
        }
        for (index, spec) in keys.enumerated() where present & (1 << UInt64(index)) == 0 {
            if case .always = spec.required { return nil }
        }
        return .map(FieldEntries(unique: entries))
    }

    /// A scalar against a field type, as `FieldDecoder.decodeValue` decides it; nil where
    /// that reports a diagnostic (or the type is a collection).
    func decodeValue(_ type: FieldType, _ scalar: SlotScalar) -> FieldValue? {
        switch type {
        case .id, .string, .text:
            return .text(scalar.text)
        case .state:
            if scalar.isVerbatim, let id = scalar.withContent(procedure.stateID(utf8:)) { return .state(id) }
            return procedure.resolveState(scalar.text).map(FieldValue.state)
        case .datetime:
            if scalar.isVerbatim { return scalar.withContent(dates.datetime(utf8:)).map(FieldValue.datetime) }
            return dates.datetime(scalar.text).map(FieldValue.datetime)
        case .date:
            if scalar.isVerbatim { return scalar.withContent(DateTimeParser.date(utf8:)).map(FieldValue.date) }
            return DateTimeParser.date(scalar.text).map(FieldValue.date)
        case .duration:
            return DurationText.parse(scalar.text).map(FieldValue.duration)
        case .bool:
            if scalar.equals("true") { return .bool(true) }
            if scalar.equals("false") { return .bool(false) }
            return nil
        case .int(let min, let max):
            guard let value = Int(scalar.text) else { return nil }
            if let min, value < min { return nil }
            if let max, value > max { return nil }
            return .int(value)
        case .enumeration(let set):
            if scalar.isVerbatim, let id = scalar.withContent(set.resolve(utf8:)) { return .enumValue(id) }
            return set.resolve(scalar.text).map(FieldValue.enumValue)
        case .person(let required):
            // Found from the bytes when they are a person id as written; else by the text.
            if scalar.isVerbatim, let found = scalar.withContent({ roles.personID(utf8: $0, holdingOneOf: required) }) {
                return found.holds ? .person(found.id) : nil
            }
            let text = scalar.text
            guard let person = roles.people[text] else { return nil }
            if !required.isEmpty, !person.roles.contains(where: required.contains) { return nil }
            return .person(text)
        case .reference:
            return .references([Reference(id: scalar.text, position: scalar.range.start)])
        case .list, .map:
            return nil
        }
    }
}

/// One scalar on one line: its source range and how to read its text.
struct SlotScalar {
    enum Style { case plain, singleQuoted, doubleQuoted }

    let b: UnsafeBufferPointer<UInt8>
    var range: SourceRange
    var style: Style
    /// A single-quoted scalar with `''` in it, whose text is not its bytes.
    var hasEscapedQuote = false

    /// The bytes of the value: inside the quotes of a quoted scalar.
    var content: Range<Int> {
        style == .plain ? range.start.offset..<range.end.offset : range.start.offset + 1..<range.end.offset - 1
    }

    /// True when the value's text is exactly its content bytes.
    var isVerbatim: Bool { !hasEscapedQuote }

    func withContent<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        body(UnsafeBufferPointer(rebasing: b[content]))
    }

    var text: String {
        let bytes = UnsafeBufferPointer(rebasing: b[content])
        guard hasEscapedQuote else { return String(decoding: bytes, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            unescaped.append(bytes[index])
            index += bytes[index] == cSQuote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// True when the text is `literal` (compared as bytes).
    func equals(_ literal: String) -> Bool {
        isVerbatim && FieldSlotDecoder.same(literal, UnsafeBufferPointer(rebasing: b[content]))
    }

    /// True when the first byte of the value tells that `FieldDecoder.isBlank` is false for its
    /// text: an ASCII byte that is no blank (space, tab, line break), or the first byte of a
    /// CJK unified ideograph (U+4E00–U+9FFF: E4 B8–BF, E5–E9). False tells nothing.
    var startsNonBlank: Bool {
        let content = content
        guard !content.isEmpty else { return false }
        let first = b[content.lowerBound]
        if first < 0x80 { return first != cSpace && !(0x09...0x0D).contains(first) }
        if first >= 0xE5 && first <= 0xE9 { return true }
        return first == 0xE4 && content.count > 1 && b[content.lowerBound + 1] >= 0xB8
    }

    /// True when every byte is ASCII: then no full-width slip (`ValueSlips.listSlip`) can be in it.
    var isASCII: Bool {
        for index in content where b[index] >= 0x80 { return false }
        return true
    }

    /// A plain scalar the YAML core schema reads as null (`~`, `null`, `Null`, `NULL`; never empty here).
    var isNull: Bool {
        guard style == .plain else { return false }
        // The spellings are one or four bytes long: any other value is decided without comparing,
        // and these by their bytes (`n`/`N`, then `ull` or `ULL`; a plain scalar has no quote to skip).
        let start = range.start.offset
        switch range.end.offset - start {
        case 1:
            return b[start] == UInt8(ascii: "~")
        case 4:
            let first = b[start], rest = (b[start + 1], b[start + 2], b[start + 3])
            if rest == (UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")) { return first == UInt8(ascii: "n") || first == UInt8(ascii: "N") }
            return first == UInt8(ascii: "N") && rest == (UInt8(ascii: "U"), UInt8(ascii: "L"), UInt8(ascii: "L"))
        default:
            return false
        }
    }
}

/// An item of a block list: a scalar or a one-line flow mapping of scalars.
enum SlotItem {
    case scalar(SlotScalar)
    case map(range: SourceRange, pairs: [(key: SlotScalar, value: SlotScalar)])

    var range: SourceRange {
        switch self {
        case .scalar(let scalar): scalar.range
        case .map(let range, _): range
        }
    }
}

/// The line scanner of the fast path: every method returns nil (or false) for input
/// outside the subset it reads, never a diagnostic.
struct SlotScanner {
    let b: UnsafeBufferPointer<UInt8>
    var pos: Int
    let end: Int
    var line: Int
    var lineStart: Int

    /// True at `\n`, `\r\n` (`isPlainText` let no other `\r` through) or the end.
    @inline(__always)
    func isEOL(_ i: Int) -> Bool { i >= end || b[i] == cNL || b[i] == cCR }

    @inline(__always)
    func position(at offset: Int) -> SourcePosition {
        SourcePosition(offset: offset, line: line, column: offset - lineStart + 1)
    }

    @inline(__always)
    mutating func skipSpaces() {
        while pos < end && b[pos] == cSpace { pos += 1 }
    }

    /// Moves past the line break at or after `from` to the start of the next line.
    mutating func nextLine(from: Int) {
        var index = from
        while index < end && b[index] != cNL { index += 1 }
        pos = index < end ? index + 1 : end
        line += 1
        lineStart = pos
    }

    /// After a value: blanks, then a comment after at least one blank, then the line's end.
    mutating func finishLine() -> Bool {
        skipSpaces()
        if pos < end && b[pos] == cHash {
            // `#` starts a comment only after a blank: `[a]#x` is not one.
            guard b[pos - 1] == cSpace else { return false }
        } else if !isEOL(pos) {
            return false
        }
        nextLine(from: pos)
        return true
    }

    /// A byte no plain scalar of the subset starts with (indicators, quotes, collections).
    @inline(__always)
    static func isIndicator(_ c: UInt8) -> Bool {
        switch c {
        case cDash, cQuestion, cColon, cComma, cLBracket, cRBracket, cLBrace, cRBrace, cHash, cAmp, cStar, cBang,
             cPipe, cGreater, cSQuote, cDQuote, cPercent, cAt, cBacktick: true
        default: false
        }
    }

    /// A quoted scalar closed on its line, or a plain one (in a flow collection when `flow`).
    mutating func scalar(flow: Bool) -> SlotScalar? {
        guard pos < end else { return nil }
        let c = b[pos]
        if c == cDQuote || c == cSQuote { return quoted(c) }
        guard !Self.isIndicator(c) else { return nil }
        let start = pos
        if !flow { return blockScalar() }
        var lastEnd = pos
        while pos < end {
            let c = b[pos]
            if c == cNL || c == cCR { break }
            if c == cSpace { pos += 1; continue }
            if c == cColon {
                let next = pos + 1
                // `: ` would make a mapping; in a flow collection `:,` too.
                if isEOL(next) || b[next] == cSpace || (flow && isYAMLFlowIndicator(b[next])) { return nil }
            } else if c == cHash && b[pos - 1] == cSpace {
                if flow { return nil }
                break
            } else if flow && isYAMLFlowIndicator(c) {
                break
            }
            pos += 1
            lastEnd = pos
        }
        // A flow scalar must end in its collection on this line.
        if flow && isEOL(pos) { return nil }
        return SlotScalar(b: b, range: SourceRange(start: position(at: start), end: position(at: lastEnd)), style: .plain)
    }

    /// The rest of a plain scalar outside flow collections, `pos` at its first byte (no blank,
    /// no indicator): up to the line's end or a comment, without the blanks before them; nil
    /// at `: ` or a `:` that ends the line (a mapping). Eight bytes a step: the first byte of a
    /// word that is a line break, `:` or `#` is found by a mask, and only such bytes are looked at.
    mutating func blockScalar() -> SlotScalar? {
        let start = pos
        guard let raw = UnsafeRawPointer(b.baseAddress) else { return nil }
        var stop = end
        search: while pos < end {
            var found = pos
            if pos + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
                // Each mask is exact at its lowest bit set, so the lowest bit of the four is the
                // first byte looked for.
                let mask = Lines.matches(cNL, in: word) | Lines.matches(cCR, in: word)
                    | Lines.matches(cColon, in: word) | Lines.matches(cHash, in: word)
                if mask == 0 {
                    pos += 8
                    continue
                }
                found = pos + mask.trailingZeroBitCount >> 3
            } else {
                while found < end, b[found] != cNL, b[found] != cCR, b[found] != cColon, b[found] != cHash { found += 1 }
                if found == end { break }
            }
            switch b[found] {
            case cColon:
                // `: ` would make a mapping.
                if isEOL(found + 1) || b[found + 1] == cSpace { return nil }
            case cHash:
                // `#` starts a comment only after a blank.
                if b[found - 1] == cSpace {
                    stop = found
                    break search
                }
            default:
                stop = found
                break search
            }
            pos = found + 1
        }
        pos = stop
        // Without the blanks before the line's end or the comment (the first byte is none).
        var lastEnd = stop
        while lastEnd > start && b[lastEnd - 1] == cSpace { lastEnd -= 1 }
        return SlotScalar(b: b, range: SourceRange(start: position(at: start), end: position(at: lastEnd)), style: .plain)
    }

    /// A quoted scalar that closes on its line, without escapes in double quotes.
    mutating func quoted(_ quote: UInt8) -> SlotScalar? {
        let start = pos
        pos += 1
        var escaped = false
        while true {
            guard !isEOL(pos) else { return nil }
            let c = b[pos]
            if c == quote {
                if quote == cSQuote && pos + 1 < end && b[pos + 1] == cSQuote {
                    escaped = true
                    pos += 2
                    continue
                }
                pos += 1
                break
            }
            if c == cBackslash && quote == cDQuote { return nil }
            pos += 1
        }
        return SlotScalar(b: b, range: SourceRange(start: position(at: start), end: position(at: pos)),
                          style: quote == cDQuote ? .doubleQuoted : .singleQuoted, hasEscapedQuote: escaped)
    }

    /// After an entry of a flow collection: true past its closing bracket, false past a `,`
    /// (at the next entry), nil for anything else.
    mutating func afterEntry(closing: UInt8) -> Bool? {
        skipSpaces()
        guard pos < end else { return nil }
        if b[pos] == cComma {
            pos += 1
            skipSpaces()
            return false
        }
        guard b[pos] == closing else { return nil }
        pos += 1
        return true
    }

    /// `[a, b]` on one line; `pos` at `[`.
    mutating func flowList() -> (range: SourceRange, items: [SlotScalar])? {
        let start = pos
        pos += 1
        var items: [SlotScalar] = []
        skipSpaces()
        while true {
            guard pos < end else { return nil }
            if b[pos] == cRBracket { pos += 1; break }
            guard let item = scalar(flow: true) else { return nil }
            items.append(item)
            guard let closed = afterEntry(closing: cRBracket) else { return nil }
            if closed { break }
        }
        return (SourceRange(start: position(at: start), end: position(at: pos)), items)
    }

    /// `{key: value, …}` on one line with plain ASCII keys; `pos` at `{`.
    mutating func flowMap() -> SlotItem? {
        let start = pos
        pos += 1
        var pairs: [(key: SlotScalar, value: SlotScalar)] = []
        // Room for an escalation's four keys at once (growing from one cost three allocations).
        pairs.reserveCapacity(4)
        skipSpaces()
        while true {
            guard pos < end else { return nil }
            if b[pos] == cRBrace { pos += 1; break }
            let keyStart = pos
            while pos < end && FieldSlotDecoder.isKeyByte(b[pos]) { pos += 1 }
            guard pos > keyStart, pos + 1 < end, b[pos] == cColon, b[pos + 1] == cSpace else { return nil }
            let key = SlotScalar(b: b, range: SourceRange(start: position(at: keyStart), end: position(at: pos)), style: .plain)
            pos += 1
            skipSpaces()
            guard pos < end, b[pos] != cComma, b[pos] != cRBrace, let value = scalar(flow: true) else { return nil }
            pairs.append((key, value))
            guard let closed = afterEntry(closing: cRBrace) else { return nil }
            if closed { break }
        }
        return .map(range: SourceRange(start: position(at: start), end: position(at: pos)), pairs: pairs)
    }

    /// The content of a `- ` line: a scalar or a flow mapping.
    mutating func blockItem() -> SlotItem? {
        guard pos < end, !isEOL(pos) else { return nil }
        if b[pos] == cLBrace { return flowMap() }
        return scalar(flow: false).map(SlotItem.scalar)
    }
}

extension FieldSlotDecoder {
    /// True when `text`'s UTF-8 bytes are `bytes`.
    @inline(__always)
    static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard utf8.count == bytes.count else { return false }
            // `memcmp` compares many bytes a step (a loop here cost a compare and a branch a byte).
            guard let a = utf8.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a, b, utf8.count) == 0
        } ?? text.utf8.elementsEqual(bytes)
    }
}

extension Procedure {
    /// The index in `fields` of the field whose key is `key`, with its `FieldMap.hash` known.
    func fieldIndex(hash: UInt64, key: String) -> Int? {
        let mask = fieldTable.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(fieldTable[slot])
            if index < 0 { return nil }
            if fieldHashes[index] == hash && fields[index].key == key { return index }
            slot = (slot + 1) & mask
        }
    }

    /// The index in `fields` of the field whose key is these UTF-8 bytes, found without making a `String`.
    @inline(__always)
    func fieldIndex(utf8 key: UnsafeBufferPointer<UInt8>) -> Int? {
        fieldKeys.index(utf8: key)
    }
}

import Foundation
