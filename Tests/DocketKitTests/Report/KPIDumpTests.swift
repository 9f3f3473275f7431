import XCTest
@testable import DocketKit

final class KPIDumpTests: XCTestCase {
    func testDump() {
        let report = SampleKPIs.report(TestPeriod.month(ProcessInfo.processInfo.environment["KPI_MONTH"] ?? "2026-11"))
        for kpi in report.kpis {
            print(kpi.kind, kpi.id, kpi.actual as Any, kpi.target?.text ?? "-", kpi.met as Any, kpi.records.count, "/", kpi.population.count, "trend:", kpi.trend.map { $0.actual.map { String(format: "%.2f", $0) } ?? "nil" }.joined(separator: " "))
            for breakdown in kpi.breakdowns { print("   per", breakdown.field, breakdown.items.map { "\($0.value ?? "-")=\($0.figure.actual.map { String(format: "%.2f", $0) } ?? "nil")/\($0.figure.population.count)" }.joined(separator: " ")) }
            for bucket in kpi.buckets { print("   bucket", bucket.label, bucket.records) }
        }
        dump(report.figures!, maxDepth: 4)
    }
}
