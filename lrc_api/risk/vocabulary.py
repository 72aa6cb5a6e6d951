"""Chinese names of the early warning's codes (a small table the vocabulary registry takes in).

Kinds and dimensions are pack data (a deployment may add its own, named in its pack); these are
the national pack's, checked against it by the tests.
"""

from __future__ import annotations

EARLY_WARNING_VOCABULARIES: dict[str, dict[str, str]] = {
    "risk_level": {"green": "绿色", "yellow": "黄色", "orange": "橙色", "red": "红色"},
    "risk_trend": {"up": "上升", "down": "下降", "steady": "持平"},
    "risk_dimension": {
        "pay": "工资支付",
        "labor_use": "劳动用工",
        "social_insurance": "社会保险",
        "rights": "劳动维权",
        "business": "经营状况",
    },
    "signal_kind": {
        "wage_arrears_clue": "欠薪线索",
        "dispute": "劳动争议",
        "collective_dispute": "集体劳动争议",
        "hotline_complaint": "热线投诉",
        "overdue_case": "逾期案件",
        "pay_cut": "减薪",
        "layoff": "裁员",
        "closure_relocation": "关停并转迁",
        "social_insurance_arrears": "社保欠缴",
        "tax_arrears": "欠税",
        "water_drop": "用水下降",
        "power_drop": "用电下降",
    },
    "risk_report_kind": {"pay_cut": "减薪", "layoff": "裁员", "closure_relocation": "关停并转迁"},
    "alert_state": {
        "open": "待处置",
        "acknowledged": "已知悉",
        "resolved": "已化解",
        "closed": "已关闭",
    },
    "signal_ignored_reason": {
        "unknown_kind": "方案未定义的信号类型",
        "after_as_of": "晚于评估日",
        "older_than_windows": "早于上一周期",
        "before_in_force": "早于预警规则施行",
    },
}
"""Vocabulary name → code → Chinese name."""
