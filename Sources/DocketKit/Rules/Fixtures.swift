/// Sample records the rule examples start from. They are valid against the
/// bundled procedures and sample repository; each example changes a few lines.
public enum Fixture {
    public static let incidentPath = "tickets/incidents/2026/INC-2026-9001.md"

    /// A closed incident, closed successfully, with every section.
    public static let closedIncident = """
    ---
    id: INC-2026-9001
    title: 财务系统报表导出失败
    status: closed
    reported_at: 2026-11-03 09:12
    reporter: 张敏(计财处)
    contact: "0571-88001234"
    channel: phone
    category: software/application
    impact: medium
    urgency: medium
    priority: P3
    assignee: lisi
    support_line: line-1
    responded_at: 2026-11-03 09:20
    configuration_items: [CI-APP-FIN]
    resolved_at: 2026-11-03 11:05
    closed_at: 2026-11-03 15:00
    closed_by: zhangsan
    closure_code: success
    user_confirmed: true
    customer_notified: true
    satisfaction: 5
    ---
    ## 事件描述
    用户导出月度报表时提示"导出超时", 其他功能正常。

    ## 处理记录
    - 2026-11-03 09:20 lisi: 电话联系用户, 确认现象
    - 2026-11-03 10:40 lisi: 调整导出任务超时参数后重试成功

    ## 故障根源
    报表导出任务超时参数过小。

    ## 解决方案
    将导出任务超时由 60 秒调整为 300 秒, 用户确认导出成功。

    """

    /// A new incident, just recorded.
    public static let newIncident = """
    ---
    id: INC-2026-9001
    title: 打印机无法打印
    status: new
    reported_at: 2026-11-03 09:12
    reporter: 王芳(立案庭)
    channel: phone
    ---
    ## 事件描述
    三楼立案庭打印机无法打印, 提示脱机。

    """

    /// `text` with each `(old, new)` replacement applied once; the test suite
    /// fails if an `old` is not found, so fixtures and examples cannot drift apart.
    public static func edit(_ text: String, _ replacements: (String, String)...) -> String {
        var result = text
        for (old, new) in replacements {
            guard let range = result.range(of: old) else { return result + "\n<!-- fixture edit failed: \(old) -->" }
            result.replaceSubrange(range, with: new)
        }
        return result
    }
}
