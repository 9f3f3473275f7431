/// `pending-too-long`: a record paused (a pause state of `sla.md` marked in its work log) for longer
/// than its procedure's `signals: pending_too_long`. Checked with the SLA rules (`SLARecordRules`).
struct PendingTooLongRule: Rule {
    static let description = RuleDescription(
        id: .pendingTooLong, severity: .warning, group: "sla",
        summary: "a record has been paused for longer than signals: pending_too_long allows",
        description: """
        A pause (`[pending]` in the work log, a state of `pause:` in `procedures/sla.md`) stops the SLA \
        clock, so a record left paused is never late and easily forgotten. A procedure sets how long a \
        pause may last under `signals:` (`pending_too_long: 200h`, working time of its `calendar`). A \
        record still paused past that time, measured at `--now`, is reported on the work-log entry that \
        paused it. Follow it up: record the next step, resume it, or close it.
        """,
        examples: [
            .passing(Fixture.incidentPath, pausedIncident, now: "2026-12-08T09:30:00+08:00"),
            // The sample's 200 h of office time from Tue 3 Nov 10:00 (7 h that day, then 24 days of 8 h) end on Tue 8 Dec at 10:00.
            .failing(Fixture.incidentPath, Fixture.edit(pausedIncident, ("- 2026-11-03 10:00 lisi: [pending]", "⚑- 2026-11-03 10:00 lisi: [pending]")),
                     now: "2026-12-08T11:00:00+08:00"),
            // Resumed: no longer paused.
            .passing(Fixture.incidentPath, Fixture.edit(pausedIncident,
                ("等待用户提供日志\n", "等待用户提供日志\n- 2026-11-04 09:30 lisi: [in-progress] 收到日志\n"),
                ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\nescalations:\n"
                    + SLAFixture.escalation("2026-11-04 09:30", "line-2") + "\n" + SLAFixture.escalation("2026-11-04 09:30", "incident-manager"))),
                     now: "2026-12-08T11:00:00+08:00"),
        ])

    /// The open incident of the SLA examples, paused on Tuesday at 10:00.
    static let pausedIncident = Fixture.edit(SLAFixture.openIncident,
        ("- 2026-11-03 10:40 lisi: 调整导出任务超时参数后重试成功\n", "- 2026-11-03 10:00 lisi: [pending] 等待用户提供日志\n"))

    static func check(_ report: SLAReport, _ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let limit = procedure.signals?.pendingTooLong, let now = context.now, report.isPaused,
              let pause = report.paused.last, let (calendar, name) = SignalClock.calendar(of: procedure, context) else { return }
        let used = calendar.workingSeconds(from: Instants.date(pause.lowerBound), to: Instants.date(now))
        guard used > limit else { return }
        let entry = record.worklog.last { $0.time == pause.lowerBound && $0.stateMark != nil }
        let mark = entry?.stateMark.map { "[\($0)]" } ?? "paused"
        sink.report(.pendingTooLong, at: entry?.position ?? record.statusPosition,
                    "expected a paused record to be followed up within \(SLAText.duration(seconds: limit)) of \(name) time, found it \(mark) since \(context.dates.localText(pause.lowerBound)), \(SLAText.duration(seconds: used)) at \(context.dates.localText(now)); record the next step, resume or close it")
    }
}
