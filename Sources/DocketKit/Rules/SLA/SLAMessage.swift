import Foundation

/// The message of an SLA finding written as UTF-8 bytes into one buffer: durations and local
/// times are formatted into it as bytes (no `String` each), and the message `String` is made once.
///
/// The SLA rules report on about a quarter of a generated repository's records measured at
/// `--now`; joining `String` parts cost each a `String` for every duration and time first.
struct SLAMessage {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(224) }

    /// Appends literal text.
    mutating func add(_ text: StaticString) { bytes.append(literal: text) }

    /// Appends text.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends `SLAText.duration(seconds:)`.
    mutating func add(duration seconds: Int) { SLAText.appendDuration(seconds: seconds, to: &bytes) }

    /// Appends `dates.localText(seconds)`.
    mutating func add(local seconds: Int64, _ dates: DateTimeParser) { dates.appendLocalText(seconds, to: &bytes) }

    /// Appends `SLAText.local(date, dates)` (`never` beyond the search limit).
    mutating func add(local date: Date, _ dates: DateTimeParser) {
        let seconds = Instants.seconds(date)
        if seconds == Int64.max { add("never") } else { add(local: seconds, dates) }
    }

    /// The message.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
