"""Cells as offices type them: headers by name, Chinese names of codes, dates, ID numbers, scores.

Every function takes a raw cell (text, number, date — whatever the reader gave) and returns the
value or raises :class:`CellError` with the reason, which the parser turns into a row error naming
the sheet, row and column header.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from lrc_api.core.text import formula_restored
from lrc_api.ledger.service import EDUCATION_NAMES, TYPE_NAMES


class CellError(ValueError):
    """A cell that cannot be read as what its column holds."""


HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "name": ("姓名", "名字", "协调员姓名", "人员姓名"),
    "id_number": ("身份证号码", "身份证号", "公民身份号码", "身份证", "证件号码", "身份证件号码"),
    "coordinator_type": ("协调员类型", "类型", "人员类型", "协调员类别", "类别"),
    "education": ("学历", "文化程度", "最高学历"),
    "work_unit_and_post": ("工作单位及职务", "工作单位及职位", "单位及职务", "工作单位和职务"),
    "work_unit": ("工作单位", "单位", "所在单位", "单位名称"),
    "post": ("职务", "职位", "岗位"),
    "years": (
        "从事协调劳动关系工作年限",
        "从事劳动关系协调工作年限",
        "从事劳动关系工作年限",
        "协调劳动关系工作年限",
        "工作年限",
    ),
    "started_on": (
        "开始从事协调劳动关系工作时间",
        "从事协调劳动关系工作起始时间",
        "从事协调劳动关系工作时间",
        "参加协调劳动关系工作时间",
        "开始从事劳动关系工作时间",
    ),
    "phone": ("联系方式", "联系电话", "手机号码", "手机号", "手机", "电话", "电话号码"),
    "employment_identity": ("人员身份", "身份", "身份类别", "用工身份", "编制性质", "身份性质"),
    "major_related": ("是否本专业或相关专业", "本专业或相关专业", "专业是否相关", "相关专业"),
    "joined_on": ("纳入台账时间", "入队时间", "加入时间"),
    "note": ("备注", "说明"),
    "label": ("赋分内容", "赋分项目", "计分内容", "考核内容"),
    "q1": ("第一季度", "一季度", "第1季度", "1季度", "q1"),
    "q2": ("第二季度", "二季度", "第2季度", "2季度", "q2"),
    "q3": ("第三季度", "三季度", "第3季度", "3季度", "q3"),
    "q4": ("第四季度", "四季度", "第4季度", "4季度", "q4"),
}
"""Each field's header as offices write it (after :func:`normalise`), the form's own name first."""

LABELS: dict[str, str] = {
    "基本得分": "base",
    "基础得分": "base",
    "开展宣传": "publicity",
    "组织开展宣传": "publicity",
    "成功调解": "mediation",
    "成功调解案件": "mediation",
    "劳动管理": "management",
    "优化劳动管理": "management",
    "预防风险": "risk",
    "预防化解风险": "risk",
    "刊发经验": "publication",
    "刊发经验稿件": "publication",
    "减分": "deduction",
    "工作失误减分": "deduction",
    "得分合计": "total",
    "合计": "total",
}
"""The eight score rows of 附件2 (赋分内容), with the longer names of 附件1 8.3."""

_EXTRA_TYPES = {"乡镇": "township", "街道": "township", "社区": "community", "村": "community"}
_EXTRA_EDUCATION = {
    "大学本科": "bachelor",
    "大学专科": "associate",
    "专科": "associate",
    "研究生": "master",
    "硕士": "master",
    "博士": "doctor",
    "初中": "junior_high_or_below",
    "小学": "junior_high_or_below",
    "高级中学": "high_school",
    "中等专业学校": "secondary_vocational",
    "职高": "secondary_vocational",
    "技校": "technical_school",
    "高级技校": "senior_technical_school",
    "高等职业教育": "higher_vocational",
}
IDENTITY_NAMES = {
    "civil_servant": "公务员",
    "public_institution": "事业编制",
    "community_worker": "社区工作者",
    "assistant": "协管员",
    "enterprise_employee": "企业职工",
    "social_mediator": "社会调解员",
    "lawyer": "律师",
    "retiree": "退休人员",
    "other": "其他",
}
"""Employment identities by their Chinese names (lrc_rules.money.IDENTITIES)."""
_EXTRA_IDENTITY = {
    "事业单位": "public_institution",
    "事业": "public_institution",
    "职工": "enterprise_employee",
}

_SPACE = re.compile(r"\s+")
_ENCLOSED = re.compile(r"\(.*?\)")


def normalise(value: Any) -> str:
    """A header or a name as compared: NFKC (full-width to half-width), no spaces or markers."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    text = _SPACE.sub("", text).strip("*:：")
    return text.casefold()


def _reverse(names: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    out = {normalise(v): k for k, v in names.items()}
    out.update({normalise(k): k for k in names})  # the code itself is accepted too
    out.update({normalise(k): v for k, v in extra.items()})
    return out


COORDINATOR_TYPES = _reverse(TYPE_NAMES, _EXTRA_TYPES)
EDUCATION_LEVELS = _reverse(EDUCATION_NAMES, _EXTRA_EDUCATION)
IDENTITIES = _reverse(IDENTITY_NAMES, _EXTRA_IDENTITY)
_HEADER_INDEX = {normalise(v): field for field, names in HEADERS.items() for v in names}
_LABEL_INDEX = {normalise(k): v for k, v in LABELS.items()}


def header_field(value: Any) -> str | None:
    """The field a header cell names, or None (unknown headers are ignored)."""
    text = normalise(value)
    if not text:
        return None
    return _HEADER_INDEX.get(text) or _HEADER_INDEX.get(_ENCLOSED.sub("", text))


def label_key(value: Any) -> str | None:
    """The score row a 赋分内容 cell names (减 分 and 减分 alike), or None."""
    return _LABEL_INDEX.get(normalise(value))


def enum(value: Any, names: dict[str, str], what: str) -> str | None:
    """A code from its Chinese name (or the code itself); None for a blank cell."""
    if is_blank(value):
        return None
    text = normalise(value)
    code = names.get(text) or names.get(_ENCLOSED.sub("", text))
    if code is None:
        shown = "、".join(sorted({k for k in names if not k.isascii()})[:12])
        raise CellError(f"unknown {what} {str(value)[:40]!r}; one of: {shown}")
    return code


def is_blank(value: Any) -> bool:
    """Whether a cell holds nothing."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str | None:
    """A text cell as stored: stripped, a neutralised formula character restored, numbers as typed."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return formula_restored(str(value).strip())


_TEXT_LITERAL = re.compile(r'^="(.*)"$')
_LOST = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def digits(value: Any, what: str) -> str | None:
    """An ID number or phone typed as text or as a number; a number that lost digits is refused.

    Excel keeps 15 significant digits: an 18-digit ID number typed as a number comes back with
    its last digits turned to zeros (370830198806120047 → 370830198806120000), so any number of
    16 digits or more, or one written in exponent form, cannot be trusted.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{what} must be text, not a true/false value")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(f"{what} is a number with decimals; format the column as text")
        if abs(value) >= 10**15:
            raise CellError(
                f"{what} was stored as a number and lost its last digits (Excel keeps 15); "
                "format the column as text and type it again"
            )
        return str(int(value))
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    literal = _TEXT_LITERAL.match(raw)
    raw = literal.group(1) if literal else raw.lstrip("'")
    raw = re.sub(r"[\s\-]", "", raw)
    if _LOST.match(raw):
        raise CellError(
            f"{what} is in exponent form ({raw}) and lost its last digits; "
            "format the column as text and type it again"
        )
    return raw.upper()


_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def date(value: Any) -> dt.date | None:
    """A date given as an Excel date, an Excel serial number, or text (2019-03-01, 2019/3/1,
    2019.3.1, 2019年3月1日, 20190301; 2019年3月 and 2019-03 mean the first of the month)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466 and float(value).is_integer():
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"{value!r} is not a date")
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    for form in _DATE_FORMS:
        m = form.match(raw)
        if m:
            parts = [int(x) for x in m.groups()] + [1]
            try:
                return dt.date(parts[0], parts[1], parts[2])
            except ValueError:
                break
    raise CellError(f"{raw[:20]!r} is not a date (write 2019-03-01 or 2019年3月1日)")


def whole_number(value: Any, what: str, unit: str = "") -> int | None:
    """A whole number typed as a number or as text (``5``, ``5.0``, ``5年``)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{what} must be a number")
    if isinstance(value, int | float):
        if float(value).is_integer():
            return int(value)
        raise CellError(f"{what} must be a whole number, not {value}")
    raw = unicodedata.normalize("NFKC", str(value)).strip().removesuffix(unit).strip()
    try:
        number = float(raw)
    except ValueError:
        raise CellError(f"{what} must be a number, not {str(value)[:20]!r}") from None
    if not number.is_integer():
        raise CellError(f"{what} must be a whole number, not {raw}")
    return int(number)


NOT_ASSESSED = frozenset({"未评定", "未考核", "未评", "未打分", "待评定"})
NOTHING = frozenset({"-", "—", "/", "无", "0分"})


def score(value: Any, *, base: bool) -> float | None:
    """A quarter's cell of a score row; None when empty (and, for 基本得分, when 未评定)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("must be a number of points")
    if isinstance(value, int | float):
        return _finite(float(value), value)
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if raw in NOT_ASSESSED:
        if base:
            return None
        raise CellError(f"{raw} is for 基本得分 only; give the points (0 if none)")
    if raw in NOTHING:
        return None if base else 0.0
    try:
        number = float(raw.removesuffix("分"))
    except ValueError:
        raise CellError(f"must be a number of points, not {raw[:20]!r}") from None
    return _finite(number, raw)


def _finite(number: float, typed: Any) -> float:
    # float() reads "nan", "inf" and "1e400" (inf); a NaN compares false with every bound, so
    # it would pass the range and 得分合计 checks that follow.
    if not math.isfinite(number):
        raise CellError(f"must be a number of points, not {str(typed)[:20]!r}")
    return number


def yes_no(value: Any) -> bool | None:
    """是/否 (also Y/N, √/×, true/false, 1/0)."""
    if is_blank(value):
        return None
    raw = normalise(value)
    if raw in ("是", "y", "yes", "true", "1", "√", "相关", "对口"):
        return True
    if raw in ("否", "n", "no", "false", "0", "×", "x", "不相关", "不对口"):
        return False
    raise CellError(f"write 是 or 否, not {str(value)[:20]!r}")
