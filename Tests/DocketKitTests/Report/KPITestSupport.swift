import Foundation
@testable import DocketKit

/// A tiny period reader for the tests only (`2026-11`, `2026-Q4`), in the sample's time
/// zone; the product's period parser lives elsewhere.
enum TestPeriod {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static func instant(_ year: Int, _ month: Int) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = calendar.date(from: DateComponents(year: year + (month - 1) / 12, month: (month - 1) % 12 + 1, day: 1))!
        return Int64(date.timeIntervalSince1970)
    }

    static func month(_ text: String) -> KPIPeriod {
        let parts = text.split(separator: "-").map { Int($0)! }
        return KPIPeriod(from: instant(parts[0], parts[1]), to: instant(parts[0], parts[1] + 1))
    }

    static func quarter(_ text: String) -> KPIPeriod {
        let parts = text.split(separator: "-")
        let year = Int(parts[0])!, quarter = Int(parts[1].dropFirst())!
        return KPIPeriod(from: instant(year, quarter * 3 - 2), to: instant(year, quarter * 3 + 1))
    }
}

enum SampleKPIs {
    static let store: RecordStore = {
        let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
        return RecordStore.load(root: TestRepository.packageRoot, procedures: procedures)
    }()

    static func report(_ period: KPIPeriod) -> KPIReport { KPIEngine(store: store).report(period: period) }
}
