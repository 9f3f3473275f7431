/// The static text of form templates (`{{labels.signature}}`), in both languages, so
/// one template serves `--lang zh` and `--lang en`. Field, section, state and enum
/// labels come from the procedures instead.
enum FormLabels: BilingualLabels {
    /// key → (zh, en). Keys are listed in docs/forms.md.
    static let entries: [(key: String, zh: String, en: String)] = [
        ("colon", "：", ": "),
        ("form_number", "表单编号", "Form No."),
        ("version", "版本", "Version"),
        ("record_id", "单号", "Record No."),
        ("generated_at", "生成时间", "Generated"),
        ("signature", "签字", "Signature"),
        ("role", "角色", "Role"),
        ("name", "姓名", "Name"),
        ("date", "日期", "Date"),
        ("approvals", "审批与签字", "Approvals and signatures"),
        ("none", "无", "None"),
        ("yes", "是", "Yes"),
        ("no", "否", "No"),
        ("basic_info", "基本信息", "Details"),
        ("classification", "分类与分级", "Classification and priority"),
        ("handling", "处理信息", "Handling"),
        ("closure", "关闭信息", "Closure"),
        ("findings_title", "校验问题", "Validation findings"),
        ("findings_note", "本记录未通过校验或有警告，以下内容可能不完整：", "This record has validation findings; the form may be incomplete:"),
        ("rule", "规则", "Rule"),
        ("severity", "级别", "Severity"),
        ("line", "行", "Line"),
        ("message", "说明", "Message"),
        ("worklog", "处理记录", "Work log"),
        ("time", "时间", "Time"),
        ("person", "人员", "By"),
        ("work", "工作内容", "Work done"),
        ("state_change", "状态变更", "State change"),
        ("escalations", "升级记录", "Escalations"),
        ("links", "关联记录", "Linked records"),
        ("link_field", "关联字段", "Field"),
        ("link_kind", "类型", "Kind"),
        ("link_title", "标题", "Title"),
        ("link_status", "状态", "Status"),
        ("link_outgoing", "本单引用", "Linked here"),
        ("link_incoming", "被引用", "Linked from"),
        ("link_missing", "（不存在）", "(missing)"),
        ("sla", "服务级别", "Service level"),
        ("sla_none", "本记录尚无优先级，未计算服务级别", "No priority yet: no service level targets"),
        ("sla_calendar", "工作日历", "Calendar"),
        ("sla_response", "响应", "Response"),
        ("sla_resolution", "解决", "Resolution"),
        ("sla_target", "时限", "Target"),
        ("sla_elapsed", "已用", "Used"),
        ("sla_remaining", "剩余", "Remaining"),
        ("sla_due", "到期时间", "Due"),
        ("sla_state", "状态", "State"),
        ("sla_escalations", "应升级", "Escalations due"),
        ("sla_level", "升级至", "To"),
        ("sla_share", "时限比例", "Share"),
        ("sla_at", "应升级时间", "Due at"),
        ("sla_recorded", "记录时间", "Recorded"),
        ("timeline", "事件时间线", "Timeline"),
        ("impact", "影响范围", "Impact"),
        ("root_cause", "故障根源", "Root cause"),
        ("corrective_actions", "纠正措施（解决方案）", "Corrective actions (resolution)"),
        ("workaround", "临时措施", "Workaround"),
        ("preventive_actions", "预防措施（问题与变更）", "Preventive actions (problems and changes)"),
        ("linked_problems", "关联问题单", "Linked problems"),
        ("linked_changes", "关联变更单", "Linked changes"),
        ("linked_incidents", "关联事件单", "Linked incidents"),
        ("plan", "计划与实施", "Plan and implementation"),
        ("review", "评审", "Review"),
        ("index_title", "表单目录", "Forms"),
        ("index_form", "表单", "Form"),
        ("index_record", "记录", "Record"),
        ("index_file", "文件", "File"),
        ("index_findings", "问题数", "Findings"),
        ("index_count", "表单份数", "Number of forms"),
        ("major_p1_note", "P1 和重大事件必须填写本报告", "Required for P1 and major incidents"),
        ("attachment", "附页", "Attachment"),
    ]

    /// Labels of the SLA measure states and escalation states.
    static let states: [String: (zh: String, en: String)] = [
        "met": ("达标", "Met"), "breached": ("超时", "Breached"), "running": ("计时中", "Running"),
        "at-risk": ("临近超时", "At risk"), "escalated": ("已升级", "Escalated"), "overdue": ("逾期未升级", "Overdue"),
        "upcoming": ("未到期", "Upcoming"), "not-needed": ("无需升级", "Not needed"),
        "error": ("错误", "Error"), "warning": ("警告", "Warning"), "note": ("提示", "Note"),
    ]
}

/// A table of template text in both languages (key, Chinese, English), as the forms and the
/// report carry it; the lookups are shared.
protocol BilingualLabels {
    static var entries: [(key: String, zh: String, en: String)] { get }
}

extension BilingualLabels {
    /// The labels of `language`, in declared order.
    static func labels(_ language: FormLanguage) -> [(String, String)] {
        entries.map { ($0.key, language == .en ? $0.en : $0.zh) }
    }

    /// One label in `language`; the key itself when it is unknown.
    static func text(_ key: String, _ language: FormLanguage) -> String {
        guard let entry = entries.first(where: { $0.key == key }) else { return key }
        return language == .en ? entry.en : entry.zh
    }
}
