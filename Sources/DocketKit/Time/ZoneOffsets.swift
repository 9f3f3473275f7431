import Foundation

/// A time zone's UTC offsets from 1970 to 2100 as a table of changes: the one
/// offset table of a zone, used to read and print local times and by the
/// business calendars.
///
/// Foundation's `secondsFromGMT(for:)` costs microseconds and would be called
/// for every local datetime of 10^5 records; a lookup here is a comparison
/// (after the zone's last change) or a binary search. Before 1970 the offset
/// in force at 1970 applies, after 2100 the one in force at the end of 2099.
struct ZoneOffsets: Sendable {
    /// Instants (seconds since 1970) at which the offset changes, ascending.
    private let changes: [Int64]
    /// The offset from each change on; `offsets[0]` holds before the first change.
    private let offsets: [Int]
    /// The last change, `Int64.min` for a zone without changes: from it on the offset is `finalOffset`.
    let lastChange: Int64
    private let finalOffset: Int

    /// The table of `zone`, built once per zone identifier and process: building
    /// walks every transition to 2100 through ICU, which costs far more than a record.
    static func shared(_ zone: TimeZone) -> ZoneOffsets {
        cache.table(for: zone)
    }

    private static let cache = ZoneOffsetsCache()

    init(_ zone: TimeZone) {
        var changes: [Int64] = []
        var offsets: [Int] = []
        var date = Date(timeIntervalSince1970: 0)
        offsets.append(zone.secondsFromGMT(for: date))
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        while changes.count < 2000, let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            changes.append(Int64(next.timeIntervalSince1970))
            offsets.append(zone.secondsFromGMT(for: next))
            date = next
        }
        // Zones whose standard offset changed without a DST transition are caught by a monthly probe.
        if changes.isEmpty {
            var probe = Date(timeIntervalSince1970: 0)
            var last = offsets[0]
            while probe < end {
                let offset = zone.secondsFromGMT(for: probe)
                if offset != last { changes.append(Int64(probe.timeIntervalSince1970)); offsets.append(offset); last = offset }
                probe = probe.addingTimeInterval(86_400 * 30)
            }
        }
        self.changes = changes
        self.offsets = offsets
        self.lastChange = changes.last ?? Int64.min
        self.finalOffset = offsets[offsets.count - 1]
    }

    /// The UTC offset in seconds at an instant (seconds since 1970).
    @inline(__always)
    func offset(at seconds: Int64) -> Int {
        if seconds >= lastChange { return finalOffset }
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }

    /// The instant of local wall-clock time `local` (seconds since 1970 read as
    /// if UTC). A local time that does not exist (in a spring-forward gap) is
    /// moved forward by the gap (02:30 becomes 03:30 new time); one that occurs
    /// twice (fall-back) means its first occurrence.
    @inline(__always)
    func instant(local: Int64) -> Int64 {
        // No zone changes its offset twice within two days, and no offset exceeds a day:
        // the offsets a day either side bracket every reading of `local`.
        let before = offset(at: local - 86_400), after = offset(at: local + 86_400)
        if before == after { return local - Int64(before) }
        return Self.instant(local: local, before: before, after: after) { offset(at: $0) }
    }

    /// `instant(local:)` across one change from offset `before` to `after`;
    /// `offsetAt` is the zone's offset at an instant.
    static func instant(local: Int64, before: Int, after: Int, offsetAt: (Int64) -> Int) -> Int64 {
        let early = local - Int64(before), late = local - Int64(after)
        switch (offsetAt(early) == before, offsetAt(late) == after) {
        case (true, true): return min(early, late)   // repeated hour: the first occurrence
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early            // skipped hour: moved forward by the gap
        }
    }
}

/// Offset tables by time-zone identifier, shared by every parser and calendar.
///
/// `@unchecked Sendable`: the dictionary is only read or written with `lock`
/// held, and the tables it hands out are immutable values.
private final class ZoneOffsetsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [String: ZoneOffsets] = [:]

    func table(for zone: TimeZone) -> ZoneOffsets {
        if let table = lock.withLock({ tables[zone.identifier] }) { return table }
        // Built outside the lock: two threads may both build a table, and either result is the same.
        let table = ZoneOffsets(zone)
        lock.withLock { tables[zone.identifier] = table }
        return table
    }
}
