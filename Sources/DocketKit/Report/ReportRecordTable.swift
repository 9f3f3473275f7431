import Foundation

/// The ids and titles of the records a report lists, as UTF-8 byte ranges in one arena,
/// numbered in id order: a drill-down list finds a record's title without a `String` per
/// record or a dictionary's hash per look-up, and can write its bytes where they lie.
///
/// Record `n` (`0..<count`) has `id(at: n)` and `title(at: n)` (nil when it has none);
/// `index(of:)` finds a record's number by a binary search over the ids. It holds the records
/// `ReportFigures.titles` holds (the figures kind's and the configuration items' with a
/// title), and `title(of:)` answers as `titles[id]` does.
public struct ReportRecordTable: Sendable, Equatable {
    /// Every id and title, one after the other.
    private var bytes: [UInt8] = []
    /// Record `n`'s id is `bytes[offsets[2n]..<offsets[2n + 1]]`, its title
    /// `bytes[offsets[2n + 1]..<offsets[2n + 2]]`.
    private var offsets: [Int] = [0]
    /// False once an id was appended out of byte order: `index(of:)` then looks at every id.
    private var ordered = true

    /// An empty table.
    public init() {}

    /// How many records the table holds.
    public var count: Int { offsets.count / 2 }

    /// Appends a record; records are appended in id order (`KPIEngine` sorts its facts by id).
    mutating func append(id: String, title: String) {
        let start = bytes.count
        bytes.append(contentsOf: id.utf8)
        if ordered, count > 0 {
            let previous = offsets[2 * count - 2]..<offsets[2 * count - 1], end = bytes.count
            ordered = bytes.withUnsafeBufferPointer { all in
                Self.compare(UnsafeBufferPointer(rebasing: all[start..<end]), UnsafeBufferPointer(rebasing: all[previous])) > 0
            }
        }
        offsets.append(bytes.count)
        bytes.append(contentsOf: title.utf8)
        offsets.append(bytes.count)
    }

    /// Reserves room for `records` records of about `bytesEach` bytes of id and title.
    mutating func reserveCapacity(records: Int, bytesEach: Int) {
        offsets.reserveCapacity(2 * records + 1)
        bytes.reserveCapacity(records * bytesEach)
    }

    /// The UTF-8 bytes of record `index`'s id.
    public func idBytes(at index: Int) -> ArraySlice<UInt8> {
        bytes[offsets[2 * index]..<offsets[2 * index + 1]]
    }

    /// The UTF-8 bytes of record `index`'s title.
    public func titleBytes(at index: Int) -> ArraySlice<UInt8> {
        bytes[offsets[2 * index + 1]..<offsets[2 * index + 2]]
    }

    /// Record `index`'s id.
    public func id(at index: Int) -> String { String(decoding: idBytes(at: index), as: UTF8.self) }

    /// Record `index`'s title.
    public func title(at index: Int) -> String { String(decoding: titleBytes(at: index), as: UTF8.self) }

    /// The number of the record `id`, or nil when the table does not hold it.
    public func index(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { key in
            bytes.withUnsafeBufferPointer { all in
                func id(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: all[offsets[2 * index]..<offsets[2 * index + 1]])
                }
                guard ordered else { return (0..<count).first { Self.compare(id($0), key) == 0 } }
                var low = 0, high = count
                while low < high {
                    let middle = (low + high) / 2
                    let order = Self.compare(id(middle), key)
                    if order == 0 { return middle }
                    if order < 0 { low = middle + 1 } else { high = middle }
                }
                return nil
            }
        }
    }

    /// The number of each of `ids` (as `index(of:)`), -1 for an id the table does not hold.
    ///
    /// Made for a drill-down list, whose ids come mostly in id order (the engine's facts are
    /// sorted): the search goes on from where the previous id was found, looking ahead 1, 2,
    /// 4, … records before a binary search, so a list in order costs a few comparisons an id;
    /// an id that sorts before the previous one starts again from the first record.
    public func indices(of ids: [String]) -> [Int32] {
        var numbers = [Int32](repeating: -1, count: ids.count)
        guard count > 0 else { return numbers }
        guard ordered else {
            for (position, id) in ids.enumerated() { numbers[position] = index(of: id).map { Int32($0) } ?? -1 }
            return numbers
        }
        let count = count
        bytes.withUnsafeBufferPointer { all in
            offsets.withUnsafeBufferPointer { offsets in
                func id(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: all[offsets[2 * index]..<offsets[2 * index + 1]])
                }
                // Every record before `start` sorts before the previous id.
                var start = 0
                for position in ids.indices {
                    var key = ids[position]
                    key.withUTF8 { key in
                        if start > 0, Self.compare(id(start - 1), key) >= 0 { start = 0 }
                        var bound = start, step = 1
                        while bound < count, Self.compare(id(bound), key) < 0 {
                            start = bound + 1
                            bound = start + step
                            step *= 2
                        }
                        // The first record not before the id lies in start...min(bound, count).
                        var low = start, high = min(bound, count)
                        while low < high {
                            let middle = (low + high) / 2
                            if Self.compare(id(middle), key) < 0 { low = middle + 1 } else { high = middle }
                        }
                        start = low
                        if low < count, Self.compare(id(low), key) == 0 {
                            numbers[position] = Int32(low)
                            start = low + 1
                        }
                    }
                }
            }
        }
        return numbers
    }

    /// The title of the record `id`, as `ReportFigures.titles[id]`.
    public func title(of id: String) -> String? { index(of: id).map(title(at:)) }

    /// Negative, zero or positive as `a` sorts before, with or after `b` byte by byte
    /// (a prefix first).
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : a.count < b.count ? -1 : 1
    }
}
