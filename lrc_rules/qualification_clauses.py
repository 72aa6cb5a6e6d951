"""The words and clauses of 附件1 §5 as data: levels, education and certificate keys, clause table.

Source: 汶政字〔2024〕59号 附件1《劳动关系协调员服务规范》§5. :data:`CLAUSES` holds every clause with
the condition text it implements (quoted) and what it needs, as alternatives of needs; which
education levels count as which school or degree (the names in ``_edu(...)``) is pack data under
``qualification.education.*``, and the years under ``qualification.years.*``.
:mod:`lrc_rules.qualification` checks the clauses against a person's facts and re-exports the
public names defined here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

EDUCATION_LEVELS: Final = (
    "junior_high_or_below",
    "high_school",
    "secondary_vocational",
    "technical_school",
    "senior_technical_school",
    "technician_college",
    "higher_vocational",
    "associate",
    "bachelor",
    "master",
    "doctor",
)
"""Education level keys, lowest first (初中及以下 … 博士研究生)."""

EDUCATION_STATUSES: Final = ("graduated", "graduating", "enrolled")
"""Holds the diploma; in-school graduating student (在校应届毕业生); still enrolled (在校生)."""

CERTIFICATE_KINDS: Final = ("level", "preparatory_technician")
"""A numbered level certificate (the default), or 预备技师证书 (5.3(2)), which has no level."""

LEVEL_NAMES: Final[Mapping[int, str]] = {
    4: "劳动关系协调员（国家职业资格四级）",
    3: "劳动关系协调员（国家职业资格三级）",
    2: "劳动关系协调师（国家职业资格二级）",
    1: "高级劳动关系协调师（国家职业资格一级）",
}
"""The four levels by number, with their names as §5 gives them."""


# --- the clauses, as data: each a tuple of alternatives (……；或……), each a tuple of needs ---------


@dataclass(frozen=True, slots=True)
class Need:
    """One condition: a certificate, the 预备技师 certificate, an education, or years of work."""

    what: str
    key: str = ""
    level: int | None = None
    major: bool = False
    enrolled: bool = False


def _cert(level: int) -> Need:
    return Need("certificate", level=level)


def _edu(key: str, *, major: bool = True, enrolled: bool = False) -> Need:
    return Need("education", key, major=major, enrolled=enrolled)


def _work(key: str, *, after: int | None = None) -> Need:
    return Need("work", key, level=after)


_PREP = Need("preparatory_technician")
_HEI = "higher_education_institution"
_SENIOR = "senior_technical_or_technician_college"
_PREP_YEARS = "level2_preparatory_technician_cumulative"


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of §5 with its text; met when every need of any one alternative is met."""

    level: int
    clause: str
    text: str
    alternatives: tuple[tuple[Need, ...], ...]


# Quotes elide "本职业或相关职业" (this or a related occupation) and "（技能等级证书）" as "…".
CLAUSES: Final = (
    Clause(4, "5.1(1)", "累计从事…工作4年（含）以上。", ((_work("level4_cumulative"),),)),
    Clause(
        4,
        "5.1(2)",
        "取得技工学校本专业或相关专业毕业证书（含尚未取得毕业证书的在校应届毕业生）；或取得经评估论证、"
        "以中级技能为培养目标的中等及以上职业学校本专业或相关专业毕业证书（含…在校应届毕业生）。",
        ((_edu("technical_school"),), (_edu("vocational_school"),)),
    ),
    Clause(4, "5.1(3)", "高等院校本专业或相关专业在校生。", ((_edu(_HEI, enrolled=True),),)),
    Clause(
        3,
        "5.2(1)",
        "取得…四级/中级工职业资格证书…后，累计从事…工作5年（含）以上。",
        ((_cert(4), _work("level3_after_level4", after=4)),),
    ),
    Clause(
        3,
        "5.2(2)",
        "取得…四级/中级工职业资格证书…，并具有高级技工学校、技师学院毕业证书（含…在校应届毕业生）；或取得…四级"
        "/中级工职业资格证书…，并具有经评估论证、以高级技能为培养目标的高等职业学校本专业或相关专业毕业证书（含…）。",
        ((_cert(4), _edu(_SENIOR, major=False)), (_cert(4), _edu("higher_vocational"))),
    ),
    Clause(
        3,
        "5.2(3)",
        "具有大学专科本专业或相关专业毕业证书，并取得…四级/中级工职业资格证书…后，累计从事…工作2年（含）以上。",
        ((_edu("associate"), _cert(4), _work("level3_associate_after_level4", after=4)),),
    ),
    Clause(
        3,
        "5.2(4)",
        "具有大学本科本专业或相关专业学历证书，并取得…四级/中级工职业资格证书…后，累计从事…工作1年（含）以上。",
        ((_edu("bachelor"), _cert(4), _work("level3_bachelor_after_level4", after=4)),),
    ),
    Clause(
        3,
        "5.2(5)",
        "具有硕士研究生及以上本专业或相关专业学历证书（含尚未取得毕业证书的在校应届研究生毕业生）。",
        ((_edu("master_or_above"),),),
    ),
    Clause(
        2,
        "5.3(1)",
        "取得…三级/高级工职业资格证书…后，累计从事…工作4年（含）以上。",
        ((_cert(3), _work("level2_after_level3", after=3)),),
    ),
    Clause(
        2,
        "5.3(2)",
        "取得…三级/高级工职业资格证书…的高级技工学校、技师学院毕业生，累计从事…工作3年（含）以上；"
        "或取得…预备技师证书的技师学院毕业生，累计从事…工作2年（含）以上。",
        (
            (_cert(3), _edu(_SENIOR, major=False), _work("level2_senior_technical_cumulative")),
            (_PREP, _edu("technician_college", major=False), _work(_PREP_YEARS)),
        ),
    ),
    Clause(
        2,
        "5.3(3)",
        "具有大学本科本专业或相关专业学历证书，并取得…三级/高级工职业资格证书…后，累计从事…工作2年（含）以上。",
        ((_edu("bachelor"), _cert(3), _work("level2_bachelor_after_level3", after=3)),),
    ),
    Clause(
        2,
        "5.3(4)",
        "具有硕士研究生本专业或相关专业学历证书，并取得…三级/高级工职业资格证书…后，累计从事…工作1年（含）以上。",
        ((_edu("master"), _cert(3), _work("level2_master_after_level3", after=3)),),
    ),
    Clause(
        2,
        "5.3(5)",
        "具有博士研究生本专业或相关专业学历证书，累计从事…工作2年（含）以上。",
        ((_edu("doctor"), _work("level2_doctor_cumulative")),),
    ),
    Clause(
        1,
        "5.4",
        "取得…二级/技师职业资格证书…后，累计从事…工作4年（含）以上。",
        ((_cert(2), _work("level1_after_level2", after=2)),),
    ),
)
"""Every clause of 附件1 §5, in order, with the condition text it implements."""
