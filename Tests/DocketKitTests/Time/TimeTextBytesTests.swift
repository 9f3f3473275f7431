import Foundation
import XCTest
@testable import DocketKit

/// Local times and durations written as bytes into a buffer are the text of their `String` forms.
final class TimeTextBytesTests: XCTestCase {
    func testLocalAndISOBytesAreTheTexts() throws {
        var random = SeededGenerator(state: 20_261_201)
        for zone in ["Asia/Shanghai", "Europe/Berlin", "America/St_Johns", "UTC"] {
            let dates = DateTimeParser(timeZone: try XCTUnwrap(TimeZone(identifier: zone)))
            var instants: [Int64] = [0, -1, 1_796_054_400, 253_402_300_799, 253_402_300_800, -62_167_219_200, -62_167_219_201, 4_000_000_000_000]
            for _ in 0..<300 { instants.append(Int64.random(in: -3_000_000_000...5_000_000_000, using: &random)) }
            for seconds in instants {
                XCTAssertEqual(dates.withText(seconds, withOffset: false) { String(decoding: $0, as: UTF8.self) }, dates.localText(seconds), "\(zone) \(seconds)")
                var message = SLAMessage()
                message.add("at "); message.add(local: seconds, dates); message.add(local: Instants.date(seconds), dates)
                XCTAssertEqual(message.text, "at " + dates.localText(seconds) + SLAText.local(Instants.date(seconds), dates), "\(zone) \(seconds)")
                XCTAssertEqual(dates.withText(seconds, withOffset: true) { String(decoding: $0, as: UTF8.self) }, dates.iso8601(seconds), "\(zone) \(seconds)")
            }
        }
    }

    func testDurationBytesAreTheText() {
        XCTAssertEqual(DurationText.format(93_784), "1d2h3m4s")
        XCTAssertEqual(DurationText.format(-3_900, largestUnit: .hour), "-1h5m")
        XCTAssertEqual(DurationText.format(0), "0m")
        XCTAssertEqual(DurationText.format(94_680, largestUnit: .hour), "26h18m")
        for seconds in [0, 1, 59, 60, 3_600, 86_400, 93_784, -93_784, 1_000_000_007, Int.max, Int.min] {
            for unit in [DurationText.LargestUnit.day, .hour] {
                XCTAssertEqual(DurationText.withText(seconds, largestUnit: unit) { String(decoding: $0, as: UTF8.self) },
                               DurationText.format(seconds, largestUnit: unit))
            }
        }
        // A message longer than its first buffer, a never, a duration of working time.
        var message = SLAMessage()
        let long = String(repeating: "长文本 long text ", count: 40)
        message.add(text: long); message.add(duration: 94_719); message.add(local: Date.distantFuture, DateTimeParser(timeZone: TimeZone(identifier: "UTC")!))
        XCTAssertEqual(message.text, long + SLAText.duration(seconds: 94_719) + "never")
        XCTAssertEqual(SLAText.duration(seconds: 94_719), "26h18m")
    }
}
