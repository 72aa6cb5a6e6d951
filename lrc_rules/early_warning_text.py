"""The plain-language explanation (in Chinese) of an early-warning result.

Written for the officials who act on it: the level and score with the thresholds, what drove it
(each kind's count and points, caps and floors named), the dimensions that are not green, the
trend against the previous window, and — at an alerting level — the duty of 汶政字〔2024〕59号
附件1 7.4 (“确保重大紧急问题一经发现第一时间联系沟通”).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from lrc_rules.early_warning_parameters import LEVEL_NAMES, WarningParameters

if TYPE_CHECKING:
    from lrc_rules.early_warning import RiskAssessment

MAX_DRIVERS_NAMED = 5
"""Kinds named one by one; the rest are summed in one phrase."""


def number(x: float) -> str:
    """A score as written: at most 2 decimals, no trailing zeros (42.5, 30, 12.75)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def date(d: dt.date) -> str:
    """A date as Chinese text writes it: 2025年6月30日."""
    return f"{d.year}年{d.month}月{d.day}日"


def explain(r: RiskAssessment, p: WarningParameters) -> str:
    """The explanation of ``r`` computed under ``p``."""
    y, o, red = (number(t) for t in p.thresholds)
    level = LEVEL_NAMES[r.level]
    parts = []
    if not r.drivers:
        parts.append(
            f"截至{date(r.as_of)}的近{r.window_days}天内未发现风险信号，"
            f"风险等级为{level}，得分0分。"
        )
    else:
        parts.append(
            f"截至{date(r.as_of)}的近{r.window_days}天，风险等级为{level}，得分{number(r.score)}分"
            f"（满分{number(p.score_cap)}分；黄色≥{y}分，橙色≥{o}分，红色≥{red}分）。"
        )
        if r.floor is not None and r.level != r.score_level:
            names = "、".join(p.kinds[k].name for k in r.floor_kinds)
            parts.append(
                f"按得分为{LEVEL_NAMES[r.score_level]}；因有{names}，等级不低于{LEVEL_NAMES[r.floor]}。"
            )
        named = []
        for d in r.drivers[:MAX_DRIVERS_NAMED]:
            phrase = f"{d.name}{d.count}项，计{number(d.contribution)}分"
            if d.capped:
                phrase += f"（已达该类上限{number(d.cap)}分）"
            named.append(phrase)
        rest = r.drivers[MAX_DRIVERS_NAMED:]
        if rest:
            named.append(f"另有{len(rest)}类信号计{number(sum(d.contribution for d in rest))}分")
        parts.append("主要因素：" + "；".join(named) + "。")
        dims = sorted(
            (d for d in r.dimensions if d.level != "green"), key=lambda d: (-d.points, d.dimension)
        )
        if dims:
            listed = "，".join(
                f"{d.name}{LEVEL_NAMES[d.level]}（{number(d.points)}分"
                + ("，已达维度上限" if d.capped else "")
                + "）"
                for d in dims
            )
            parts.append(f"分维度：{listed}。")
    t = r.trend
    previous = (
        f"上一周期（{date(t.previous_start)}至{date(t.previous_end)}）得分"
        f"{number(t.previous_score)}分，{LEVEL_NAMES[t.previous_level]}"
    )
    if t.direction == "up":
        parts.append(f"{previous}；本期上升{number(t.delta)}分。")
    elif t.direction == "down":
        parts.append(f"{previous}；本期下降{number(-t.delta)}分。")
    elif r.drivers or t.previous_score:
        parts.append(f"{previous}；本期基本持平。")
    if r.alert:
        parts.append(
            f"已达预警等级（{LEVEL_NAMES[p.alert_level]}及以上）：重大紧急问题应第一时间联系沟通"
            "（汶政字〔2024〕59号 附件1 7.4）。"
        )
    return "".join(parts)
