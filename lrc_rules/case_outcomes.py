"""How a case concluded (结案方式) and whether on time (按期/超期): the codes the indicators count.

闵人社发〔2022〕34号 二 sets targets on how cases end — 调解成功率, 先行调解率, 仲裁结案率, 按期结案率,
按期办结率 — and 二(二),(三), 四(二)2 ask for 查实率 and 解决率. None of them can be counted from a
status alone ("mediated" does not say whether an agreement was reached), so a case records its
*conclusion* when it enters a concluding status, and its *timeliness* against its main deadline.

Which conclusions a concluding status allows depends on the procedure:

==========================  ==================================  ==============================
procedure                   status → conclusions                 source
==========================  ==================================  ==============================
mediation, enterprise_med.  mediated → agreement | no_agreement  调解仲裁法 第十四条
arbitration                 mediated → arbitral_mediation;       调解仲裁法 第四十二条、第四十三条
                            awarded → award
inspection                  awarded → penalized |                劳动保障监察条例 第十八条
                            rectification_ordered |
                            case_dismissed | no_violation
wage_clue, hotline          mediated → resolved | unresolved     闵人社发〔2022〕34号 二(三), 四(二)2
every procedure             withdrawn → withdrawn;               调解仲裁法 第四十一条
                            transferred → transferred
==========================  ==================================  ==============================

A status the table gives no conclusion for is not a way that procedure ends (a mediation body
makes no award): the status machine does not offer it. :data:`OUTCOME_VOCABULARY` names every
code in Chinese with its clause; the service's vocabulary registry lists these terms as they are
here, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lrc_rules.trace import Citation

_LAW = "中华人民共和国劳动争议调解仲裁法"
_INSPECTION = "劳动保障监察条例"
_CAMPAIGN = "闵人社发〔2022〕34号"

CONCLUSIONS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "mediation": {
        "mediated": ("agreement", "no_agreement"),
        "withdrawn": ("withdrawn",),
        "transferred": ("transferred",),
    },
    "enterprise_mediation": {
        "mediated": ("agreement", "no_agreement"),
        "withdrawn": ("withdrawn",),
        "transferred": ("transferred",),
    },
    "arbitration": {
        "mediated": ("arbitral_mediation",),
        "awarded": ("award",),
        "withdrawn": ("withdrawn",),
        "transferred": ("transferred",),
    },
    "inspection": {
        "awarded": ("penalized", "rectification_ordered", "case_dismissed", "no_violation"),
        "withdrawn": ("withdrawn",),
        "transferred": ("transferred",),
    },
    "wage_clue": {
        "mediated": ("resolved", "unresolved"),
        "withdrawn": ("withdrawn",),
        "transferred": ("transferred",),
    },
    "hotline": {
        "mediated": ("resolved", "unresolved"),
        "withdrawn": ("withdrawn",),
        "transferred": ("transferred",),
    },
}
"""procedure → concluding status → the conclusions (结案方式) a case may record with it."""

CONCLUSION_CODES = tuple(
    dict.fromkeys(code for by in CONCLUSIONS.values() for codes in by.values() for code in codes)
)
"""Every conclusion code, once each."""

TIMELINESS = ("on_time", "late")
"""Whether a case concluded by its main deadline (按期) or after it (超期)."""


@dataclass(frozen=True, slots=True)
class Term:
    """One code of an enumeration with its Chinese name, an English gloss and where it is defined."""

    code: str
    name: str
    gloss: str
    citation: Citation | None
    """The clause that defines the code (None: the enumeration's own description holds)."""


OUTCOME_VOCABULARY: Mapping[str, tuple[Term, ...]] = {
    "case_conclusion": (
        Term(
            "agreement",
            "达成调解协议",
            "mediation agreement reached",
            Citation(_LAW, article="第十四条"),
        ),
        Term(
            "no_agreement",
            "调解不成（未达成调解协议）",
            "mediation ended without agreement",
            Citation(_LAW, article="第十四条"),
        ),
        Term(
            "arbitral_mediation",
            "仲裁调解结案",
            "settled by mediation in arbitration (调解书)",
            Citation(_LAW, article="第四十二条"),
        ),
        Term(
            "award",
            "裁决结案",
            "concluded by an arbitral award",
            Citation(_LAW, article="第四十三条"),
        ),
        Term(
            "penalized",
            "作出行政处罚决定",
            "administrative penalty decided",
            Citation(_INSPECTION, article="第十八条(一)"),
        ),
        Term(
            "rectification_ordered",
            "责令改正或作出行政处理决定",
            "ordered to rectify, or another administrative decision",
            Citation(_INSPECTION, article="第十八条(二)"),
        ),
        Term(
            "case_dismissed",
            "撤销立案（情节轻微且已改正）",
            "case dismissed: minor and already rectified",
            Citation(_INSPECTION, article="第十八条(三)"),
        ),
        Term("no_violation", "未查实违法行为", "no violation established", None),
        Term(
            "resolved", "已解决", "the claim was resolved", Citation(_CAMPAIGN, "二(三)、四(二)2")
        ),
        Term(
            "unresolved",
            "未解决",
            "handled but the claim was not resolved",
            Citation(_CAMPAIGN, "二(三)、四(二)2"),
        ),
        Term(
            "withdrawn",
            "撤回申请（撤诉）",
            "the applicant withdrew",
            Citation(_LAW, article="第四十一条"),
        ),
        Term("transferred", "移送（转办）", "handed to another body", None),
    ),
    "case_timeliness": (
        Term(
            "on_time",
            "按期结案",
            "concluded by its main deadline",
            Citation(_CAMPAIGN, "二(一)"),
        ),
        Term(
            "late",
            "超期结案",
            "concluded after its main deadline",
            Citation(_CAMPAIGN, "二(一)"),
        ),
    ),
    "kpi_indicator": (
        Term(
            "mediation_success_rate",
            "调解成功率",
            "mediation success rate",
            Citation(_CAMPAIGN, "二(一)"),
        ),
        Term(
            "pre_mediation_rate",
            "先行调解率",
            "pre-arbitration mediation rate",
            Citation(_CAMPAIGN, "二(一)"),
        ),
        Term(
            "arbitration_closure_rate",
            "仲裁结案率",
            "arbitration closure rate",
            Citation(_CAMPAIGN, "二(一)"),
        ),
        Term(
            "inspection_on_time_rate",
            "劳动保障监察按期结案率",
            "labor inspection cases closed on time",
            Citation(_CAMPAIGN, "二(二)"),
        ),
        Term(
            "wage_clue_on_time_rate",
            "欠薪线索按期办结率",
            "wage-arrears clues closed on time",
            Citation(_CAMPAIGN, "二(三)"),
        ),
    ),
}
"""Chinese names of the codes the case views add — how a case concluded, whether on time, and the
KPI indicators — enumeration → its terms (the service's registry, GET /v1/vocabularies, reads
them from here)."""

CONCLUSION_NAMES: Mapping[str, str] = {
    t.code: t.name for t in OUTCOME_VOCABULARY["case_conclusion"]
}
"""Conclusion code → Chinese name."""

TIMELINESS_NAMES: Mapping[str, str] = {
    t.code: t.name for t in OUTCOME_VOCABULARY["case_timeliness"]
}
"""Timeliness code → Chinese name."""

INDICATOR_NAMES: Mapping[str, str] = {t.code: t.name for t in OUTCOME_VOCABULARY["kpi_indicator"]}
"""KPI indicator key → Chinese name (a pack's own indicator without one shows its key)."""


def conclusions_for(procedure: str, status: str) -> tuple[str, ...]:
    """The conclusions a ``procedure`` case may record on entering ``status`` (empty: none).

    An unknown procedure has none; the caller decides what that means.
    """
    return CONCLUSIONS.get(procedure, {}).get(status, ())


def concluding_statuses(procedure: str) -> tuple[str, ...]:
    """The concluding statuses through which a ``procedure`` case can end."""
    return tuple(CONCLUSIONS.get(procedure, {}))


def timeliness_of(main_deadline_status: str | None) -> str | None:
    """``on_time`` for a main deadline met, ``late`` for one met late, else None (not judged)."""
    return {"met": "on_time", "late": "late"}.get(main_deadline_status or "")
