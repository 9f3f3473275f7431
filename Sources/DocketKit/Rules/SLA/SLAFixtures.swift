/// Fixtures of the SLA rules' examples, on top of `Fixture`.
///
/// `Fixture.closedIncident` is a P3 incident (office calendar: 2 h response,
/// 24 h resolution, Mon–Fri 09:00–12:00 and 13:30–18:30) reported on Tuesday
/// 3 November 2026 at 09:12.
enum SLAFixture {
    /// The closed incident, still being worked on: `in-progress`, no
    /// resolution. Its 12 h (50%) threshold falls on Wednesday 4 November at
    /// 14:42 (Tue 09:12–12:00 and 13:30–18:30 give 7h48m, Wed 09:00–12:00 3h,
    /// then 13:30 + 1h12m); its 24 h are due on Friday 6 November at 09:12
    /// (Tue 7h48m + Wed 8h + Thu 8h = 23h48m, then 12 minutes on Friday).
    static let openIncident = Fixture.edit(Fixture.closedIncident,
        ("status: closed", "status: in-progress"),
        ("resolved_at: 2026-11-03 11:05\nclosed_at: 2026-11-03 15:00\nclosed_by: zhangsan\nclosure_code: success\nuser_confirmed: true\ncustomer_notified: true\nsatisfaction: 5\n", ""))

    /// An escalation list item.
    static func escalation(_ at: String, _ to: String) -> String {
        "  - {at: \(at), to: \(to), by: lisi, reason: 超过时限比例，按升级原则升级}"
    }
}
