#!/usr/bin/env python3
"""Held-out acceptance set for issue 3 (requests, problems, changes, knowledge, CMDB).

Written from the record contract (records.md sections 1-3, 5-10) without reading the rule
code: one defect per file, or a tricky valid record (links written on one side only, an
emergency change created in implemented, a standard change without CAB, labels and
aliases, every state, BOM and CRLF, UTC and local timestamps). Where the contract does not
say on which line a diagnostic lands, the expectation follows docs/decisions.md (missing
fields on the status line) or what an editor user would want (the offending value, the
opening timestamp for a wrong year folder).

Each case: a path under the repository and its text, with markers `⟦rule⟧` (or
`⟦rule,rule⟧`) at the end of each line where a diagnostic is expected; the markers are
stripped on write. Writes the files under tickets/ next to this script and expected.json:
{path: [[rule, line or null], ...]}, an empty list for a valid record.

    python3 Tests/DocketKitTests/HeldOutPack/generate.py     # rewrites tickets/ and expected.json

HeldOutPackTests copies the bundled sample, adds these files, runs `docket validate
--format json` and compares every file's diagnostics (rule and line) with expected.json.
"""
import json, os, re, shutil, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
shutil.rmtree(os.path.join(OUT, "tickets"), ignore_errors=True)
cases = {}
raw = {}

def case(path, text, extra=()):
    lines = text.lstrip("\n").split("\n")
    exp = []
    out = []
    for i, l in enumerate(lines, 1):
        for m in re.findall(r"⟦([^⟧]+)⟧", l):
            for r in m.split(","):
                exp.append([r.strip(), i])
        out.append(re.sub(r"\s*⟦[^⟧]+⟧", "", l))
    exp += [list(e) for e in extra]
    assert path not in cases, path
    cases[path] = (("\n".join(out)), sorted(exp, key=lambda e: (e[1], e[0])))

def rawcase(path, data, exp):
    data = data.lstrip(b"\n")
    raw[path] = (data, exp)

P = "tickets/problems/2026/"
C = "tickets/changes/2026/"
R = "tickets/requests/2026/"
I = "tickets/incidents/2026/"
K = "tickets/knowledge/"
M = "tickets/cmdb/"

# ---------------------------------------------------------------- helper incidents (valid)
INC = """
---
id: {id}
title: {title}
status: closed
reported_at: 2026-11-02 09:10
reporter: 立案庭 刘书记员
contact: 分机 8100
channel: phone
category: hardware/terminal
impact: low
urgency: medium
priority: P4
assignee: lisi
support_line: line-1
responded_at: 2026-11-02 09:20
{links}
resolved_at: 2026-11-02 10:00
closed_at: 2026-11-02 11:00
closed_by: lisi
closure_code: {code}
user_confirmed: true
customer_notified: true
---

## 事件描述

三楼打印机打印队列卡住，无法打印立案材料。

## 处理记录

- 2026-11-02 09:20 lisi: 远程查看打印服务器队列，队列挂起
- 2026-11-02 10:00 lisi: 清空队列并重启打印服务，恢复打印

## 故障根源

打印服务假死。

## 解决方案

清空队列并重启打印服务。

## 临时措施

重启打印服务。
"""
# problem linked only from this incident's side
case(I + "INC-2026-0101.md", INC.format(id="INC-2026-0101", title="三楼打印机队列卡死", links="configuration_items: [CI-TERM-PRN-3F]\nproblems: [PRB-2026-0101]", code="workaround"))
# emergency change linked only from this incident's side
case(I + "INC-2026-0102.md", INC.format(id="INC-2026-0102", title="三楼打印机无法联网", links="changes: [CHG-2026-0102]", code="success"))
# a second problem link from the incident side, single id instead of a list
case(I + "INC-2026-0103.md", INC.format(id="INC-2026-0103", title="三楼打印机再次卡死", links="problems: PRB-2026-0104", code="workaround"))

# ---------------------------------------------------------------- problems
PRB_CLOSED = """
---
id: {id}
title: 三楼打印机队列反复卡死
status: closed
detected_at: 2026-11-02 12:00
mode: reactive
owner: zhouba
priority: P3
category: hardware/terminal
configuration_items: [CI-TERM-PRN-3F]
{links}
known_error_at: 2026-11-03 10:00
resolved_at: 2026-11-05 10:00
closed_at: 2026-11-06 10:00
closure_code: resolved
---

## 问题描述

打印队列反复卡死。

## 根本原因

打印服务驱动版本缺陷。

## 临时解决方法

清空队列并重启打印服务。

## 解决方案

升级打印驱动。
"""
def prb(id, links="", **sub):
    t = PRB_CLOSED.format(id=id, links=links)
    t = t.replace("\n\n---\n", "\n---\n") if False else t
    for old, new in sub.items():
        pass
    return t

def edit(text, *pairs):
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text

def clean(t):  # drop the empty line left by an empty {links}
    return re.sub(r"\n\n(?=[a-z_]+:)", "\n", t.replace("\n\nknown_error_at", "\nknown_error_at"))

def P_(id, links="incidents: [INC-2026-0004]"):
    return clean(PRB_CLOSED.format(id=id, links=links))

# valid
case(P + "PRB-2026-0101.md", clean(PRB_CLOSED.format(id="PRB-2026-0101", links="")))  # incidents only from INC-2026-0101
case(P + "PRB-2026-0102.md", """
---
id: PRB-2026-0102
title: 机房 UPS 电池老化隐患
status: new
detected_at: 2026-11-20 09:00
mode: proactive
owner: zhouba
priority: P4
---

## Description

巡检发现 UPS 电池内阻升高。
""")
case(P + "PRB-2026-0103.md", """
---
id: PRB-2026-0103
title: 财务系统报表偶发超时
status: investigating
detected_at: 2026-11-20 09:00
mode: reactive
owner: zhouba
priority: P2
incidents: INC-2026-0004
---

## 问题描述

报表导出偶发超时。
""")
case(P + "PRB-2026-0104.md", """
---
id: PRB-2026-0104
title: 打印服务假死
status: 已知错误
detected_at: 2026-11-02 12:00
mode: 被动
owner: zhouba
priority: 高
category: 硬件/终端
known_error_at: 2026-11-03T10:00:00+08:00
---

## Description

打印服务假死。

##  workaround  

重启打印服务。
""")
case(P + "PRB-2026-0105.md", """
---
id: PRB-2026-0105
title: 邮件网关证书过期导致外发失败
status: resolved
detected_at: 2026-11-10 09:00
mode: proactive
owner: zhouba
priority: P3
category: software/application
configuration_items: [CI-APP-MAIL]
changes: [CHG-2026-0101]
resolved_at: 2026-11-12 09:00
---

## 问题描述

巡检发现证书 30 天后过期。

## 根本原因

证书未纳入到期提醒。

## 解决方案

更换证书并加入到期提醒。
""")
case(P + "PRB-2026-0106.md", """
---
id: PRB-2026-0106
title: 疑似存储性能下降（经核实不构成问题）
status: 已关闭
detected_at: 2026-11-10 09:00
mode: proactive
owner: zhouba
priority: P4
closed_at: 2026-11-11 09:00
closure_code: 已取消
---

## 问题描述

经核实为监控误报，取消。
""")
case(P + "PRB-2026-0107.md", """
---
id: PRB-2026-0107
title: 核心交换机日志告警调查中关闭
status: closed
detected_at: 2026-11-10 09:00
mode: reactive
owner: zhouba
priority: P3
incidents: [INC-2026-0013]
closed_at: 2026-11-11 09:00
closure_code: cancelled
---

## 问题描述

已被 PRB-2026-0002 覆盖，取消。
""")

# BOM and CRLF line endings
rawcase(P + "PRB-2026-0108.md", b"\xef\xbb\xbf" + P_("PRB-2026-0108").lstrip("\n").replace("\n", "\r\n").encode(), [])

# defects
case(P + "PRB-2026-0111.md", """
---
id: PRB-2026-0111
title: 无关联事件的被动问题
status: investigating
detected_at: 2026-11-20 09:00
mode: reactive ⟦problem-incidents⟧
owner: zhouba
priority: P3
---

## 问题描述

被动问题，但没有任何事件单关联。
""")
case(P + "PRB-2026-0112.md", """
---
id: PRB-2026-0112
title: 已知错误缺临时解决方法
status: known-error ⟦known-error-workaround⟧
detected_at: 2026-11-20 09:00
mode: proactive
owner: zhouba
priority: P3
known_error_at: 2026-11-21 09:00
---

## 问题描述

已知错误，但没有写临时解决方法。
""")
case(P + "PRB-2026-0113.md", edit(P_("PRB-2026-0113"), ("known_error_at: 2026-11-03 10:00", "known_error_at: 2026-11-03 10:00 ⟦known-error-workaround⟧"), ("## 临时解决方法\n\n清空队列并重启打印服务。\n\n", "")))
case(P + "PRB-2026-0114.md", edit(P_("PRB-2026-0114"), ("status: closed", "status: known-error ⟦required-field⟧"), ("known_error_at: 2026-11-03 10:00\n", ""), ("resolved_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\nclosure_code: resolved\n", "")))
case(P + "PRB-2026-0115.md", edit(P_("PRB-2026-0115"), ("status: closed", "status: closed ⟦required-field⟧"), ("owner: zhouba\n", "")))
case(P + "PRB-2026-0116.md", edit(P_("PRB-2026-0116"), ("status: closed", "status: resolved ⟦required-field⟧"), ("resolved_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\nclosure_code: resolved\n", "")))
case(P + "PRB-2026-0117.md", edit(P_("PRB-2026-0117"), ("status: closed", "status: closed ⟦required-field⟧"), ("closure_code: resolved\n", "")))
case(P + "PRB-2026-0118.md", edit(P_("PRB-2026-0118"), ("mode: reactive", "mode: passive ⟦enum-value⟧")))
case(P + "PRB-2026-0119.md", edit(P_("PRB-2026-0119"), ("closure_code: resolved", "closure_code: workaround ⟦enum-value⟧")))
case(P + "PRB-2026-0120.md", edit(P_("PRB-2026-0120"), ("status: closed", "status: open ⟦status-unknown⟧")))
case(P + "PRB-2026-0121.md", edit(P_("PRB-2026-0121"), ("owner: zhouba", "owner: zhangwei ⟦person-unknown⟧")))
case(P + "PRB-2026-0122.md", edit(P_("PRB-2026-0122"), ("known_error_at: 2026-11-03 10:00", "known_error_at: 2026-11-31 10:00 ⟦field-type⟧")))
case(P + "PRB-2026-0123.md", edit(P_("PRB-2026-0123", links="incident: [INC-2026-0004] ⟦unknown-field⟧"), ("mode: reactive", "mode: proactive")))
case(P + "PRB-2026-0124.md", P_("PRB-2026-0124", links="incidents: [INC-2026-0004, INC-2026-0999] ⟦link-missing⟧"))
case(P + "PRB-2026-0125.md", edit(P_("PRB-2026-0125", links="incidents: [CHG-2026-0002] ⟦link-kind⟧"), ("mode: reactive", "mode: proactive")))
case(P + "PRB-2026-0126.md", edit(P_("PRB-2026-0126"), ("configuration_items: [CI-TERM-PRN-3F]", "configuration_items: [CI-TERM-PRN-3F, CI-TERM-PRN-9F] ⟦link-missing⟧")))
case(P + "PRB-2026-0127.md", edit(P_("PRB-2026-0127"), ("configuration_items: [CI-TERM-PRN-3F]", "configuration_items: [KB-0001] ⟦link-kind⟧")))
case(P + "PRB-2026-0128.md", P_("PRB-2026-0128", links="incidents: [INC-2026-0004]\nchanges: CHG-2026-0999 ⟦link-missing⟧"))
case(P + "PRB-2026-0129.md", P_("PRB-2026-0129", links="incidents: [INC-2026-0004]\nchanges: [PRB-2026-0001] ⟦link-kind⟧"))
case(P + "PRB-2026-0130.md", edit(P_("PRB-2026-0130"), ("status: closed", "status: closed ⟦section-missing⟧"), ("## 问题描述\n\n打印队列反复卡死。\n\n", "")))
case(P + "PRB-2026-0131.md", edit(P_("PRB-2026-0131"), ("status: closed", "status: resolved ⟦section-missing⟧"), ("closed_at: 2026-11-06 10:00\nclosure_code: resolved\n", ""), ("## 根本原因\n\n打印服务驱动版本缺陷。\n\n", "")))
case(P + "PRB-2026-0132.md", edit(P_("PRB-2026-0132"), ("status: closed", "status: closed ⟦section-missing⟧"), ("\n## 解决方案\n\n升级打印驱动。\n", "\n")))
case(P + "PRB-2026-0133.md", edit(P_("PRB-2026-0133"), ("resolved_at: 2026-11-05 10:00", "resolved_at: 2026-11-01 10:00 ⟦time-order⟧"), ("known_error_at: 2026-11-03 10:00\n", "")))
case(P + "PRB-2026-0134.md", edit(P_("PRB-2026-0134"), ("closed_at: 2026-11-06 10:00", "closed_at: 2026-11-04 10:00 ⟦time-order⟧")))
case(P + "PRB-2026-0135.md", edit(P_("PRB-2026-0135"), ("known_error_at: 2026-11-03 10:00", "known_error_at: 2026-11-01 10:00 ⟦time-order⟧")))
case(P + "PRB-2026-0136.md", edit(P_("PRB-2026-0136"), ("id: PRB-2026-0136", "id: PRB-2026-0137 ⟦id-filename⟧")))
case("tickets/problems/2025/PRB-2026-0138.md", edit(P_("PRB-2026-0138"), ("detected_at: 2026-11-02 12:00", "detected_at: 2026-11-02 12:00 ⟦id-filename⟧")))
case(P + "PRB-26-0139.md", edit(P_("PRB-26-0139"), ("---\nid:", "--- ⟦id-format⟧\nid:")))
case(P + "PRB-2026-0140.md", "## 问题描述 ⟦front-matter-missing⟧\n\n没有前置信息。\n")
case(P + "PRB-2026-0141.md", edit(P_("PRB-2026-0141"), ("title: 三楼打印机队列反复卡死\n", "title: [三楼打印机队列反复卡死\n"), ("status: closed", "status: closed ⟦yaml-syntax⟧")))
case(P + "PRB-2026-0142.md", edit(P_("PRB-2026-0142"), ("owner: zhouba", "owner: &o zhouba ⟦yaml-unsupported⟧")))
case(P + "PRB-2026-0143.md", edit(P_("PRB-2026-0143", links=""), ("status: closed", "status: investigating"), ("mode: reactive", "mode: reactive ⟦problem-incidents⟧"), ("known_error_at: 2026-11-03 10:00\nresolved_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\nclosure_code: resolved\n", ""), ("configuration_items: [CI-TERM-PRN-3F]", "configuration_items: [CI-TERM-PRN-3F]\nchanges: [CHG-2026-0002]")))
case(P + "PRB-2026-0144.md", edit(P_("PRB-2026-0144"), ("status: closed", "status: investigating"), ("known_error_at: 2026-11-03 10:00\nresolved_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", ""), ("closure_code: resolved", "closure_code: resolved ⟦closure-code⟧")))
case(P + "PRB-2026-0145.md", edit(P_("PRB-2026-0145"), ("priority: P3", "priority: P5 ⟦enum-value⟧")))
case(P + "PRB-2026-0146.md", edit(P_("PRB-2026-0146"), ("detected_at: 2026-11-02 12:00", "detected_at: 2026-11-02 ⟦field-type⟧")))
rawcase(P + "PRB-2026-0147.md", P_("PRB-2026-0147").replace("打印队列反复卡死。", "打印队列\x00反复卡死。").encode(), [["encoding", None]])
rawcase(P + "PRB-2026-0148.md", P_("PRB-2026-0148").encode("gb18030"), [["encoding", None]])

# ---------------------------------------------------------------- changes
CHG_CLOSED = """
---
id: {id}
title: 打印服务器驱动升级
status: closed
change_type: normal
requested_at: 2026-11-03 10:00
requester: zhouba
risk: low
implementer: sunqi
approved_by: [wujiu, zhengshi]
approved_at: 2026-11-04 10:00
planned_start: 2026-11-04 19:00
planned_end: 2026-11-04 20:00
implemented_at: 2026-11-04 19:40
result: success
reviewed_at: 2026-11-05 10:00
closed_at: 2026-11-06 10:00
configuration_items: [CI-TERM-PRN-3F]
{links}
---

## 变更描述

升级打印服务器驱动。

## 风险评估

低风险，可快速回退。

## 实施计划

1. 停止打印服务；2. 升级驱动；3. 启动并测试。

## 回退计划

恢复旧版驱动。

## 实施后评审

升级后一周无卡死。
"""
def C_(id, links="problems: [PRB-2026-0101]"):
    return CHG_CLOSED.format(id=id, links=links).replace("\n\n---\n\n## 变更描述", "\n---\n\n## 变更描述")

# valid
case(C + "CHG-2026-0101.md", C_("CHG-2026-0101"))
case(C + "CHG-2026-0102.md", """
---
id: CHG-2026-0102
title: 紧急更换打印机网卡（补录）
status: implemented
change_type: emergency
requested_at: 2026-11-02 09:30
requester: zhouba
risk: medium
implementer: sunqi
implemented_at: 2026-11-02 09:50
result: success
---

## 变更描述

补录：更换网卡。

## 风险评估

中。

## 实施计划

更换网卡。

## 回退计划

换回原网卡。
""")
case(C + "CHG-2026-0103.md", """
---
id: CHG-2026-0103
title: 新增法庭终端入网（标准变更）
status: implemented
change_type: standard
requested_at: 2026-11-18 14:00
requester: zhangsan
risk: low
implementer: wangwu
implemented_at: 2026-11-19 17:00
result: success
configuration_items: CI-TERM-COURT-05
---

## 变更描述

按标准变更模板接入终端。

## 实施计划

分配端口，划入 VLAN。
""")
case(C + "CHG-2026-0104.md", """
---
id: CHG-2026-0104
title: 开通会议室网络端口（标准变更）
status: closed
change_type: 标准变更
requested_at: 2026-11-18 14:00
requester: zhangsan
risk: low
implementer: wangwu
implemented_at: 2026-11-19 17:00
result: 成功
reviewed_at: 2026-11-20 10:00
closed_at: 2026-11-20 11:00
---

## Description

按模板开通端口。

## Implementation plan

开通端口。

## Post-implementation review

正常。
""")
case(C + "CHG-2026-0105.md", edit(C_("CHG-2026-0105", links="incidents: [INC-2026-0004]"), ("status: closed", "status: reviewed"), ("change_type: normal", "change_type: emergency"), ("approved_at: 2026-11-04 10:00", "approved_at: 2026-11-05 09:00"), ("closed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0106.md", """
---
id: CHG-2026-0106
title: 财务系统升级（已拒绝）
status: closed
change_type: normal
requested_at: 2026-11-16 10:00
requester: zhaoliu
risk: high
closed_at: 2026-11-20 17:00
---

## 变更描述

CAB 拒绝。

## 风险评估

高。
""")
case(C + "CHG-2026-0107.md", """
---
id: CHG-2026-0107
title: 申请调整备份窗口
status: 已提交
change_type: 一般变更
requested_at: 2026-11-25 10:00
requester: zhaoliu
---

## 变更描述

备份窗口调整到 01:00。
""")
case(C + "CHG-2026-0108.md", """
---
id: CHG-2026-0108
title: 邮件系统附件上限调整
status: assessed
change_type: Normal
requested_at: 2026-11-25 10:00
requester: zhaoliu
risk: 中
---

## Description

附件上限从 20MB 调整到 100MB。

## Risk Assessment

中风险。
""")
case(C + "CHG-2026-0109.md", edit(C_("CHG-2026-0109", links=""), ("status: closed", "status: approved"), ("approved_by: [wujiu, zhengshi]", "approved_by: chenyi"), ("implemented_at: 2026-11-04 19:40\nresult: success\nreviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0110.md", """
---
id: CHG-2026-0110
title: 庭审期间升级庭审系统（拒绝）
status: rejected
change_type: normal
requested_at: 2026-11-25 10:00
requester: wujiu
risk: high
---

## 变更描述

开庭期间不得变更，拒绝。

## 风险评估

高。
""")
case(C + "CHG-2026-0111.md", edit(C_("CHG-2026-0111"), ("approved_at: 2026-11-04 10:00", "approved_at: 2026-11-04 19:40"), ("status: closed", "status: implemented"), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))

# UTC and local-with-seconds timestamps; standard change straight from submitted to closed path
case(C + "CHG-2026-0112.md", edit(C_("CHG-2026-0112", links=""), ("status: closed", "status: implemented"), ("change_type: normal", "change_type: standard"),
     ("approved_by: [wujiu, zhengshi]\napproved_at: 2026-11-04 10:00\n", ""), ("implemented_at: 2026-11-04 19:40", "implemented_at: 2026-11-04T11:40:00Z"),
     ("planned_start: 2026-11-04 19:00", "planned_start: 2026-11-04 19:00:00"), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", ""),
     ("## 回退计划\n\n恢复旧版驱动。\n\n", ""), ("## 风险评估\n\n低风险，可快速回退。\n\n", "")))

# defects
case(C + "CHG-2026-0121.md", edit(C_("CHG-2026-0121"), ("approved_by: [wujiu, zhengshi]", "approved_by: [wujiu, lisi] ⟦change-approval⟧")))
case(C + "CHG-2026-0122.md", edit(C_("CHG-2026-0122"), ("approved_at: 2026-11-04 10:00", "approved_at: 2026-11-04 20:30 ⟦change-approval⟧")))
case(C + "CHG-2026-0123.md", edit(C_("CHG-2026-0123"), ("requester: zhouba", "requester: wujiu"), ("approved_by: [wujiu, zhengshi]", "approved_by: [wujiu, zhengshi] ⟦segregation-of-duties⟧")))
case(C + "CHG-2026-0124.md", edit(C_("CHG-2026-0124"), ("implementer: sunqi", "implementer: chenyi"), ("approved_by: [wujiu, zhengshi]", "approved_by: [chenyi] ⟦segregation-of-duties⟧")))
case(C + "CHG-2026-0125.md", edit(C_("CHG-2026-0125", links=""), ("status: closed", "status: implemented"), ("change_type: normal", "change_type: emergency ⟦emergency-change-link⟧"), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0126.md", edit(C_("CHG-2026-0126"), ("status: closed", "status: reviewed ⟦change-review⟧"), ("closed_at: 2026-11-06 10:00\n", ""), ("\n## 实施后评审\n\n升级后一周无卡死。\n", "\n")))
case(C + "CHG-2026-0127.md", edit(C_("CHG-2026-0127"), ("status: closed", "status: reviewed ⟦change-review⟧"), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0128.md", edit(C_("CHG-2026-0128"), ("status: closed", "status: approved ⟦required-field⟧"), ("approved_by: [wujiu, zhengshi]\n", ""), ("implemented_at: 2026-11-04 19:40\nresult: success\nreviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0129.md", edit(C_("CHG-2026-0129"), ("status: closed", "status: implemented ⟦required-field⟧"), ("implemented_at: 2026-11-04 19:40\n", ""), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0130.md", edit(C_("CHG-2026-0130"), ("status: closed", "status: approved ⟦required-field⟧"), ("implementer: sunqi\n", ""), ("implemented_at: 2026-11-04 19:40\nresult: success\nreviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0131.md", edit(C_("CHG-2026-0131"), ("status: closed", "status: closed ⟦required-field⟧"), ("requested_at: 2026-11-03 10:00\n", "")))
case(C + "CHG-2026-0132.md", """
---
id: CHG-2026-0132
title: 评估后缺风险等级
status: assessed ⟦required-field⟧
change_type: normal
requested_at: 2026-11-25 10:00
requester: zhaoliu
---

## 变更描述

缺 risk。

## 风险评估

中风险。
""")
case(C + "CHG-2026-0133.md", edit(C_("CHG-2026-0133"), ("status: closed", "status: implemented ⟦required-field⟧"), ("result: success\n", ""), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0134.md", edit(C_("CHG-2026-0134", links="incidents: [INC-2026-0013]"), ("status: closed", "status: reviewed ⟦required-field,required-field⟧"), ("change_type: normal", "change_type: emergency"), ("approved_by: [wujiu, zhengshi]\napproved_at: 2026-11-04 10:00\n", ""), ("closed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0135.md", edit(C_("CHG-2026-0135"), ("change_type: normal", "change_type: major ⟦enum-value⟧")))
case(C + "CHG-2026-0136.md", edit(C_("CHG-2026-0136"), ("result: success", "result: ok ⟦enum-value⟧")))
case(C + "CHG-2026-0137.md", edit(C_("CHG-2026-0137"), ("risk: low", "risk: critical ⟦enum-value⟧")))
case(C + "CHG-2026-0138.md", edit(C_("CHG-2026-0138"), ("status: closed", "status: done ⟦status-unknown⟧")))
case(C + "CHG-2026-0139.md", edit(C_("CHG-2026-0139"), ("requester: zhouba", "requester: zhangwei ⟦person-unknown⟧")))
case(C + "CHG-2026-0140.md", edit(C_("CHG-2026-0140"), ("approved_by: [wujiu, zhengshi]", "approved_by: [wujiu, nobody] ⟦person-unknown⟧")))
case(C + "CHG-2026-0141.md", edit(C_("CHG-2026-0141"), ("approved_at: 2026-11-04 10:00", "approved_at: tomorrow ⟦field-type⟧")))
case(C + "CHG-2026-0142.md", edit(C_("CHG-2026-0142"), ("planned_start: 2026-11-04 19:00", "planned_start: 2026-11-04 25:00 ⟦field-type⟧")))
case(C + "CHG-2026-0143.md", """
---
id: CHG-2026-0143
title: 拼错字段名
status: submitted
change_type: normal
requested_at: 2026-11-25 10:00
requester: zhaoliu
implementor: sunqi ⟦unknown-field⟧
---

## 变更描述

字段名拼错。
""")
case(C + "CHG-2026-0144.md", C_("CHG-2026-0144", links="incidents: [INC-2026-0999] ⟦link-missing⟧"))
case(C + "CHG-2026-0145.md", C_("CHG-2026-0145", links="incidents: [PRB-2026-0001] ⟦link-kind⟧"))
case(C + "CHG-2026-0146.md", C_("CHG-2026-0146", links="problems: [PRB-2026-0999] ⟦link-missing⟧"))
case(C + "CHG-2026-0147.md", C_("CHG-2026-0147", links="problems: INC-2026-0004 ⟦link-kind⟧"))
case(C + "CHG-2026-0148.md", edit(C_("CHG-2026-0148"), ("configuration_items: [CI-TERM-PRN-3F]", "configuration_items: [CI-NOT-THERE] ⟦link-missing⟧")))
case(C + "CHG-2026-0149.md", edit(C_("CHG-2026-0149"), ("configuration_items: [CI-TERM-PRN-3F]", "configuration_items: [CI-TERM-PRN-3F, CHG-2026-0002] ⟦link-kind⟧")))
case(C + "CHG-2026-0150.md", edit(C_("CHG-2026-0150"), ("status: closed", "status: approved ⟦section-missing⟧"), ("implemented_at: 2026-11-04 19:40\nresult: success\nreviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", ""), ("## 回退计划\n\n恢复旧版驱动。\n\n", "")))
case(C + "CHG-2026-0151.md", """
---
id: CHG-2026-0151
title: 评估后缺风险评估章节
status: assessed ⟦section-missing⟧
change_type: normal
requested_at: 2026-11-25 10:00
requester: zhaoliu
risk: low
---

## 变更描述

缺风险评估。
""")
case(C + "CHG-2026-0152.md", edit(C_("CHG-2026-0152"), ("status: closed", "status: approved ⟦section-missing⟧"), ("implemented_at: 2026-11-04 19:40\nresult: success\nreviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", ""), ("## 实施计划\n\n1. 停止打印服务；2. 升级驱动；3. 启动并测试。\n\n", "")))
case(C + "CHG-2026-0153.md", edit(C_("CHG-2026-0153"), ("implemented_at: 2026-11-04 19:40", "implemented_at: 2026-11-02 19:40 ⟦time-order⟧"), ("approved_at: 2026-11-04 10:00", "approved_at: 2026-11-04 10:00 ⟦change-approval⟧")))
case(C + "CHG-2026-0154.md", edit(C_("CHG-2026-0154"), ("closed_at: 2026-11-06 10:00", "closed_at: 2026-11-05 09:00 ⟦time-order⟧")))
case(C + "CHG-2026-0155.md", edit(C_("CHG-2026-0155"), ("planned_end: 2026-11-04 20:00", "planned_end: 2026-11-04 18:00 ⟦time-order⟧")))
case(C + "CHG-2026-0156.md", edit(C_("CHG-2026-0156"), ("approved_at: 2026-11-04 10:00", "approved_at: 2026-11-02 10:00 ⟦time-order⟧")))
case("tickets/changes/2025/CHG-2026-0157.md", edit(C_("CHG-2026-0157"), ("requested_at: 2026-11-03 10:00", "requested_at: 2026-11-03 10:00 ⟦id-filename⟧")))
case(C + "CHG-2026-0158.md", edit(C_("CHG-2026-0158", links="problems: [PRB-2026-0101]"), ("status: closed", "status: implemented"), ("change_type: normal", "change_type: emergency ⟦emergency-change-link⟧"), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0159.md", edit(C_("CHG-2026-0159"), ("status: closed", "status: implemented"), ("change_type: normal", "change_type: standard"), ("approved_by: [wujiu, zhengshi]", "approved_by: [lisi] ⟦change-approval⟧"), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0160.md", edit(C_("CHG-2026-0160"), ("status: closed", "status: implemented ⟦required-field,required-field⟧"), ("approved_by: [wujiu, zhengshi]\napproved_at: 2026-11-04 10:00\n", ""), ("reviewed_at: 2026-11-05 10:00\nclosed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0161.md", edit(C_("CHG-2026-0161"), ("status: closed", "status: closed ⟦change-review⟧"), ("\n## 实施后评审\n\n升级后一周无卡死。\n", "\n")))
# an emergency change's approval is recorded (补录) before it is reviewed
case(C + "CHG-2026-0163.md", edit(C_("CHG-2026-0163", links="incidents: [INC-2026-0004]"), ("status: closed", "status: reviewed"), ("change_type: normal", "change_type: emergency"),
     ("approved_at: 2026-11-04 10:00", "approved_at: 2026-11-05 11:00 ⟦change-approval⟧"), ("closed_at: 2026-11-06 10:00\n", "")))
case(C + "CHG-2026-0162.md", edit(C_("CHG-2026-0162"), ("result: success", "result: success\nresult: failed ⟦yaml-syntax⟧")))

# ---------------------------------------------------------------- requests
REQ = """
---
id: {id}
title: 第三法庭庭审支持
status: closed
requested_at: 2026-11-03 08:30
requester: 刑一庭 王书记员
channel: cocall
request_type: 庭审支持
priority: P3
assignee: wangwu
responded_at: 2026-11-03 08:40
fulfilled_at: 2026-11-03 11:00
closed_at: 2026-11-03 12:00
closed_by: lisi
closure_code: success
customer_notified: true
satisfaction: 5
{links}
---

## 请求描述

上午 9:00 第三法庭开庭，需要现场保障。

## 处理记录

- 2026-11-03 08:40 wangwu: 受理，前往第三法庭
- 2026-11-03 09:00 wangwu: [in-progress] 现场保障
- 2026-11-03 11:00 wangwu: [fulfilled] 庭审结束

## 处理结果

庭审顺利完成。
"""
def R_(id, links=""):
    return REQ.format(id=id, links=links).replace("\n\n---\n\n## 请求描述", "\n---\n\n## 请求描述")
case(R + "REQ-2026-0101.md", R_("REQ-2026-0101", links="related: [INC-2026-0004, PRB-2026-0001]"))
case(R + "REQ-2026-0102.md", edit(R_("REQ-2026-0102"), ("closure_code: success", "closure_code: 已取消")))
case(R + "REQ-2026-0111.md", edit(R_("REQ-2026-0111"), ("request_type: 庭审支持", "request_type: hardware ⟦enum-value⟧")))
case(R + "REQ-2026-0112.md", edit(R_("REQ-2026-0112"), ("status: closed", "status: closed ⟦required-field⟧"), ("request_type: 庭审支持\n", "")))
case(R + "REQ-2026-0113.md", edit(R_("REQ-2026-0113"), ("closed_by: lisi", "closed_by: wangwu ⟦role-required⟧")))
case(R + "REQ-2026-0114.md", edit(R_("REQ-2026-0114"), ("- 2026-11-03 09:00 wangwu: [in-progress] 现场保障", "- 2026/11/03 09:00 wangwu 现场保障 ⟦worklog-format⟧")))
case(R + "REQ-2026-0115.md", edit(R_("REQ-2026-0115"), ("- 2026-11-03 11:00 wangwu: [fulfilled] 庭审结束", "- 2026-11-03 08:50 wangwu: 庭审结束 ⟦worklog-order⟧")))
case(R + "REQ-2026-0116.md", edit(R_("REQ-2026-0116"), ("status: closed", "status: closed ⟦section-missing⟧"), ("\n## 处理结果\n\n庭审顺利完成。\n", "\n")))
case(R + "REQ-2026-0117.md", edit(R_("REQ-2026-0117"), ("fulfilled_at: 2026-11-03 11:00", "fulfilled_at: 2026-11-03 08:35 ⟦time-order⟧")))
case(R + "REQ-2026-0118.md", R_("REQ-2026-0118", links="related: [INC-2026-0999] ⟦link-missing⟧"))
case(R + "REQ-2026-0119.md", edit(R_("REQ-2026-0119"), ("assignee: wangwu", "assignee: nobody ⟦person-unknown⟧")))
case(R + "REQ-2026-0120.md", edit(R_("REQ-2026-0120"), ("closure_code: success", "closure_code: workaround ⟦enum-value⟧")))
case(R + "REQ-2026-0121.md", edit(R_("REQ-2026-0121"), ("satisfaction: 5", "satisfaction: 6 ⟦field-type⟧")))
case(R + "REQ-2026-0122.md", edit(R_("REQ-2026-0122"), ("customer_notified: true", "customer_notified: yes ⟦field-type⟧")))
case(R + "REQ-2026-0123.md", edit(R_("REQ-2026-0123"), ("[in-progress] 现场保障", "[working] 现场保障 ⟦status-unknown⟧")))
case(R + "REQ-2026-0124.md", edit(R_("REQ-2026-0124"), ("- 2026-11-03 09:00 wangwu:", "- 2026-11-03 09:00 wangwo: ⟦person-unknown⟧")))
case(R + "REQ-2026-0125.md", edit(R_("REQ-2026-0125"), ("- 2026-11-03 08:40 wangwu: 受理", "- 2026-11-03 08:10 wangwu: 受理 ⟦time-order⟧")))
case(R + "REQ-2026-0126.md", edit(R_("REQ-2026-0126"), ("customer_notified: true", "customer_notified: false ⟦close-needs-notification⟧")))
case(R + "REQ-2026-0127.md", edit(R_("REQ-2026-0127"), ("status: closed", "status: closed ⟦required-field⟧"), ("closed_by: lisi\n", "")))

# ---------------------------------------------------------------- knowledge
case(K + "KB-0101.md", """
---
id: KB-0101
title: 打印机队列卡死处置（草稿）
status: draft
category: hardware/terminal
created_at: 2026-11-03 10:00
author: lisi
---

待补充。
""")
KB = """
---
id: {id}
title: 打印机队列卡死处置
status: published
category: 硬件/终端
created_at: 2026-11-03 10:00
author: lisi
configuration_items: [CI-TERM-PRN-3F]
related: [PRB-2026-0101]
---

## Symptoms

打印队列卡死。

## Solution

重启打印服务。
"""
def K_(id): return KB.format(id=id)
case(K + "KB-0102.md", K_("KB-0102"))
case(K + "KB-0111.md", edit(K_("KB-0111"), ("status: published", "status: published ⟦section-missing⟧"), ("\n## Solution\n\n重启打印服务。\n", "\n")))
case(K + "KB-0112.md", edit(K_("KB-0112"), ("configuration_items: [CI-TERM-PRN-3F]", "configuration_items: [CI-TERM-PRN-4F] ⟦link-missing⟧")))
case(K + "KB-0113.md", edit(K_("KB-0113"), ("configuration_items: [CI-TERM-PRN-3F]", "configuration_items: [INC-2026-0004] ⟦link-kind⟧")))
case(K + "KB-0114.md", edit(K_("KB-0114"), ("related: [PRB-2026-0101]", "related: [PRB-2026-0999] ⟦link-missing⟧")))
case(K + "KB-0115.md", edit(K_("KB-0115"), ("author: lisi", "author: lisa ⟦person-unknown⟧")))
case(K + "KB-0116.md", edit(K_("KB-0116"), ("status: published", "status: active ⟦status-unknown⟧")))
case(K + "KB-0117.md", edit(K_("KB-0117"), ("category: 硬件/终端", "category: printer ⟦enum-value⟧")))
case(K + "2026/KB-0118.md", edit(K_("KB-0118"), ("id: KB-0118", "id: KB-0118 ⟦id-filename⟧")))  # knowledge has no year folders
case(K + "KB-12.md", edit(K_("KB-12"), ("---\nid:", "--- ⟦id-format⟧\nid:")))

# ---------------------------------------------------------------- cmdb
CI = """
---
id: {id}
name: 三楼备用打印机
type: terminal
status: active
owner: wangwu
location: 行政楼三楼
depends_on: CI-NET-CORE-SW1
---

备用打印机。
"""
def M_(id): return CI.format(id=id)
case(M + "CI-TERM-PRN-3F-B.md", M_("CI-TERM-PRN-3F-B"))
case(M + "CI-HO-1.md", edit(M_("CI-HO-1"), ("depends_on: CI-NET-CORE-SW1", "depends_on: [CI-NET-CORE-SW1, CI-NOPE-01] ⟦link-missing⟧")))
case(M + "CI-HO-2.md", edit(M_("CI-HO-2"), ("depends_on: CI-NET-CORE-SW1", "depends_on: [KB-0001] ⟦link-kind⟧")))
case(M + "CI-HO-3.md", edit(M_("CI-HO-3"), ("type: terminal", "type: router ⟦enum-value⟧")))
case(M + "CI-HO-4.md", edit(M_("CI-HO-4"), ("owner: wangwu", "owner: wangliu ⟦person-unknown⟧")))
case(M + "CI-HO-5.md", edit(M_("CI-HO-5"), ("status: active", "status: broken ⟦status-unknown⟧")))
case(M + "servers/CI-HO-8.md", edit(M_("CI-HO-8"), ("id: CI-HO-8", "id: CI-HO-8 ⟦id-filename⟧")))
case(M + "CI-ho-6.md", edit(M_("CI-ho-6"), ("---\nid:", "--- ⟦id-format⟧\nid:")))
case(M + "CI-HO-7.md", edit(M_("CI-HO-7"), ("status: active\n", ""), ("---\nid:", "--- ⟦required-field⟧\nid:")))

expected = {}
for path, (text, exp) in cases.items():
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)
    expected[path] = exp
for path, (data, exp) in raw.items():
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)
    expected[path] = exp
with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(dict(sorted(expected.items())), f, ensure_ascii=False, indent=1)
print(len(expected), "files,", sum(1 for e in expected.values() if e), "defective")
