/// The message of a finding put together from its parts in one buffer sized for them all.
///
/// An interpolated message of a dozen parts grows its string several times and appends part by
/// part (about 450 instructions a part); the SLA rules report on a quarter of the records of a
/// repository measured at `--now`, so their messages are joined here instead.
enum FindingText {
    /// The parts one after another, as `"\(a)\(b)…"` would give them.
    static func join(_ parts: String...) -> String {
        var count = 0
        for part in parts { count += part.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var offset = 0
            for var part in parts {
                part.withUTF8 { utf8 in
                    guard let source = utf8.baseAddress, let target = buffer.baseAddress, !utf8.isEmpty else { return }
                    (target + offset).update(from: source, count: utf8.count)
                    offset += utf8.count
                }
            }
            return offset
        }
    }
}
