"""The annual ranking and gold selection (金牌劳动关系协调员评选) of a region, from stored data.

汶政字〔2024〕59号 附件1 8.2–8.3 and 三(五): the quarterly scores (季度量化计分) are the main reference
for the year's gold coordinators; a work error in the year disqualifies, two or more recommend a
change of post. The quarter totals are those of the scorecard view — the stored base score and
the approved activities, counted by the database (:mod:`lrc_api.assessments.repository`) and
scored by ``lrc_rules.scoring`` under the pack of each coordinator's region; the year is ranked by
``lrc_rules.gold`` under the pack of the region asked for.

Cost: a fixed handful of queries whatever the number of coordinators (the region, the subtree's
regions and their packs, the coordinators, the counted activities, the base scores), then the
rules in memory, equal quarter cards shared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session, col, select

from lrc_api.assessments.repository import activity_groups, base_scores
from lrc_api.coordinators.models import Coordinator
from lrc_api.core.bulk import without_gc
from lrc_api.core.errors import InvalidInput
from lrc_api.core.models import today
from lrc_api.core.policies import bound_policy_ids, get_registry, resolve_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.schemas import trace_payload
from lrc_api.core.scope import own_coordinator_only
from lrc_api.core.vocabulary import names
from lrc_api.regions.service import get as get_region
from lrc_rules import RULES_VERSION, gold, scoring
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy

Scorer = Callable[[float, Any], scoring.Scorecard]

_NO_GROUPS: tuple[list[scoring.EventGroup], ...] = ([], [], [], [])
_NO_BASES: list[float | None] = [None, None, None, None]


def _scorers(pack: Policy, year: int) -> tuple[Scorer | None, ...] | str:
    """The pack's four quarter scorers (None: a quarter before its rules were in force), or why
    the pack cannot score this year at all."""
    if not pack.under("scoring"):
        return f"pack {pack.id} ({pack.title}) sets no quarterly scorecard (季度量化计分)"
    out: list[Scorer | None] = []
    for q in (1, 2, 3, 4):
        try:
            out.append(scoring.quarter_scorer(year, q, pack))
        except (RuleInputError, MissingParameterError):
            out.append(None)
    if not any(out):
        return f"pack {pack.id}'s scorecard is not in force in {year}"
    return tuple(out)


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def _compact(steps: Any) -> list[dict[str, Any]]:
    """The annual steps with their parameters; maps of every coordinator's outcome are counted
    here and shown in full in each entry (the reasons), not twice."""
    out = []
    for step in trace_payload(steps):
        inputs = {k: v for k, v in step["inputs"].items() if not isinstance(v, Mapping)}
        outcome = step["outcome"]
        if isinstance(outcome, Mapping):
            outcome = {"coordinators": len(outcome)}
        out.append({**step, "inputs": inputs, "outcome": outcome})
    return out


@without_gc
def build_rankings(
    *,
    session: Session,
    principal: Principal,
    region_id: int | None,
    year: int,
    gold_quota: int | None,
    policy_id: str | None,
) -> dict[str, Any]:
    """The ranking of the region's active coordinators for ``year``, in the ``Rankings`` shape.

    ``region_id`` defaults to the caller's region (a caller without one must name it: 422);
    404 outside the caller's region. ``policy_id`` scores and ranks everyone under that pack
    instead (what-if). A coordinator principal gets its own entry only, ranked among all.
    Raises 422 naming ``year`` when the ranking pack's rules are not in force by its end.
    """
    if not 2000 <= year <= 2100:
        raise InvalidInput.on("year", "must be between 2000 and 2100")
    rid = region_id if region_id is not None else principal.region_id
    if rid is None:
        raise InvalidInput.on("region_id", "name the region whose coordinators to rank")
    root = get_region(session=session, principal=principal, region_id=rid)
    regions = list(session.exec(select(Region).where(col(Region.path).startswith(root.path))))
    registry = get_registry()
    if policy_id:
        what_if = resolve_policy(policy_id)
        packs = {r.id or 0: what_if for r in regions}
    else:
        packs = {k: registry.get(v) for k, v in bound_policy_ids(session, regions).items()}
    ranking_pack = packs[root.id or 0]
    result: dict[str, Any] = {
        "region_id": root.id,
        "region_name": root.name,
        "year": year,
        "gold_quota": gold_quota,
        "as_of": today(),
        "policy": ranking_pack.id,
        "rules_version": RULES_VERSION,
        "applicable": True,
        "reason": None,
        "summary": {"ranked": 0, "gold_eligible": 0, "gold": None, "job_adjustment_recommended": 0},
        "entries": [],
        "not_ranked": [],
        "trace": [],
    }
    if not ranking_pack.has("scoring.annual.aggregate"):
        result["applicable"] = False
        result["reason"] = (
            f"pack {ranking_pack.id} ({ranking_pack.title}) sets no annual ranking or gold "
            "selection (金牌劳动关系协调员评选): its documents set none"
        )
        return result

    c = Coordinator
    people = select(c.id, c.region_id, c.name, c.coordinator_type, c.work_unit, c.post).where(
        col(c.region_id).in_([r.id for r in regions]),
        c.status == "active",
        col(c.deleted_at).is_(None),
    )
    rows = session.connection().execute(people.order_by(c.id)).all()
    ids_query = people.with_only_columns(c.id)
    # Events dated before a pack's scoring rules are in force do not score under it: count them
    # apart, once per pack in use (one grouped query each; usually one pack).
    by_pack: dict[str, list[int]] = {}
    for region_id, pack in packs.items():
        by_pack.setdefault(pack.id, []).append(region_id)
    groups: dict[int, tuple[list[scoring.EventGroup], ...]] = {}
    for pack_id, region_ids in by_pack.items():
        these = ids_query.where(col(c.region_id).in_(region_ids)) if len(by_pack) > 1 else ids_query
        groups.update(activity_groups(session, these, year, registry.get(pack_id)))
    bases = base_scores(session, ids_query, year)

    scorers: dict[str, tuple[Scorer | None, ...] | str] = {}
    members: list[gold.CoordinatorYear] = []
    shown: dict[str, tuple[Any, ...]] = {}
    type_names = names("coordinator_type")
    quarter_cache: dict[tuple[int, float, bool, bool], dict[str, Any]] = {}
    # Equal quarters recur across 100,000 people: the groups are shared objects, so a quarter's
    # inputs are (pack, quarter, base, the groups' identities) and its card is scored once.
    cards: dict[tuple[Any, ...], tuple[float, int, int]] = {}
    for cid, region_of, name, ctype, unit, post in rows:
        pack = packs[region_of]
        ready = scorers.get(pack.id)
        if ready is None:
            ready = scorers[pack.id] = _scorers(pack, year)
        if isinstance(ready, str):
            result["not_ranked"].append(
                {
                    "coordinator_id": cid,
                    "name": name,
                    "region_id": region_of,
                    "policy": pack.id,
                    "reason": ready,
                }
            )
            continue
        quarter_groups = groups.get(cid, _NO_GROUPS)
        quarter_bases = bases.get(cid, _NO_BASES)
        totals: list[float] = []
        quarters: list[dict[str, Any]] = []
        minor = major = 0
        for q, score in enumerate(ready, start=1):
            base = quarter_bases[q - 1]
            assessed = base is not None
            if score is None:
                total, scored = 0.0, False
            else:
                these = quarter_groups[q - 1]
                key = (pack.id, q, base, *map(id, these))
                hit = cards.get(key)
                if hit is None:
                    card = score(base if assessed else 0, these)
                    hit = cards[key] = (card.total, card.errors_minor, card.errors_major)
                total, scored = hit[0], True
                minor += hit[1]
                major += hit[2]
            totals.append(total)
            shape = (q, total, assessed, scored)
            cell = quarter_cache.get(shape)
            if cell is None:
                cell = quarter_cache[shape] = {
                    "quarter": q,
                    "total": _number(total),
                    "assessed": assessed,
                    "scored": scored,
                }
            quarters.append(cell)
        key_id = f"{cid:010d}"  # the rules order ties by id as text: pad so 9 comes before 10
        members.append(gold.CoordinatorYear(key_id, tuple(totals), minor, major))
        label = type_names.get(ctype, ctype)
        work_unit = f"{unit} {post}" if post else unit
        shown[key_id] = (
            cid,
            name,
            region_of,
            ctype,
            label,
            work_unit,
            pack.id,
            quarters,
            minor,
            major,
        )

    annual = gold.annual_ranking(gold.AnnualInput(year, gold_quota, tuple(members)), ranking_pack)
    own = principal.coordinator_id if own_coordinator_only(principal) else None
    entries = []
    eligible = adjust = golds = 0
    for r in annual.ranking:
        eligible += r.gold_eligible
        adjust += r.job_adjustment_recommended
        golds += bool(r.gold)
        cid, name, region_of, ctype, label, work_unit, pack_id, quarters, minor, major = shown[r.id]
        if own is not None and cid != own:
            continue
        # 100,000 of these: plain dicts in the RankingEntry shape, built once each.
        entries.append(
            {
                "rank": r.rank,
                "coordinator_id": cid,
                "name": name,
                "region_id": region_of,
                "coordinator_type": ctype,
                "coordinator_type_label": label,
                "work_unit": work_unit,
                "policy": pack_id,
                "quarters": quarters,
                "annual_total": _number(r.annual_total),
                "errors_minor": minor,
                "errors_major": major,
                "work_errors": r.work_errors,
                "gold_eligible": r.gold_eligible,
                "gold": r.gold,
                "job_adjustment_recommended": r.job_adjustment_recommended,
                "reasons": r.reasons,
            }
        )
    if own is not None:
        result["not_ranked"] = [n for n in result["not_ranked"] if n["coordinator_id"] == own]
    result["entries"] = entries
    result["summary"] = {
        "ranked": len(annual.ranking),
        "gold_eligible": eligible,
        "gold": golds if gold_quota is not None else None,
        "job_adjustment_recommended": adjust,
    }
    result["policy"] = annual.policy
    trace = _compact(annual.trace)
    for step in trace:
        if isinstance(step["outcome"], list):  # the gold list: back to coordinator ids
            chosen = [shown[k][0] for k in step["outcome"]]
            step["outcome"] = chosen if own is None else [i for i in chosen if i == own]
    result["trace"] = trace
    return result
