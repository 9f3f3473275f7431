/// The static text of report templates (`{{labels.kpis}}`) in both languages; KPI,
/// field and value labels come from the procedures. Keys are listed in docs/report.md.
enum ReportLabels {
    static let entries: [(key: String, zh: String, en: String)] = [
        ("colon", "：", ": "),
        ("report_number", "表单编号", "Report No."),
        ("period", "统计期间", "Period"),
        ("generated_at", "生成时间", "Generated"),
        ("summary", "概况", "Summary"),
        ("opened", "本期新增", "Opened"),
        ("resolved", "本期解决", "Resolved"),
        ("closed", "本期关闭", "Closed"),
        ("backlog", "期末积压", "Backlog at the end"),
        ("backlog_age", "期末积压账龄", "Backlog by age at the end"),
        ("age", "账龄", "Age"),
        ("count", "数量", "Count"),
        ("distributions", "本期新增分布", "Opened in the period by"),
        ("value", "取值", "Value"),
        ("sla", "各优先级服务级别达成", "Service levels by priority"),
        ("priority", "优先级", "Priority"),
        ("measured", "已解决", "Resolved"),
        ("response_met", "按时响应", "Response met"),
        ("response_breached", "响应超时", "Response breached"),
        ("resolution_met", "按时解决", "Resolution met"),
        ("resolution_breached", "解决超时", "Resolution breached"),
        ("response_rate", "响应达成率", "Response rate"),
        ("resolution_rate", "解决达成率", "Resolution rate"),
        ("kpis", "关键绩效指标", "Key performance indicators"),
        ("kpi", "指标", "KPI"),
        ("target", "目标", "Target"),
        ("actual", "实际", "Actual"),
        ("result", "结果", "Result"),
        ("met", "达成", "met"),
        ("missed", "未达成", "missed"),
        ("no_figure", "—", "—"),
        ("trend", "指标趋势（前六期及本期）", "KPI trend (six periods before, and this one)"),
        ("top_configuration_items", "事件最多的配置项", "Configuration items with the most incidents"),
        ("configuration_item", "配置项", "Configuration item"),
        ("title", "标题", "Title"),
        ("repeat_incidents", "重复事件", "Repeat incidents"),
        ("repeat_note", "同一配置项、同一分类，相邻两次相隔不超过30天，至少一次在本期报告。",
         "Same configuration item and category, each within 30 days of the one before, at least one reported in the period."),
        ("category", "分类", "Category"),
        ("records", "记录", "Records"),
        ("major_incidents", "重大事件", "Major incidents"),
        ("workaround_closures", "以变通方案关闭的事件及其问题", "Incidents closed with a workaround, and their problems"),
        ("problems", "关联问题", "Problems"),
        ("no_problem", "未关联问题", "no problem linked"),
        ("breached", "超时记录", "Breached records"),
        ("breached_resolved", "本期解决且超时", "Resolved in the period with a target breached"),
        ("breached_open", "期末未解决且已超时", "Open at the end of the period with a target already breached"),
        ("response", "响应", "Response"),
        ("resolution", "解决", "Resolution"),
        ("drilldown", "附：数据明细", "Appendix: records behind the figures"),
        ("none", "无", "None"),
        ("no_value", "（未填）", "(none)"),
        ("record_id", "单号", "Record"),
        ("kind", "类别", "Kind"),
        ("section", "报表", "Report"),
    ]

    /// Key → text in `language`.
    static func labels(_ language: FormLanguage) -> [(String, String)] {
        entries.map { ($0.key, language == .en ? $0.en : $0.zh) }
    }

    static func text(_ key: String, _ language: FormLanguage) -> String {
        entries.first { $0.key == key }.map { language == .en ? $0.en : $0.zh } ?? key
    }
}
