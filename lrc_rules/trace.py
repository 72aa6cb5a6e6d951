"""Citations and explanation traces that every rules result carries.

A citation has fields, not a sentence (OpenFisca's users asked for that after typos crept in):
``Citation(doc="汶政字〔2024〕59号", part="附件1", clause="8.3", status="verified")``.

Every citation says how far it can be trusted (:data:`CITATION_STATUSES`): ``verified`` — the cited
document says it (checked against its text); ``unverified`` — cited from memory or second hand, to
be checked; ``local_practice`` — no document in hand sets it (an engine Choice or a platform
default): a deployment replaces it in its own pack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CITATION_STATUSES = ("verified", "unverified", "local_practice")
"""How far a citation can be trusted; see the module docstring."""


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule or a number comes from: document number, part (附件), clause or article."""

    doc: str
    part: str | None = None
    clause: str | None = None
    article: str | None = None
    note: str | None = None
    status: str = "unverified"
    """``verified``, ``unverified`` or ``local_practice`` (:data:`CITATION_STATUSES`); a citation
    made without one is unverified."""
    text: str = field(init=False, repr=False, compare=False)
    """The citation as one line, e.g. ``汶政字〔2024〕59号 附件1 8.3`` (computed once)."""

    def __post_init__(self) -> None:
        # Traces render citations on every request: join the parts once.
        line = " ".join(p for p in (self.doc, self.part, self.clause, self.article) if p)
        object.__setattr__(self, "text", line)

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, str]:
        """The citation as a plain dict without empty fields."""
        return {
            k: v
            for k, v in (
                ("doc", self.doc),
                ("part", self.part),
                ("clause", self.clause),
                ("article", self.article),
                ("note", self.note),
                ("status", self.status),
            )
            if v
        }


@dataclass(frozen=True, slots=True)
class Step:
    """One step of an explanation: which rule, on which inputs, gave which outcome, and why (citation)."""

    rule: str
    citation: Citation | None
    inputs: Mapping[str, Any]
    outcome: Any

    def as_dict(self) -> dict[str, Any]:
        """The step as plain JSON-ready data (citation rendered as text and fields)."""
        return {
            "rule": self.rule,
            "citation": self.citation.text if self.citation else None,
            "citation_status": self.citation.status if self.citation else None,
            "inputs": dict(self.inputs),
            "outcome": self.outcome,
        }


@dataclass(slots=True)
class TraceBuilder:
    """Collects steps in order while a rule runs; ``freeze()`` gives the tuple a result keeps."""

    steps: list[Step] = field(default_factory=list)

    def add(
        self,
        rule: str,
        citation: Citation | None,
        inputs: Mapping[str, Any],
        outcome: Any,
    ) -> None:
        """Append one step."""
        self.steps.append(Step(rule, citation, inputs, outcome))

    def freeze(self) -> tuple[Step, ...]:
        """The steps so far, immutable."""
        return tuple(self.steps)
