"""From a ledger's points back to events: what a quarter's row must count to show its figure.

An office's ledger (附件2) carries points per row and quarter — 开展宣传 20, 成功调解 15, 减分 10 —
not the events behind them. To take such a ledger in, each figure becomes the fewest events of
the row's kinds that the quarterly scorecard (附件1 8.3, :mod:`lrc_rules.scoring`) turns back into
exactly that figure, on top of the events already counted. The ledger does not say which kind of
mediation or how grave an error was, so the choice is stated here:

- 成功调解: own-unit cases first (up to their cap), then other cases (附件1 8.3: 「所在单位……最多加
  10分」「参与……其他……最多加10分」);
- 减分: the fewest errors — major ones (减10分) first, then minor (减5分) — so a figure never shows
  more errors than it must (two or more errors in a year advise a change of post).

A figure that is no multiple of the points per event, lies above the row's cap, or below what the
events already counted give, cannot come from events: :class:`~lrc_rules.errors.RuleInputError`
names the row and says why.
"""

from __future__ import annotations

from collections.abc import Mapping

from lrc_rules.errors import RuleInputError
from lrc_rules.scoring_parameters import CATEGORIES, KINDS, MAJOR, MINOR, PARTS, ScoringParameters

ROWS = (*CATEGORIES, "deduction")
"""The ledger rows that come from events: the five bonus categories and 减分."""


def row_points(p: ScoringParameters, row: str, counts: Mapping[str, int]) -> int:
    """The points the scorecard gives ``row`` for scoring ``counts`` (events per kind)."""
    if row == "deduction":
        return (
            counts.get(KINDS[MINOR], 0) * p.minor_each + counts.get(KINDS[MAJOR], 0) * p.major_each
        )
    c = CATEGORIES.index(row)
    kinds, _ = PARTS[c]
    subtotal = sum(min(counts.get(KINDS[k], 0) * p.points_each[k], p.kind_caps[k]) for k in kinds)
    return min(subtotal, p.category_caps[c])


def events_for_points(
    p: ScoringParameters, row: str, points: int, have: Mapping[str, int]
) -> dict[str, int]:
    """The fewest events to add to ``have`` so that ``row`` scores exactly ``points``.

    ``row`` is a bonus category of :data:`~lrc_rules.scoring.CATEGORIES` or ``deduction``;
    ``have`` counts the events of each kind that already score in the quarter. Returns
    ``{kind: events to add}`` (kinds needing none left out). Raises ``RuleInputError`` naming
    ``row`` when no set of added events gives ``points``.
    """
    if row not in ROWS:
        raise RuleInputError("row", f"unknown ledger row; one of {', '.join(ROWS)}")
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise RuleInputError(row, "must be a whole number of points, 0 or more")
    current = row_points(p, row, have)
    if points < current:
        raise RuleInputError(
            row,
            f"the events already recorded give {current} points (已记录的活动已得{current}分); "
            f"a figure of {points} would need some of them removed",
        )
    rest = points - current
    if row == "deduction":
        majors, rest = divmod(rest, p.major_each)
        minors, rest = divmod(rest, p.minor_each)
        if rest:
            raise RuleInputError(
                row,
                f"must be made of {p.minor_each}- and {p.major_each}-point deductions "
                f"(每次减{p.minor_each}分或{p.major_each}分, 附件1 8.3)",
                "scoring.deduction",
            )
        added = {KINDS[MAJOR]: majors, KINDS[MINOR]: minors}
        return {k: n for k, n in added.items() if n}
    c = CATEGORIES.index(row)
    cap = p.category_caps[c]
    if points > cap:
        raise RuleInputError(
            row, f"is at most {cap} (最多加{cap}分, 附件1 8.3)", f"scoring.{row}.cap"
        )
    kinds, _ = PARTS[c]
    added = {}
    for k in kinds:
        each = p.points_each[k]
        have_points = min(have.get(KINDS[k], 0) * each, p.kind_caps[k])
        room = p.kind_caps[k] - have_points
        n = min(rest, room) // each
        if n:
            added[KINDS[k]] = n
            rest -= n * each
    if rest:
        steps = sorted({p.points_each[k] for k in kinds})
        raise RuleInputError(
            row,
            f"cannot come from events of {' or '.join(map(str, steps))} points each within the "
            f"caps (每次加{steps[0]}分, 附件1 8.3)",
            f"scoring.{row}",
        )
    return added
