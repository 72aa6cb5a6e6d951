"""The platform's own codes: who calls, how far a citation is trusted, imports and webhooks.

No document defines these (they are how the service works, not what the documents regulate),
except the 附件2 layout of an imported 台账.
"""

from __future__ import annotations

from lrc_api.core.vocabulary_terms.sources import LOCAL, WS, Row, cite

RAW: list[Row] = [
    (
        "role",
        "用户角色",
        "role of a user or system",
        None,
        LOCAL,
        [
            ("admin", "系统管理员", "administrator"),
            ("region_admin", "区域管理员", "region administrator"),
            ("assessor", "考核人员", "assessor"),
            ("coordinator", "劳动关系协调员", "coordinator"),
            ("integration", "对接系统", "integrating system"),
            ("auditor", "审计人员", "auditor"),
        ],
    ),
    (
        "principal_kind",
        "调用方类型",
        "who made a request",
        None,
        LOCAL,
        [
            ("user", "用户", "a signed-in person"),
            ("client", "对接系统", "an integrating system (client credentials)"),
            ("system", "系统", "the service itself (scheduled work, commands)"),
        ],
    ),
    (
        "citation_status",
        "依据核实情况",
        "how far a citation can be trusted",
        None,
        LOCAL,
        [
            ("verified", "已核对原文", "the cited document says it"),
            ("unverified", "待核对", "cited from memory or second hand, to be checked"),
            ("local_practice", "本地做法（无文件依据）", "no document in hand sets it"),
        ],
    ),
    (
        "import_mode",
        "导入方式",
        "whether an import writes",
        None,
        LOCAL,
        [
            ("validate", "仅校验", "check and report, write nothing"),
            ("commit", "校验并导入", "check and write"),
        ],
    ),
    (
        "import_conflict",
        "已有人员处理",
        "what an import does with a coordinator already stored (same ID number)",
        None,
        LOCAL,
        [("skip", "跳过", "leave it"), ("update", "更新", "change what differs")],
    ),
    (
        "sheet_layout",
        "表格样式",
        "layout of an imported sheet",
        None,
        LOCAL,
        [
            (
                "form",
                "台账样式（附件2）",
                "the 附件2 layout, eight rows per coordinator",
                cite(WS, "附件2"),
            ),
            ("flat", "每人一行", "one row per coordinator"),
        ],
    ),
    (
        "import_row_action",
        "导入结果",
        "what a good row of an import did (or would do)",
        None,
        LOCAL,
        [
            ("create", "新增", "created"),
            ("update", "更新", "updated"),
            ("unchanged", "无变化", "unchanged"),
            ("skip", "跳过", "skipped: already stored"),
        ],
    ),
    (
        "webhook_delivery_status",
        "推送状态",
        "state of one attempt to deliver an event",
        None,
        LOCAL,
        [
            ("pending", "待推送", "not sent yet"),
            ("succeeded", "推送成功", "the receiver answered 2xx"),
            ("failed", "推送失败", "another answer or none (a retry may follow)"),
        ],
    ),
]
"""The platform's own vocabularies."""
