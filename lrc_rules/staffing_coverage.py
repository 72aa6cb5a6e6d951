"""Enterprise coverage (企业覆盖) of an area's coordinator team: coordinators per enterprise.

浙人社发〔2023〕18号 三(一): "从2023年起，按企业数量比例对各地进行年度目标考核" — the province assesses
each place yearly by its coordinators in proportion to its enterprises. The document sets no target
figure, so the result is the measure itself (and the share of enterprises that have a coordinator
of their own or, for micro enterprises, the township platform's cover, 二(一)), cited to the pack
parameter ``staffing.coverage.measure``. A pack without it still gets the figures, uncited, and a
note saying no document of the pack uses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.trace import Citation

MEASURES: Final = ("coordinators_per_enterprise",)
"""Coverage measures a pack may name."""

_PATH = "staffing.coverage.measure"


@dataclass(frozen=True, slots=True)
class CoverageInput:
    """An area's counts: enterprises, those with a coordinator (or platform-covered micro ones),
    and the coordinators of the area (enterprise, area and community coordinators together)."""

    enterprises: int
    enterprises_covered: int
    coordinators: int


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coordinators per enterprise and the share of enterprises covered (None without enterprises)."""

    enterprises: int
    enterprises_covered: int
    coordinators: int
    coordinators_per_enterprise: float | None
    share_covered: float | None
    citation: Citation | None
    note: str


def enterprise_coverage(inp: CoverageInput, policy: Policy, as_of: dt.date) -> Coverage:
    """按企业数量比例 (浙人社发〔2023〕18号 三(一)): the area's coordinators per enterprise, rounded to
    4 places, and the share of its enterprises covered; cited when the pack uses the measure."""
    for name in ("enterprises", "enterprises_covered", "coordinators"):
        if getattr(inp, name) < 0:
            raise RuleInputError(name, "must not be negative")
    if inp.enterprises_covered > inp.enterprises:
        raise RuleInputError("enterprises_covered", "cannot exceed enterprises")
    per = share = None
    if inp.enterprises:
        per = round(inp.coordinators / inp.enterprises, 4)
        share = round(inp.enterprises_covered / inp.enterprises, 4)
    citation: Citation | None = None
    if policy.has(_PATH):
        measure = policy.typed(_PATH, as_of, str)
        if measure not in MEASURES:
            raise MissingParameterError(policy.id, _PATH, f"must be one of {', '.join(MEASURES)}")
        citation = policy.cite(_PATH)
        note = f"{inp.coordinators} coordinators for {inp.enterprises} enterprises (按企业数量比例)"
    else:
        note = f"pack {policy.id} sets no coverage measure: the figures are for information"
    if not inp.enterprises:
        note += "; no enterprises stored, so no ratio"
    return Coverage(
        inp.enterprises,
        inp.enterprises_covered,
        inp.coordinators,
        per,
        share,
        citation,
        note,
    )
