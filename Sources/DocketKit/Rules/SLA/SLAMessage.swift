import Foundation

/// The message of an SLA finding written as UTF-8 bytes into one buffer: durations and local
/// times are formatted into it as bytes (no `String` each), and the message `String` is made once.
///
/// The SLA rules report on about a quarter of a generated repository's records measured at
/// `--now`; joining `String` parts cost a `String` for every duration and time first. The buffer
/// is its own memory (noncopyable, freed with the message), not an array: a part is one copy,
/// without the array's uniqueness and capacity checks.
struct SLAMessage: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init() {
        capacity = 256
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Appends UTF-8 bytes.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity {
            let larger = max(capacity * 2, count + bytes.count)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            moved.initialize(from: base, count: count)
            base.deallocate()
            base = moved
            capacity = larger
        }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends literal text.
    mutating func add(_ text: StaticString) {
        add(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends text (literals take `add(_:)`, without a `String`).
    mutating func add(text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    /// Appends `SLAText.duration(seconds:)`.
    mutating func add(duration seconds: Int) { SLAText.withDuration(seconds: seconds) { add($0) } }

    /// Appends `dates.localText(seconds)`.
    mutating func add(local seconds: Int64, _ dates: DateTimeParser) { dates.withText(seconds, withOffset: false) { add($0) } }

    /// Appends `SLAText.local(date, dates)` (`never` beyond the search limit).
    mutating func add(local date: Date, _ dates: DateTimeParser) {
        let seconds = Instants.seconds(date)
        if seconds == Int64.max { add("never") } else { add(local: seconds, dates) }
    }

    /// The message.
    var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}
