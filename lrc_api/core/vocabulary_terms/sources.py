"""The documents the vocabularies cite, and the shorthand the term tables build citations with."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from lrc_rules.trace import Citation

WS = "汶政字〔2024〕59号"
ZJ = "浙人社发〔2023〕18号"
MH = "闵人社发〔2023〕55号"
CAMPAIGN = "闵人社发〔2022〕34号"
LAW = "中华人民共和国劳动争议调解仲裁法"
RULES33 = "劳动人事争议仲裁办案规则（人社部令第33号）"
INSPECTION = "劳动保障监察条例"
GB_ID = "GB 11643-1999"
GB_USCC = "GB 32100-2015"
SIZE_TABLE = "统计上大中小微型企业划分办法（2017）（国统字〔2017〕213号）"
LOCAL = "platform's own codes: no document in the seeds defines them"

Row = tuple[str, str, str, Citation | None, str | None, list[tuple[Any, ...]]]
"""One vocabulary: (id, Chinese name, English gloss, citation or None, note or None, terms).
Each term: (code, Chinese name, English gloss) or (code, zh, en, citation)."""


def cite(doc: str, part: str | None = None, clause: str | None = None, **kw: Any) -> Citation:
    """A citation (shorthand for the term tables)."""
    return Citation(doc=doc, part=part, clause=clause, **kw)


class RulesTerm(Protocol):
    """A term as the rules engine keeps it (:class:`lrc_rules.case_outcomes.Term`)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def gloss(self) -> str: ...
    @property
    def citation(self) -> Citation | None: ...


def rules_terms(terms: Iterable[RulesTerm]) -> list[tuple[Any, ...]]:
    """The rows of terms the rules engine names itself, taken as they are (never copied by hand)."""
    return [(t.code, t.name, t.gloss, t.citation) for t in terms]
