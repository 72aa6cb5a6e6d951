"""Annual result and gold selection (年度金牌劳动关系协调员评选, ``GoldSelection``).

Source: 汶政字〔2024〕59号 附件1 8.2–8.3 and main text 三(五). The quarterly totals come from
:mod:`lrc_rules.scoring`; the numbers (aggregate, tie rules) live under ``scoring.annual.`` in the
pack, with the year's values taken on 31 December.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from lrc_rules import RULES_VERSION
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.scoring import resolve_parameters, typed_parameter
from lrc_rules.trace import Citation, Step


@dataclass(frozen=True, slots=True)
class CoordinatorYear:
    """One coordinator's year: the four quarterly totals and the work errors of the year."""

    id: str
    quarters: tuple[float, ...]
    errors_minor: int = 0
    errors_major: int = 0


@dataclass(frozen=True, slots=True)
class AnnualInput:
    """The coordinators of one year to rank; ``gold_quota`` is the number of gold places, if set."""

    year: int
    gold_quota: int | None = None
    coordinators: tuple[CoordinatorYear, ...] = ()


@dataclass(frozen=True, slots=True)
class RankedCoordinator:
    """A coordinator's annual result: score, shared rank, gold eligibility and outcome, and why."""

    id: str
    rank: int
    annual_total: float
    work_errors: int
    gold_eligible: bool
    gold: bool | None  # None when no gold_quota was given: only eligibility is decided
    job_adjustment_recommended: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnnualRanking:
    """The annual ranking and gold selection (金牌劳动关系协调员评选), best first."""

    policy: str
    rules_version: str
    year: int
    gold_quota: int | None
    ranking: tuple[RankedCoordinator, ...]
    trace: tuple[Step, ...]


_CHOICES = {
    "aggregate": ("sum", "mean"),
    "rank_ties": ("competition", "dense"),
    "gold_tie_at_quota": ("all", "none"),
}


def annual_ranking(inp: AnnualInput, policy: Policy) -> AnnualRanking:
    """年度金牌劳动关系协调员评选 — annual score, shared ranks and gold eligibility (附件1 8.2–8.3).

    「得分情况作为年度金牌劳动关系协调员评选的主要参考」「对年内出现工作失误的取消金牌劳动关系协调员
    评选资格，年内出现2次及以上工作失误的，建议用人单位予以调整工作岗位」. The annual score is the sum
    (or mean: pack Choice ``annual.aggregate``) of the four quarterly totals; equal scores share a
    rank. Given ``gold_quota``, eligible coordinators get gold in rank order; equal scores that
    straddle the quota all get gold or none (``annual.gold_tie_at_quota``), and the selection
    stops there. Ties in the listing are ordered by id.
    """
    year, quota = inp.year, inp.gold_quota
    if not 1 <= year <= 9998:
        raise RuleInputError("year", "must be a calendar year (1–9998)")
    if quota is not None and (isinstance(quota, bool) or quota < 0):
        raise RuleInputError("gold_quota", "must be a number of places (0 or more)")
    as_of = dt.date(year, 12, 31)
    total_max = resolve_parameters(policy, as_of, "year").total_max
    ann: dict[str, Any] = {}
    for key in ("gold_disqualifying_errors", "job_adjustment_errors", *_CHOICES):
        path = f"scoring.annual.{key}"
        ann[key] = typed_parameter(policy, path, as_of, str if key in _CHOICES else int, "year")
        if key in _CHOICES and ann[key] not in _CHOICES[key]:
            raise MissingParameterError(policy.id, path, f"must be one of {_CHOICES[key]}")
    cite = {key: policy.cite(f"scoring.annual.{key}") for key in ann}

    totals: dict[str, float] = {}
    errors: dict[str, int] = {}
    for i, c in enumerate(inp.coordinators):
        _check_coordinator(i, c, total_max, totals)
        totals[c.id] = sum(c.quarters) / 4 if ann["aggregate"] == "mean" else sum(c.quarters)
        errors[c.id] = c.errors_minor + c.errors_major
    order = sorted(totals, key=lambda cid: (-totals[cid], cid))
    ranks: dict[str, int] = {}
    for pos, cid in enumerate(order):
        prev = order[pos - 1] if pos else None
        if prev is not None and totals[cid] == totals[prev]:
            ranks[cid] = ranks[prev]
        else:
            ranks[cid] = (
                pos + 1 if ann["rank_ties"] == "competition" or prev is None else ranks[prev] + 1
            )
    eligible = {cid: errors[cid] < ann["gold_disqualifying_errors"] for cid in order}
    adjust = {cid: errors[cid] >= ann["job_adjustment_errors"] for cid in order}
    gold, notes = _select_gold(order, totals, eligible, quota, ann["gold_tie_at_quota"])

    ranking = []
    disq, adj = ann["gold_disqualifying_errors"], ann["job_adjustment_errors"]
    # The clause each reason rests on, as the pack cites it (附件1 8.3 under wenshang-2024).
    at_disq = _clause(cite["gold_disqualifying_errors"])
    at_adj = _clause(cite["job_adjustment_errors"])
    # A region of 100,000 coordinators has a handful of distinct reason lists: build each once.
    said: dict[tuple[int, str], tuple[str, ...]] = {}
    for cid in order:
        n = errors[cid]
        reasons = said.get((n, notes[cid]))
        if reasons is None:
            first = (
                f"gold_eligible: 年内工作失误 {n} 次，未达取消资格的 {disq} 次 ({at_disq})"
                if n < disq
                else f"gold_ineligible: 年内工作失误 {n} 次（≥ {disq}），取消金牌评选资格 ({at_disq})"
            )
            rest = (
                (
                    f"job_adjustment: 年内工作失误 {n} 次（≥ {adj}），建议用人单位调整工作岗位 ({at_adj})",
                )
                if n >= adj
                else ()
            )
            reasons = said[(n, notes[cid])] = (first, *rest, notes[cid])
        ranking.append(
            RankedCoordinator(
                cid,
                ranks[cid],
                totals[cid],
                n,
                eligible[cid],
                gold.get(cid),
                adjust[cid],
                reasons,
            )
        )
    golds = [cid for cid in order if gold.get(cid)] if quota is not None else None
    trace = (
        Step("annual.aggregate", cite["aggregate"], {"method": ann["aggregate"]}, totals),
        Step("annual.rank", cite["rank_ties"], {"ties": ann["rank_ties"]}, ranks),
        Step(
            "annual.gold_eligibility",
            cite["gold_disqualifying_errors"],
            {"work_errors": errors, "disqualifying": ann["gold_disqualifying_errors"]},
            eligible,
        ),
        Step(
            "annual.job_adjustment",
            cite["job_adjustment_errors"],
            {"work_errors": errors, "threshold": ann["job_adjustment_errors"]},
            adjust,
        ),
        Step(
            "annual.gold",
            cite["gold_tie_at_quota"],
            {"gold_quota": quota, "tie_at_quota": ann["gold_tie_at_quota"]},
            golds,
        ),
    )
    return AnnualRanking(policy.id, RULES_VERSION, year, quota, tuple(ranking), trace)


def _clause(citation: Citation) -> str:
    """The place in its document a citation names (``附件1 8.3``), or the document alone."""
    return " ".join(p for p in (citation.part, citation.clause, citation.article) if p) or (
        citation.doc
    )


def _check_coordinator(i: int, c: CoordinatorYear, total_max: int, seen: dict[str, float]) -> None:
    where = f"coordinators[{i}]"
    if not c.id or c.id in seen:
        raise RuleInputError(f"{where}.id", "must be a non-empty id, unique in the request")
    if len(c.quarters) != 4:
        raise RuleInputError(f"{where}.quarters", "must hold exactly 4 quarterly totals")
    for j, q in enumerate(c.quarters):
        if isinstance(q, bool) or not q <= total_max:
            raise RuleInputError(
                f"{where}.quarters[{j}]", f"a quarter's total is at most {total_max}"
            )
    for name, n in (("errors_minor", c.errors_minor), ("errors_major", c.errors_major)):
        if isinstance(n, bool) or n < 0:
            raise RuleInputError(f"{where}.{name}", "must be a count (0 or more)")


def _select_gold(
    order: list[str],
    totals: dict[str, float],
    eligible: dict[str, bool],
    quota: int | None,
    at_quota: str,
) -> tuple[dict[str, bool], dict[str, str]]:
    if quota is None:
        note = "no_gold_quota: 未给出金牌名额，只判断评选资格"
        return {}, dict.fromkeys(order, note)
    gold = dict.fromkeys(order, False)
    notes = dict.fromkeys(order, "not_gold: 不符合评选资格")
    candidates = [cid for cid in order if eligible[cid]]
    given = pos = 0
    while pos < len(candidates):
        # ``order`` is by total, descending: a tie is the run of equal totals from ``pos`` (one
        # pass over the candidates in all, not one per group of equal scores).
        end, score = pos + 1, totals[candidates[pos]]
        while end < len(candidates) and totals[candidates[end]] == score:
            end += 1
        tied = candidates[pos:end]
        pos = end
        if given >= quota:
            note, award = f"not_gold: 金牌名额 {quota} 已满", False
        elif given + len(tied) <= quota:
            note, award = f"gold: 符合资格者中排名在金牌名额 {quota} 之内", True
            given += len(tied)
        else:  # the tie straddles the quota: the pack decides, and the selection ends here
            award = at_quota == "all"
            outcome = "均当选" if award else "均不当选"
            note = f"gold_tie_at_quota: {len(tied)} 人同分跨越金牌名额 {quota}，{outcome}"
            given = quota
        for cid in tied:
            gold[cid], notes[cid] = award, note
    return gold, notes
