import Foundation
@testable import DocketKit

/// Periods in the sample's time zone, read by the product's `Period` parser.
enum TestPeriod {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static func instant(_ year: Int, _ month: Int) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = calendar.date(from: DateComponents(year: year + (month - 1) / 12, month: (month - 1) % 12 + 1, day: 1))!
        return Int64(date.timeIntervalSince1970)
    }

    static func parse(_ text: String) -> KPIPeriod {
        KPIPeriod(Period(parsing: text)!, dates: DateTimeParser(timeZone: zone))
    }

    static func month(_ text: String) -> KPIPeriod { parse(text) }

    static func quarter(_ text: String) -> KPIPeriod { parse(text) }
}

enum SampleKPIs {
    static let store: RecordStore = {
        let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
        return RecordStore.load(root: TestRepository.packageRoot, procedures: procedures)
    }()

    static func report(_ period: KPIPeriod) -> KPIReport { KPIEngine(store: store).report(period: period) }
}
