"""The early warning's codes (劳资矛盾智慧预警): levels, trends, dimensions, signal kinds, alerts.

No document sets the warning's levels, kinds or weights (闵人社发〔2022〕34号 四(二)3 and
汶政字〔2024〕59号 附件1 7.4 ask for the watch, not its formula): these are the platform's own
codes. Signal kinds and dimensions are pack data: these are the ``national`` pack's (a deployment's
pack may add its own, named in that pack), checked against the pack by the tests.
"""

from __future__ import annotations

from lrc_api.core.vocabulary_terms.sources import CAMPAIGN, LOCAL, Row, cite

PACK_KINDS = "the national pack's codes (early_warning.{}): a pack may add its own, named there"

RAW: list[Row] = [
    (
        "risk_level",
        "风险等级",
        "risk level, lowest first",
        None,
        LOCAL + " (the pack's early_warning.levels set the thresholds)",
        [
            ("green", "绿色", "green: no particular risk"),
            ("yellow", "黄色", "yellow"),
            ("orange", "橙色", "orange"),
            ("red", "红色", "red"),
        ],
    ),
    (
        "risk_trend",
        "风险走势",
        "trend against the previous window",
        None,
        LOCAL,
        [("up", "上升", "rising"), ("down", "下降", "falling"), ("steady", "持平", "steady")],
    ),
    (
        "risk_dimension",
        "风险维度",
        "dimension a signal's points count in",
        None,
        PACK_KINDS.format("dimensions"),
        [
            ("pay", "工资支付", "wage payment"),
            ("labor_use", "劳动用工", "employment and layoffs"),
            ("social_insurance", "社会保险", "social insurance"),
            ("rights", "劳动维权", "disputes and complaints"),
            ("business", "经营状况", "the business's condition"),
        ],
    ),
    (
        "signal_kind",
        "风险信号类型",
        "kind of risk signal",
        None,
        PACK_KINDS.format("kinds"),
        [
            ("wage_arrears_clue", "欠薪线索", "wage-arrears clue"),
            ("dispute", "劳动争议", "individual labor dispute"),
            ("collective_dispute", "集体劳动争议", "collective labor dispute"),
            ("hotline_complaint", "热线投诉", "hotline complaint"),
            ("overdue_case", "逾期案件", "open case past a deadline"),
            ("pay_cut", "减薪", "pay cut"),
            ("layoff", "裁员", "layoff"),
            ("closure_relocation", "关停并转迁", "closure, merger, conversion or relocation"),
            ("social_insurance_arrears", "社保欠缴", "social-insurance arrears"),
            ("tax_arrears", "欠税", "tax arrears"),
            ("water_drop", "用水下降", "drop in water use"),
            ("power_drop", "用电下降", "drop in power use"),
        ],
    ),
    (
        "signal_unit",
        "信号计量单位",
        "what a signal's value counts",
        None,
        LOCAL,
        [
            ("workers", "人", "workers affected"),
            ("months", "个月", "months in arrears"),
            ("percent", "百分比（%）", "percent drop (0–100)"),
        ],
    ),
    (
        "signal_window",
        "信号所在周期",
        "the window a signal fell in",
        None,
        LOCAL,
        [
            ("current", "本周期", "the window ending on the day assessed"),
            ("previous", "上一周期", "the window of equal length before"),
        ],
    ),
    (
        "signal_ignored_reason",
        "信号不计原因",
        "why a signal did not count",
        None,
        LOCAL,
        [
            ("unknown_kind", "方案未定义的信号类型", "a kind the pack does not know"),
            ("after_as_of", "晚于评估日", "observed after the day assessed"),
            ("older_than_windows", "早于上一周期", "older than both windows"),
            ("before_in_force", "早于预警规则施行", "before the pack's warning was in force"),
        ],
    ),
    (
        "risk_report_kind",
        "风险报告类型",
        "what a coordinator's risk report is about",
        cite(
            CAMPAIGN,
            "四(二)",
            "3",
            note="排查存在规模性减薪、裁员等可能引发群体性劳动争议企业情况; 关停并转迁 is the platform's",
        ),
        None,
        [
            ("pay_cut", "减薪", "pay cut"),
            ("layoff", "裁员", "layoff"),
            ("closure_relocation", "关停并转迁", "closure, merger, conversion or relocation"),
        ],
    ),
    (
        "alert_state",
        "预警处置状态",
        "handling of a risk alert",
        None,
        LOCAL + " (汶政字〔2024〕59号 附件1 7.4 asks that 重大紧急问题 be taken up at once)",
        [
            ("open", "待处置", "open"),
            ("acknowledged", "已知悉", "acknowledged"),
            ("resolved", "已化解", "resolved"),
            ("closed", "已关闭", "closed: the risk stayed low a whole window, unresolved"),
        ],
    ),
]
"""The early warning's vocabularies."""
