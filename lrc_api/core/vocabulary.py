"""The vocabulary registry (词汇表): every code the service answers with, in the words people read.

Each enumeration — statuses, deadline keys, timeline kinds, coordinator types, identities,
education, activity kinds, case conclusions, risk levels and signal kinds, alert, import and
webhook states, … — is a :class:`Vocabulary` of :class:`Term` s: the code, its Chinese
name, a short English gloss and the citation of the document that defines it. Responses carry
codes (stable for integrators) and, where a person reads them, a ``label`` from here; every file
export prints the Chinese names from here. ``GET /v1/vocabularies`` lists them all.

The registry sits in ``core`` because record domains (cases: deadline and timeline labels) and
views (ledger, rankings exports) both read it. The data is in :mod:`lrc_api.core.vocabulary_terms`;
the industries come from the national pack's size table, and the case conclusions, timeliness
and KPI indicators from :mod:`lrc_rules.case_outcomes`, so neither can disagree with the registry.
A test walks every enumeration of the OpenAPI document and finds each named here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from lrc_api.core.policies import get_registry
from lrc_api.core.vocabulary_terms import RAW, SIZE_TABLE, cite
from lrc_rules.enterprise_size import industry_names
from lrc_rules.trace import Citation


@dataclass(frozen=True, slots=True)
class Term:
    """One code of an enumeration: its Chinese name (the document's words), an English gloss and
    the citation of the clause that defines it (None: the vocabulary's citation holds)."""

    code: str
    zh: str
    en: str
    citation: Citation | None = None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """An enumeration: id (e.g. ``case_status``), its name, its terms, and where it is defined.

    ``citation`` is None for the platform's own codes; ``note`` then says so.
    """

    id: str
    zh: str
    en: str
    citation: Citation | None
    note: str | None
    terms: tuple[Term, ...]

    def names(self) -> dict[str, str]:
        """Code → Chinese name."""
        return {t.code: t.zh for t in self.terms}

    def codes(self) -> tuple[str, ...]:
        """The codes, in the registry's order."""
        return tuple(t.code for t in self.terms)


def _build(
    vid: str,
    zh: str,
    en: str,
    citation: Citation | None,
    note: str | None,
    terms: list[tuple[Any, ...]],
) -> Vocabulary:
    built = tuple(Term(*t) for t in terms)
    codes = [t.code for t in built]
    if len(set(codes)) != len(codes):
        raise ValueError(f"vocabulary {vid} lists a code twice")
    return Vocabulary(vid, zh, en, citation, note, built)


@lru_cache(maxsize=1)
def _static() -> Mapping[str, Vocabulary]:
    # Everything but the industries: needs no pack, so exports may read it at import.
    return {row[0]: _build(*row) for row in RAW}


@lru_cache(maxsize=1)
def vocabularies() -> Mapping[str, Vocabulary]:
    """Every vocabulary by id, in the registry's order (built once per process)."""
    national = get_registry().get("national")
    industry = Vocabulary(
        "industry",
        "行业",
        "industry (a row of the enterprise-size table)",
        cite(SIZE_TABLE, "附表"),
        None,
        tuple(Term(k, name, k.replace("_", " ")) for k, name in industry_names(national).items()),
    )
    return {**_static(), "industry": industry}


def vocabulary(vid: str) -> Vocabulary:
    """One vocabulary; ``KeyError`` for an unknown id (a programming error, not user input)."""
    static = _static()
    return static[vid] if vid in static else vocabularies()[vid]


@lru_cache(maxsize=64)
def names(vid: str) -> Mapping[str, str]:
    """Code → Chinese name of vocabulary ``vid`` (for exports and labels; read-only, shared)."""
    return MappingProxyType(vocabulary(vid).names())


def label(vid: str, code: str | None) -> str:
    """The Chinese name of ``code``; the code itself when the registry does not know it.

    Never raises on data: a code stored before a vocabulary changed still prints as something.
    """
    if code is None:
        return ""
    return names(vid).get(code, code)
