/// "Did you mean" suggestions by edit distance.
public enum Suggestion {
    /// The candidate nearest to `text`, if it is near enough to be a likely typo.
    public static func nearest(to text: String, in candidates: [String]) -> String? {
        let source = Array(text.lowercased().unicodeScalars)
        let limit = max(1, min(3, source.count / 3))
        var best: (String, Int)?
        for candidate in candidates {
            // The distance is at least the difference in length: most of 10^5 ids
            // are skipped before any allocation.
            let length = candidate.unicodeScalars.count
            if abs(length - source.count) > min(limit, (best?.1 ?? Int.max) - 1) { continue }
            let distance = editDistance(source, Array(candidate.lowercased().unicodeScalars))
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        return distance <= limit ? candidate : nil
    }

    /// The record id nearest to `id` among many (10^5): a typo of one or two
    /// characters — changed, added, dropped or swapped. Compares UTF-8 bytes in
    /// place, so most ids cost a few byte comparisons and no allocation.
    public static func nearestID<S: Sequence>(to id: String, in ids: S, where accept: (String) -> Bool = { _ in true }) -> String? where S.Element == String {
        let target = Array(id.utf8)
        var best: (String, Int)?
        for candidate in ids {
            guard let distance = candidate.utf8.withContiguousStorageIfAvailable({ idDistance(target, $0) }) ?? idDistance(target, Array(candidate.utf8)),
                  accept(candidate) else { continue }
            if best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// 1 or 2 for ids one or two byte edits apart (substitutions, or one insertion
    /// or deletion, or one swap of neighbours), nil for anything farther or equal.
    static func idDistance<C: RandomAccessCollection>(_ a: [UInt8], _ b: C) -> Int? where C.Element == UInt8, C.Index == Int {
        let base = b.startIndex
        if a.count == b.count {
            var differences: [Int] = []
            for index in 0..<a.count where a[index] != b[base + index] {
                differences.append(index)
                if differences.count > 2 { return nil }
            }
            if differences.isEmpty { return nil }
            if differences.count == 2, differences[1] == differences[0] + 1,
               a[differences[0]] == b[base + differences[1]], a[differences[1]] == b[base + differences[0]] { return 1 }
            return differences.count
        }
        guard abs(a.count - b.count) == 1 else { return nil }
        // One insertion or deletion: skip one byte of the longer at the first difference.
        let longerIsA = a.count > b.count
        let shorter = longerIsA ? b.count : a.count
        var index = 0
        while index < shorter, a[index] == b[base + index] { index += 1 }
        for rest in index..<shorter {
            let left = longerIsA ? a[rest + 1] : a[rest]
            let right = longerIsA ? b[base + rest] : b[base + rest + 1]
            if left != right { return nil }
        }
        return 1
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
