#!/usr/bin/env python3
"""Writes the sample's closed history, May-October 2026, into tickets/.

The records give the KPI engine and the monthly report (Q3-CS-01-04) several
months of figures: incidents (INC-2026-0101 on), service requests
(REQ-2026-0101 on), problems (PRB-2026-0101 on) and changes (CHG-2026-0101 on).
The hand-written story of October and November (INC-2026-0001..0025 and the
records linked to them) is left alone.

Deterministic: a fixed seed, no clock. Run from the package root:

    python3 Scripts/generate-history.py            # writes the files
    python3 Scripts/generate-history.py --check    # exits 1 when a file differs

Every record respects the procedures: transitions, the priority matrix,
closure codes, roles, time order, and the SLA escalation thresholds of
procedures/sla.md (working time of the office calendar with its 2026 holidays
and make-up working days), so `docket validate` reports nothing but the SLA
breach warnings of the records made to miss a target.
"""
import datetime as dt
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# --- the office calendar of procedures/sla.md --------------------------------

def _days(first, last):
    day = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)

HOLIDAYS = set()
for first, last in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
                    ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
                    ("2026-10-01", "2026-10-07")]:
    HOLIDAYS.update(_days(first, last))
WORKDAYS = {dt.date.fromisoformat(d) for d in ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]}
SPANS = [(9 * 60, 12 * 60), (13 * 60 + 30, 18 * 60 + 30)]


def is_workday(day):
    return day in WORKDAYS or (day.weekday() < 5 and day not in HOLIDAYS)


def add_working(start, minutes):
    """The instant `minutes` of office working time after `start`."""
    current = start
    remaining = minutes
    while True:
        day = current.date()
        if is_workday(day):
            for begin, end in SPANS:
                span_start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=begin)
                span_end = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=end)
                if current >= span_end:
                    continue
                current = max(current, span_start)
                available = (span_end - current).total_seconds() / 60
                if remaining <= available:
                    return current + dt.timedelta(minutes=remaining)
                remaining -= available
                current = span_end
        current = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def add(start, minutes, calendar):
    moment = start + dt.timedelta(minutes=minutes) if calendar == "24x7" else add_working(start, minutes)
    return moment.replace(second=0, microsecond=0) + (dt.timedelta(minutes=1) if moment.second or moment.microsecond else dt.timedelta())


def text(moment):
    return moment.strftime("%Y-%m-%d %H:%M")


# --- people (procedures/roles.md) ---------------------------------------------

SERVICE_DESK = ["zhangsan", "lisi", "liuer"]
LINE_1 = ["zhangsan", "lisi", "wangwu"]
LINE_2 = ["zhaoliu", "sunqi", "chenyi"]

# --- incident templates: category, CI, title, description, work steps, cause, fix, workaround

TEMPLATES = {
    "printer": ("hardware/terminal", ["CI-TERM-PRN-3F"], "三楼共享打印机频繁卡纸无法打印",
                "立案庭三楼共享打印机打印诉讼文书时频繁卡纸，面板提示纸路错误，窗口排队当事人较多。",
                "现场检查搓纸轮和纸路", "搓纸轮磨损，进纸时打滑导致卡纸。", "清洁纸路并调整搓纸轮压力，打印测试页正常。",
                "更换备用纸盒并改用单面打印，暂时恢复打印。"),
    "court-terminal": ("hardware/terminal", ["CI-TERM-COURT-05"], "第五法庭庭审终端麦克风无声",
                       "第五法庭书记员报告庭审终端审判长席麦克风无声，庭审录音录像缺少审判长声音。",
                       "到场检查调音台和麦克风线路", "审判长席麦克风接头松动，接触不良。", "重新插紧并固定接头，试音正常。",
                       "临时改用书记员席备用麦克风。"),
    "court-app": ("software/application", ["CI-APP-COURT"], "庭审系统笔录保存失败",
                  "书记员反映庭审系统保存笔录时提示“保存失败，请稍后重试”，已录入内容未丢失。",
                  "查看庭审系统应用日志", "笔录附件目录权限被误改，应用无法写入。", "恢复目录权限，书记员重新保存成功。",
                  "指导书记员先导出笔录到本地，待修复后再上传。"),
    "arraign-audio": ("software/application", ["CI-APP-ARRAIGN"], "远程提讯视频会话无声音",
                      "刑庭与看守所远程提讯时，法庭端听不到看守所一侧声音，画面正常。",
                      "远程登录提讯终端检查音频设备和会话参数", "视频会话音频编解码协商失败，终端回落到不支持的编码。",
                      "在会话中手工指定 G.722 编码后重新呼叫，声音恢复。",
                      "重启看守所端提讯终端并重新呼叫，暂时恢复声音；根本原因转问题管理。"),
    "mail": ("software/application", ["CI-APP-MAIL"], "邮件系统发送大附件失败",
             "用户通过邮件系统向律师发送 30MB 证据材料时提示发送失败，小附件正常。",
             "检查邮件网关日志", "邮件网关附件大小限制低于系统配置值。", "调整网关附件限制与系统配置一致，重新发送成功。",
             "指导用户压缩分卷后分多封邮件发送。"),
    "fin-app": ("software/application", ["CI-APP-FIN"], "财务系统报账单提交报错",
                "报账人员提交报账单时提示“预算科目不存在”，部分科目无法选择。",
                "核对预算科目配置", "年度预算科目调整后缓存未刷新。", "刷新财务系统科目缓存，报账单提交成功。",
                "由财务处代为手工录入报账单。"),
    "db-space": ("software/database", ["CI-DB-ORA01"], "监控告警：数据库表空间使用率超过 90%",
                 "监控平台告警：CI-DB-ORA01 上 FINDB 的 FIN_DATA 表空间使用率 91%。",
                 "检查表空间增长趋势", "月末凭证数据集中写入，表空间自动扩展上限偏低。", "为 FIN_DATA 表空间增加数据文件，使用率降至 70%。",
                 None),
    "app01-mem": ("hardware/server", ["CI-SRV-APP01"], "监控告警：APP01 服务器内存使用率持续偏高",
                  "监控平台告警：CI-SRV-APP01 内存使用率连续 30 分钟超过 95%。",
                  "登录服务器查看进程内存占用", "日志采集代理内存泄漏。", "重启日志采集代理并升级到修复版本，内存使用率回落到 60%。",
                  None),
    "network": ("hardware/network", ["CI-NET-CORE-SW1"], "审判楼四层部分办公电脑无法上网",
                "审判楼四层民一庭多台电脑无法访问内网业务系统，网络图标显示受限。",
                "检查楼层接入交换机和核心交换机端口", "楼层接入交换机上联端口协商异常。", "重新协商上联端口并更换跳线，四层网络恢复。",
                None),
    "app02-os": ("software/os", ["CI-SRV-APP02"], "APP02 补丁重启后庭审服务未自动启动",
                 "例行补丁重启后，CI-SRV-APP02 上的庭审录像转码服务未自动启动。",
                 "检查服务启动配置", "服务启动类型被补丁重置为手动。", "将服务启动类型改回自动并启动服务，转码恢复。",
                 None),
    "san": ("hardware/server", ["CI-SAN-01"], "监控告警：SAN 存储一条光纤链路中断",
            "监控平台告警：CI-SAN-01 控制器 A 的一条光纤链路 down，多路径仍有一条可用。",
            "检查光纤交换机端口和光模块", "光模块老化，光功率低于阈值。", "更换光模块，链路恢复冗余。",
            None),
    "account": ("software/application", ["CI-APP-COURT"], "用户账号被锁定无法登录办案系统",
                "民二庭法官助理连续输错密码后账号被锁定，无法登录办案系统。",
                "核实用户身份", "用户多次输错密码，触发账号锁定策略。", "核实身份后解锁账号并指导修改密码。",
                None),
    "pc": ("hardware/terminal", [], "办公电脑频繁蓝屏",
           "执行局一台办公电脑近两天频繁蓝屏重启，影响文书制作。",
           "现场检查系统日志和内存", "内存条接触不良。", "重新插拔并清洁内存条，运行内存检测无错误。",
           None),
    "security": ("security", ["CI-SRV-APP01"], "巡检发现应用服务器存在高危端口暴露",
                 "安全巡检发现 CI-SRV-APP01 对办公网开放了远程管理端口。",
                 "核对端口用途和访问策略", "调试时临时开放的端口未关闭。", "关闭远程管理端口，仅允许运维堡垒机访问。",
                 None),
}

CHANNELS = ["phone", "phone", "phone", "web", "im", "email", "referral"]
PERSON_REPORTERS = ["立案庭 王书记员", "刑一庭 陈法官", "民一庭 刘法官助理", "执行局 周干警", "行政庭 吴书记员",
                    "计划财务装备处 赵科长", "审判管理办公室 孙主任", "民二庭 郑法官", "刑二庭 李法官", "办公室 钱秘书"]
MATRIX = {("high", "high"): "P1", ("high", "medium"): "P2", ("high", "low"): "P3", ("medium", "high"): "P2",
          ("medium", "medium"): "P3", ("medium", "low"): "P4", ("low", "high"): "P3", ("low", "medium"): "P4", ("low", "low"): "P4"}
TARGETS = {"P1": (15, 240, "24x7"), "P2": (30, 480, "office"), "P3": (120, 1440, "office"), "P4": (240, 2400, "office")}
REQUEST_TARGETS = {"P1": (30, 240, "24x7"), "P2": (30, 1440, "office"), "P3": (120, 1920, "office"), "P4": (240, 2400, "office")}

# Per month: incidents, share escalated, share breached (resolution), late responses, workaround templates.
MONTHS = {
    5: dict(count=11, escalated=0.20, breached=0.00, late=0, workaround=[]),
    6: dict(count=14, escalated=0.30, breached=0.15, late=0, workaround=["printer", "printer"]),
    7: dict(count=15, escalated=0.25, breached=0.00, late=1, workaround=[]),
    8: dict(count=16, escalated=0.40, breached=0.10, late=0, workaround=["arraign-audio", "arraign-audio", "arraign-audio", "arraign-audio"]),
    9: dict(count=15, escalated=0.30, breached=0.07, late=2, workaround=["mail"]),
    10: dict(count=12, escalated=0.25, breached=0.00, late=0, workaround=["mail"]),
}


class Writer:
    def __init__(self, check):
        self.check = check
        self.differs = []

    def write(self, folder, record_id, front, body):
        path = os.path.join(ROOT, "tickets", folder, "2026", record_id + ".md")
        content = "---\n" + "".join((f"{key}:{value}\n" if str(value).startswith("\n") else f"{key}: {value}\n")
                                    for key, value in front if value is not None) + "---\n\n" + body.rstrip() + "\n"
        if self.check:
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if old != content:
                self.differs.append(path)
            return
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(content)


def workday_time(rng, year, month, first_day=1, last_day=28, earliest=9 * 60, latest=17 * 60):
    while True:
        day = dt.date(year, month, rng.randint(first_day, last_day))
        if is_workday(day):
            minute = rng.randint(earliest, latest)
            if 12 * 60 <= minute < 13 * 60 + 30:
                continue
            return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute - minute % 5)


def flow(items):
    return "[" + ", ".join(items) + "]"


def main():
    check = "--check" in sys.argv[1:]
    rng = random.Random(20261130)
    writer = Writer(check)
    problems = {
        "printer": dict(id="PRB-2026-0102", incidents=[]),
        "arraign-audio": dict(id="PRB-2026-0101", incidents=[]),
        "mail": dict(id="PRB-2026-0103", incidents=[]),
    }
    p1_incident = None
    sequence = 101
    incidents = []
    for month, plan in MONTHS.items():
        kinds = list(plan["workaround"])
        while len(kinds) < plan["count"]:
            kinds.append(rng.choice([k for k in TEMPLATES if k not in ("arraign-audio",)] + ["printer", "account", "pc"]))
        rng.shuffle(kinds)
        breached_left = round(plan["breached"] * plan["count"])
        late_left = plan["late"]
        workaround_left = list(plan["workaround"])
        for position, kind in enumerate(kinds):
            incident_id = f"INC-2026-{sequence:04d}"
            sequence += 1
            category, items, title, description, step, cause, fix, workaround_text = TEMPLATES[kind]
            monitoring = kind in ("db-space", "app01-mem", "san")
            inspection = kind == "security"
            channel = "monitoring" if monitoring else "inspection" if inspection else rng.choice(CHANNELS)
            reporter = "监控平台" if monitoring else "安全巡检" if inspection else rng.choice(PERSON_REPORTERS)
            major = month == 6 and position == 3
            if major:
                impact, urgency = "high", "high"
                category, items = "hardware/server", ["CI-SAN-01", "CI-APP-COURT", "CI-APP-ARRAIGN"]
                title = "SAN 存储控制器故障导致庭审系统和远程提讯中断"
                description = ("09:40 监控平台告警 CI-SAN-01 控制器 B 故障，庭审系统和远程提讯系统的卷切换失败，"
                               "上午开庭的 4 个法庭无法调阅电子卷宗，1 场远程提讯中断。")
                step, cause = "机房确认控制器 B 故障，手工切换卷到控制器 A", "存储控制器 B 主板故障，卷自动切换脚本因固件缺陷未执行。"
                fix = "手工切换全部卷到控制器 A 后业务恢复；厂商更换控制器 B 主板（紧急变更 CHG-2026-0103）。"
                channel, reporter = "monitoring", "监控平台"
                workaround_text = None
            else:
                impact, urgency = rng.choice([("medium", "medium"), ("medium", "low"), ("low", "medium"), ("low", "low"),
                                              ("medium", "high"), ("high", "medium"), ("low", "high"), ("medium", "medium")])
            priority = MATRIX[(impact, urgency)]
            response_target, resolution_target, calendar = TARGETS[priority]
            workaround = kind in workaround_left
            if workaround:
                workaround_left.remove(kind)
            if major:
                reported = dt.datetime(2026, 6, 16, 9, 40)
            elif monitoring and rng.random() < 0.5:
                reported = workday_time(rng, 2026, month, last_day=23 if month == 10 else 28, earliest=0, latest=8 * 60)
            else:
                reported = workday_time(rng, 2026, month, last_day=23 if month == 10 else 30)

            late = late_left > 0 and not major and rng.random() < 0.5
            if late:
                late_left -= 1
                response_minutes = int(response_target * rng.uniform(1.3, 2.0))
            else:
                response_minutes = max(2, int(response_target * rng.uniform(0.1, 0.8)))
            profile = "first-line"
            if major:
                profile = "major"
            elif breached_left > 0 and priority != "P1" and rng.random() < 0.6:
                profile, breached_left = "breached", breached_left - 1
            elif workaround and kind == "arraign-audio":
                profile = "escalated"
            elif rng.random() < plan["escalated"]:
                profile = "escalated"
            share = {"first-line": rng.uniform(0.08, 0.38), "escalated": rng.uniform(0.55, 0.92),
                     "breached": rng.uniform(1.15, 1.6), "major": 0.6}[profile]
            resolution_minutes = max(int(resolution_target * share), response_minutes + 20)
            responded = add(reported, response_minutes, calendar)
            resolved = add(reported, resolution_minutes, calendar)
            closed = add(resolved, rng.randint(30, 300), "office")

            first_line = profile == "first-line"
            assignee = rng.choice(LINE_1 if first_line else LINE_2)
            desk = rng.choice(SERVICE_DESK)
            closer = rng.choice(SERVICE_DESK)
            escalations = []
            log = []
            if monitoring or major:
                log.append((responded, desk, f"监控告警建单，分派{('一线' if first_line else '二线')}处理"))
            else:
                log.append((reported, desk, "受理报告，记录现象和影响范围"))
                log.append((responded, assignee, "响应用户，" + step))
            if major:
                line2 = add(reported, 3, calendar)
                manager = add(reported, 5, calendar)
                escalations.append((line2, "line-2", desk, "存储控制器故障，多个关键业务中断，转存储二线"))
                escalations.append((manager, "incident-manager", desk, "优先级 P1 且为重大事件，请事件经理启动紧急事件处理流程"))
                escalations.append((add(reported, 30, calendar), "vendor", "zhouba", "控制器硬件故障，需存储厂商携备件到场"))
            elif not first_line:
                at = add(reported, max(response_minutes + 5, int(resolution_target * 0.3)), calendar)
                escalations.append((at, "line-2", desk, "一线无法在时限内解决，转二线处理"))
                if profile == "breached":
                    at = add(reported, int(resolution_target * 0.9), calendar)
                    escalations.append((at, "incident-manager", desk, "即将超过解决时限，通报事件经理协调资源"))
                elif kind in ("san", "printer") and rng.random() < 0.5:
                    at = add(reported, int(resolution_target * 0.45), calendar)
                    escalations.append((at, "vendor", assignee, "需厂商按维保合同提供备件"))
            for at, level, by, reason in escalations:
                label = {"line-2": "升级二线", "incident-manager": "通报事件经理", "vendor": "联系厂商"}[level]
                log.append((at, by, f"{label}：{reason}"))
            if workaround:
                log.append((resolved, assignee, "采用临时措施恢复：" + workaround_text))
            else:
                log.append((resolved, assignee, fix))
            if channel in ("monitoring", "inspection"):
                log.append((closed, closer, "确认告警消除、服务正常，关闭"))
            else:
                log.append((closed, closer, "回访用户确认恢复，关闭"))
            log.sort(key=lambda entry: entry[0])

            problem = problems.get(kind) if workaround else None
            if problem is not None:
                problem["incidents"].append((incident_id, resolved, closed))
            personal = channel not in ("monitoring", "inspection")
            satisfaction = None
            if personal and rng.random() < 0.85:
                satisfaction = rng.choice([5, 5, 4, 4, 4, 3]) if profile != "breached" and not workaround else rng.choice([4, 3, 3, 2])
            front = [
                ("id", incident_id), ("title", title), ("status", "closed"), ("reported_at", text(reported)),
                ("reporter", reporter), ("channel", channel), ("category", category), ("impact", impact), ("urgency", urgency),
                ("priority", priority), ("assignee", assignee),
                ("support_line", "line-1" if first_line else "line-2"), ("responded_at", text(responded)),
            ]
            if escalations:
                front.append(("escalations", "\n" + "".join(
                    f"  - {{at: {text(at)}, to: {level}, by: {by}, reason: {reason}}}\n" for at, level, by, reason in escalations).rstrip("\n")))
            front += [
                ("configuration_items", flow(items) if items else None),
                ("problems", flow([problem["id"]]) if problem else None),
                ("major", "true" if major else None),
                ("resolved_at", text(resolved)), ("closed_at", text(closed)), ("closed_by", closer),
                ("closure_code", "workaround" if workaround else "success"),
                ("user_confirmed", None if workaround else "true"),
                ("customer_notified", "true" if personal else None),
                ("satisfaction", satisfaction),
            ]
            body = f"## 事件描述\n\n{description}\n\n## 处理记录\n\n"
            body += "".join(f"- {text(at)} {who}: {what}\n" for at, who, what in log)
            body += f"\n## 故障根源\n\n{cause if not workaround else '根本原因尚未消除，已转问题单 ' + problem['id'] + ' 调查。'}\n"
            body += f"\n## 解决方案\n\n{fix if not workaround else '以临时措施恢复服务，永久解决方案见问题单 ' + problem['id'] + '。'}\n"
            if workaround:
                body += f"\n## 临时措施\n\n{workaround_text}\n"
            if major:
                p1_incident = (incident_id, reported, resolved)
            incidents.append(incident_id)
            writer.write("incidents", incident_id, front, body)

    write_problems(writer, problems)
    write_changes(writer, p1_incident)
    write_requests(writer, rng)
    if check:
        for path in writer.differs:
            print(f"differs: {os.path.relpath(path, ROOT)}")
        sys.exit(1 if writer.differs else 0)


def write_problems(writer, problems):
    specs = [
        # key, title, priority, category, items, known-error delay (days), resolved (date) or None, change
        ("printer", "三楼共享打印机反复卡纸", "P4", "hardware/terminal", ["CI-TERM-PRN-3F"], 2, "2026-07-08 10:00", None,
         "6 月立案庭三楼共享打印机多次卡纸，服务台以更换纸盒、改单面打印变通恢复。",
         "搓纸组件老化，纸张受潮后摩擦系数下降。", "改用备用纸盒、单面打印。", "厂商按维保更换搓纸组件并加装除湿器，观察两周无卡纸。"),
        ("arraign-audio", "远程提讯视频会话偶发无声", "P2", "software/application", ["CI-APP-ARRAIGN"], 3, "2026-09-18 16:00", "CHG-2026-0104",
         "8 月远程提讯多次出现法庭端听不到看守所一侧声音，均以重启终端重新呼叫变通恢复。",
         "提讯终端固件在对端不支持 G.722.1 时回落到不兼容的音频编码。", "重启看守所端终端并重新呼叫。",
         "经一般变更 CHG-2026-0104 升级提讯终端固件并固定音频编码，观察期内未再发生。"),
        ("mail", "邮件网关大附件发送失败", "P3", "software/application", ["CI-APP-MAIL"], 5, None, None,
         "9 月起用户多次反映向外部律师发送大附件失败，以分卷压缩分多封发送变通。",
         "邮件网关与邮件系统的附件大小限制不一致，网关升级后配置被重置。", "指导用户压缩分卷后分多封邮件发送。", None),
    ]
    for key, title, priority, category, items, delay, resolved, change, description, cause, workaround, resolution in specs:
        problem = problems[key]
        first_id, first_resolved, _ = problem["incidents"][0]
        detected = first_resolved + dt.timedelta(minutes=20)
        known_error = add_working(detected, delay * 480).replace(second=0, microsecond=0)
        front = [("id", problem["id"]), ("title", title), ("status", "closed" if resolved else "known-error"),
                 ("detected_at", text(detected)), ("mode", "reactive"), ("owner", "zhouba"), ("priority", priority),
                 ("category", category), ("incidents", flow([i for i, _, _ in problem["incidents"]])),
                 ("configuration_items", flow(items)), ("changes", flow([change]) if change else None),
                 ("known_error_at", text(known_error))]
        if resolved:
            closed = dt.datetime.fromisoformat(resolved) + dt.timedelta(days=1)
            front += [("resolved_at", resolved), ("closed_at", text(closed)), ("closure_code", "resolved")]
        body = f"## 问题描述\n\n{description}关联事件：{'、'.join(i for i, _, _ in problem['incidents'])}。\n\n"
        body += f"## 根本原因\n\n{cause}\n\n## 临时解决方法\n\n{workaround}\n"
        if resolved:
            body += f"\n## 解决方案\n\n{resolution}\n"
        writer.write("problems", problem["id"], front, body)
    # A proactive problem still under investigation: the backlog ages month by month.
    writer.write("problems", "PRB-2026-0104", [
        ("id", "PRB-2026-0104"), ("title", "SAN 存储控制器固件存在卷切换缺陷隐患"), ("status", "investigating"),
        ("detected_at", "2026-06-22 10:00"), ("mode", "proactive"), ("owner", "zhouba"), ("priority", "P2"),
        ("category", "hardware/server"), ("configuration_items", flow(["CI-SAN-01"])),
    ], "## 问题描述\n\n6 月 16 日存储控制器故障时卷自动切换未执行。厂商通报同型号固件存在切换脚本缺陷，"
       "需评估全部控制器的固件版本和升级窗口。\n")


def write_changes(writer, p1_incident):
    incident_id, p1_reported, p1_resolved = p1_incident
    changes = [
        dict(id="CHG-2026-0101", title="第五法庭新增书记员终端接入庭审系统", type="standard", requested="2026-05-12 10:00",
             requester="wangwu", implementer="sunqi", implemented="2026-05-13 18:40", result="success", items=["CI-TERM-COURT-05"],
             reviewed="2026-05-15 10:00", closed="2026-05-15 16:00"),
        dict(id="CHG-2026-0102", title="邮件系统 SSL 证书到期更换", type="normal", requested="2026-06-02 09:30",
             requester="zhaoliu", implementer="sunqi", approvers=["wujiu"], approved="2026-06-03 15:00", start="2026-06-05 19:00",
             end="2026-06-05 20:00", implemented="2026-06-05 19:40", result="success", items=["CI-APP-MAIL"], risk="low",
             reviewed="2026-06-09 10:00", closed="2026-06-10 09:30"),
        dict(id="CHG-2026-0103", title="紧急更换 SAN 存储控制器 B 主板", type="emergency", requested=text(p1_reported + dt.timedelta(minutes=40)),
             requester="zhouba", implementer="sunqi", approvers=["wujiu", "zhengshi"], approved="2026-06-16 16:00",
             start=text(p1_reported + dt.timedelta(minutes=60)), end=text(p1_resolved + dt.timedelta(minutes=30)),
             implemented=text(p1_resolved - dt.timedelta(minutes=10)), result="success", items=["CI-SAN-01"], risk="high",
             incidents=[incident_id], reviewed="2026-06-18 10:00", closed="2026-06-18 17:00"),
        dict(id="CHG-2026-0105", title="财务系统中间件安全补丁升级", type="normal", requested="2026-07-06 10:00",
             requester="zhaoliu", implementer="chenyi", approvers=["wujiu", "zhengshi"], approved="2026-07-08 16:00",
             start="2026-07-10 19:00", end="2026-07-10 22:00", implemented="2026-07-10 21:30", result="backed-out",
             items=["CI-APP-FIN", "CI-SRV-APP01"], risk="medium", reviewed="2026-07-14 10:00", closed="2026-07-15 10:00"),
        dict(id="CHG-2026-0106", title="为执行局新增办公网交换机端口", type="standard", requested="2026-07-20 14:00",
             requester="lisi", implementer="sunqi", implemented="2026-07-21 18:45", result="success", items=["CI-NET-CORE-SW1"],
             reviewed="2026-07-23 10:00", closed="2026-07-23 15:00"),
        dict(id="CHG-2026-0107", title="财务系统中间件安全补丁重新升级", type="normal", requested="2026-07-16 10:00",
             requester="zhaoliu", implementer="chenyi", approvers=["wujiu", "zhengshi"], approved="2026-07-22 16:00",
             start="2026-07-24 19:00", end="2026-07-24 22:00", implemented="2026-07-24 21:00", result="success",
             items=["CI-APP-FIN", "CI-SRV-APP01"], risk="medium", reviewed="2026-07-28 10:00", closed="2026-07-29 10:00"),
        dict(id="CHG-2026-0104", title="升级远程提讯终端固件并固定音频编码", type="normal", requested="2026-09-01 10:00",
             requester="zhouba", implementer="zhaoliu", approvers=["wujiu", "zhengshi"], approved="2026-09-03 16:00",
             start="2026-09-05 09:00", end="2026-09-05 12:00", implemented="2026-09-05 11:20", result="success",
             items=["CI-APP-ARRAIGN"], risk="medium", problems=["PRB-2026-0101"], reviewed="2026-09-10 10:00", closed="2026-09-11 10:00"),
        dict(id="CHG-2026-0108", title="庭审系统录像存储路径迁移", type="normal", requested="2026-09-14 10:00",
             requester="sunqi", implementer="zhaoliu", approvers=["wujiu"], approved="2026-09-16 15:00",
             start="2026-09-19 19:00", end="2026-09-19 23:00", implemented="2026-09-19 22:40", result="failed",
             items=["CI-APP-COURT", "CI-SAN-01"], risk="medium", reviewed="2026-09-22 10:00", closed="2026-09-23 10:00"),
        dict(id="CHG-2026-0109", title="庭审系统 V3.2 版本发布", type="normal", requested="2026-10-08 10:00",
             requester="zhaoliu", implementer="chenyi", approvers=["wujiu", "zhengshi"], approved="2026-10-12 16:00",
             start="2026-10-17 09:00", end="2026-10-17 17:00", implemented="2026-10-17 15:30", result="success",
             items=["CI-APP-COURT"], risk="high", reviewed="2026-10-21 10:00", closed="2026-10-22 10:00"),
    ]
    for change in changes:
        standard = change["type"] == "standard"
        front = [("id", change["id"]), ("title", change["title"]), ("status", "closed"), ("change_type", change["type"]),
                 ("requested_at", change["requested"]), ("requester", change["requester"]), ("risk", change.get("risk", "low")),
                 ("implementer", change["implementer"]),
                 ("approved_by", flow(change["approvers"]) if not standard else None),
                 ("approved_at", change.get("approved") if not standard else None),
                 ("planned_start", change.get("start")), ("planned_end", change.get("end")),
                 ("implemented_at", change["implemented"]), ("result", change["result"]),
                 ("reviewed_at", change["reviewed"]), ("closed_at", change["closed"]),
                 ("incidents", flow(change["incidents"]) if "incidents" in change else None),
                 ("problems", flow(change["problems"]) if "problems" in change else None),
                 ("configuration_items", flow(change["items"]))]
        outcome = {"success": "实施成功，验证通过。", "failed": "实施失败：迁移后录像回放校验不通过，已按回退计划恢复原路径，另行安排。",
                   "backed-out": "实施中发现补丁与报表插件不兼容，按回退计划回退，重新评估后另提变更 CHG-2026-0107。"}[change["result"]]
        body = f"## 变更描述\n\n{change['title']}。\n\n"
        if not standard:
            body += f"## 风险评估\n\n风险等级：{ {'low': '低', 'medium': '中', 'high': '高'}[change.get('risk', 'low')] }。影响范围限于关联配置项，在业务窗口外实施，可按回退计划恢复。\n\n"
        body += "## 实施计划\n\n按变更窗口实施，实施后由服务台抽查业务功能。\n\n"
        if not standard:
            body += "## 回退计划\n\n保留实施前的配置和版本备份，失败时 30 分钟内恢复。\n\n"
        body += f"## 实施后评审\n\n{outcome}\n"
        writer.write("changes", change["id"], front, body)


REQUESTS = [
    ("information", "P4", "咨询电子送达平台账号开通流程", "询问律师电子送达平台账号的开通流程和所需材料。", "已答复开通流程并邮件发送操作手册。"),
    ("business-support/court-hearing", "P2", "重大案件庭审直播保障", "刑一庭重大案件公开审理，需要庭审直播和备用线路保障。", "提前一天完成直播设备和备用线路测试，庭审当天全程值守。"),
    ("business-support/remote-arraignment", "P2", "与市第一看守所远程提讯连线测试", "刑二庭安排远程提讯，需提前完成连线测试。", "完成连线和音视频测试，提讯正常进行。"),
    ("business-support/meeting", "P3", "全院视频会议保障", "院办组织全院视频会议，需要会议室设备调试和现场保障。", "完成会议室设备调试，会议全程保障无异常。"),
    ("business-support/training", "P3", "新入职书记员庭审系统操作培训", "政治部安排新入职书记员参加庭审系统操作培训。", "完成两课时培训，发放操作手册。"),
    ("assistance", "P4", "配合等级保护测评机构现场测评", "配合第三方测评机构开展年度等级保护测评，提供网络拓扑和账号。", "提供测评所需资料和临时账号，测评结束后已回收账号。"),
]


def write_requests(writer, rng):
    sequence = 101
    for month in range(5, 11):
        for _ in range(4):
            request_type, priority, title, description, result = rng.choice(REQUESTS)
            response_target, resolution_target, calendar = REQUEST_TARGETS[priority]
            requested = workday_time(rng, 2026, month, last_day=22 if month == 10 else 26)
            responded = add(requested, max(5, int(response_target * rng.uniform(0.1, 0.7))), calendar)
            late = rng.random() < (0.25 if month in (7, 9) else 0.08)
            fulfilled = add(requested, max(int(resolution_target * (rng.uniform(1.05, 1.3) if late else rng.uniform(0.1, 0.8))), 60), calendar)
            closed = add(fulfilled, rng.randint(30, 240), "office")
            cancelled = rng.random() < 0.1
            assignee = rng.choice(LINE_2 if request_type.endswith("training") else LINE_1)
            desk = rng.choice(SERVICE_DESK)
            request_id = f"REQ-2026-{sequence:04d}"
            sequence += 1
            front = [("id", request_id), ("title", title), ("status", "closed"), ("requested_at", text(requested)),
                     ("requester", rng.choice(PERSON_REPORTERS)), ("channel", rng.choice(["phone", "web", "im", "email"])),
                     ("request_type", request_type), ("priority", priority), ("assignee", assignee),
                     ("responded_at", text(responded)), ("fulfilled_at", text(fulfilled)), ("closed_at", text(closed)),
                     ("closed_by", desk), ("closure_code", "cancelled" if cancelled else "success"), ("customer_notified", "true"),
                     ("satisfaction", None if cancelled else rng.choice([5, 5, 4, 4, 3]))]
            log = [(requested, desk, "受理请求，确认时间、地点和参与人员"), (responded, assignee, "响应请求，开始准备"),
                   (fulfilled, assignee, "请求已撤回" if cancelled else "完成请求"), (closed, desk, "回访客户，关闭")]
            body = f"## 请求描述\n\n{description}\n\n## 处理记录\n\n" + "".join(f"- {text(at)} {who}: {what}\n" for at, who, what in log)
            body += "\n## 处理结果\n\n" + ("客户因安排调整撤回请求，按已取消关闭。" if cancelled else result) + "\n"
            writer.write("requests", request_id, front, body)


if __name__ == "__main__":
    main()
