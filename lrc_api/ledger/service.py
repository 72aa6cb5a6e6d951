"""Building the ledger (台账) from stored data: one SQL aggregate, then the scoring rules.

The database counts approved, undeleted activities per coordinator, quarter, kind, media level
and evidence present — the rules (what scores, the caps) stay in ``lrc_rules.scoring``, which
takes those counted groups. So a ledger of 100,000 coordinators costs one grouped query, one
query of base scores, one of coordinators, and a few microseconds of rules per quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from lrc_api.assessments.repository import activity_groups, base_scores
from lrc_api.coordinators.models import Coordinator
from lrc_api.coordinators.service import ID_FIELD, PHONE_FIELD
from lrc_api.core import pii
from lrc_api.core.bulk import without_gc
from lrc_api.core.errors import InvalidInput, NotFound
from lrc_api.core.models import today as local_today
from lrc_api.core.policies import bound_policy_ids, get_registry, region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import apply_coordinator_scope, apply_scope, require_visible
from lrc_api.core.text import printable
from lrc_api.core.vocabulary import names
from lrc_rules import RULES_VERSION, scoring
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.work_time import completed_years

EDUCATION_NAMES = names("education_level")
"""学历 as the form writes it (from the vocabulary registry)."""

TYPE_NAMES = names("coordinator_type")
"""协调员类型 as the form writes it (from the vocabulary registry)."""


_PUBLICITY, _MEDIATION, _RISK, _PUBLICATION, _MANAGEMENT = (
    scoring.CATEGORIES.index(c)
    for c in ("publicity", "mediation", "risk", "publication", "management")
)


def full_years(start: dt.date | None, today: dt.date) -> int | None:
    """从事协调劳动关系工作年限: whole calendar years of work from ``start`` through ``today`` (None
    without a start), counted as the qualification rules count them
    (:func:`lrc_rules.work_time.completed_years`, 民法典 第二百零二条)."""
    return completed_years(start, today)


def _title_and_name(session: Session, region: Region | None) -> tuple[str, str]:
    if region is None:
        return "劳动关系协调员动态管理台账", "全部"
    ids = region.ancestor_ids()
    chain = {r.id: r for r in session.scalars(select(Region).where(col(Region.id).in_(ids)))}
    top = next(
        (chain[i] for i in ids if chain.get(i) and chain[i].kind in ("county", "district")),
        chain.get(ids[0]),
    )
    return f"{top.name if top else ''}劳动关系协调员动态管理台账", region.name


def _scorers(
    year: int, policy: Policy, *, named: bool
) -> dict[int, Callable[[float, list[scoring.EventGroup]], scoring.Scorecard] | None]:
    """A scorer per quarter; None for a quarter the pack does not score.

    A quarter before the pack's scoring rules are in force is not scored (shown 未评定, totals
    0). A pack without scoring rules is an error when the caller named it (``named``: 422 on
    ``policy``); when it is merely bound to a region, that region's quarters are not scored.
    """
    out: dict[int, Callable[[float, list[scoring.EventGroup]], scoring.Scorecard] | None] = {}
    for q in (1, 2, 3, 4):
        try:
            out[q] = scoring.quarter_scorer(year, q, policy)
        except RuleInputError:
            out[q] = None
        except MissingParameterError:
            if named:
                raise
            out[q] = None
    return out


def _region_packs(session: Session, region_ids: set[int]) -> dict[int, str]:
    regions = session.scalars(select(Region).where(col(Region.id).in_(region_ids))).all()
    return bound_policy_ids(session, regions)


@without_gc
def build_ledger(
    *,
    session: Session,
    principal: Principal,
    region_id: int | None,
    year: int,
    policy_id: str | None,
    include_left: bool = False,
) -> dict[str, Any]:
    """The 台账 of a region's subtree for ``year``: plain data in the shape of ``Ledger``.

    Without ``region_id`` the ledger is that of the caller's region (a global caller: all it may
    see). Each coordinator is scored under the pack bound to its region unless ``policy_id``
    names one for all; the ledger names the pack of its region and each entry its own. A
    coordinator principal gets its own row only. A quarter without an assessment has
    ``base`` None (未评定) and ``assessed`` false; its total counts the base as 0, as the annual
    result does. Texts are made printable here, so no stored text can fail a format.
    Raises NotFound (region unknown or outside the caller's subtree), InvalidInput (year).
    """
    if not 2000 <= year <= 2100:
        raise InvalidInput.on("year", "must be between 2000 and 2100")
    ledger_region_id = region_id if region_id is not None else principal.region_id
    region = None
    if ledger_region_id is not None:
        region = session.get(Region, ledger_region_id)
        if region is None:
            raise NotFound(f"region {ledger_region_id} not found")
        require_visible(session, principal, ledger_region_id, f"region {ledger_region_id}")
    policy = region_policy(session, ledger_region_id, policy_id)
    c = Coordinator
    people = select(
        c.id,
        c.region_id,
        c.name,
        c.id_number_masked,
        c.id_number_encrypted,
        c.phone_masked,
        c.phone_encrypted,
        c.coordinator_type,
        c.education_level,
        c.work_unit,
        c.post,
        c.labor_work_started_on,
        c.note,
    ).where(col(c.deleted_at).is_(None))
    people = apply_scope(session, principal, people, c.region_id)
    people = apply_coordinator_scope(principal, people, c.id)
    if region is not None:
        subtree = select(Region.id).where(col(Region.path).startswith(region.path))
        people = people.where(col(c.region_id).in_(subtree))
    if not include_left:
        people = people.where(c.status == "active")
    rows = session.connection().execute(people.order_by(c.region_id, c.id)).all()
    ids_query = people.with_only_columns(c.id)
    registry = get_registry()
    if policy_id:
        packs: dict[int, str] = {}
    else:
        packs = _region_packs(session, {row[1] for row in rows})
    # Events dated before a pack's scoring rules are in force do not score under it: count them
    # apart under each coordinator's own pack (one grouped query per pack in use; usually one).
    by_pack: dict[str, list[int]] = {}
    for region_of, pack_id in packs.items():
        by_pack.setdefault(pack_id, []).append(region_of)
    if len(by_pack) <= 1:
        only = registry.get(next(iter(by_pack))) if by_pack else policy
        groups = activity_groups(session, ids_query, year, only)
    else:
        groups = {}
        for pack_id, region_ids in by_pack.items():
            these = ids_query.where(col(c.region_id).in_(region_ids))
            groups.update(activity_groups(session, these, year, registry.get(pack_id)))
    bases = base_scores(session, ids_query, year)
    unmasked = principal.can("pii:read")
    today = local_today()  # the date in China, as on the form
    scorers_of: dict[str, dict[int, Any]] = {
        policy.id: _scorers(year, policy, named=bool(policy_id))
    }
    no_groups: tuple[list[scoring.EventGroup], ...] = ([], [], [], [])
    no_bases: list[float | None] = [None, None, None, None]
    # 100,000 blocks: plain dicts in the shape of LedgerEntry (the response schema), since
    # validating what the database and the rules already guarantee would cost more than the
    # ledger itself; the rules reuse the cards of equal quarters (explain=False).
    entries: list[dict[str, Any]] = []
    columns: dict[tuple[int, int, bool], tuple[scoring.Scorecard, dict[str, Any]]] = {}
    unscored = {q: _unscored_column(q) for q in (1, 2, 3, 4)}
    for seq, row in enumerate(rows, start=1):
        (
            cid,
            region_of,
            name,
            id_masked,
            id_enc,
            phone_masked,
            phone_enc,
            ctype,
            edu,
            unit,
            post,
            started,
            note,
        ) = row
        pack = packs.get(region_of, policy.id)
        scorers = scorers_of.get(pack)
        if scorers is None:
            scorers = scorers_of[pack] = _scorers(year, registry.get(pack), named=False)
        quarters = []
        annual = 0.0
        quarter_groups = groups.get(cid, no_groups)
        quarter_bases = bases.get(cid, no_bases)
        for q in (1, 2, 3, 4):
            scorer = scorers[q]
            if scorer is None:
                quarters.append(unscored[q])
                continue
            base = quarter_bases[q - 1]
            card = scorer(base if base is not None else 0, quarter_groups[q - 1])
            # Equal quarters share one (read-only) column: the card objects are reused by the
            # rules, so most of 400,000 columns are a dictionary look-up.
            shown = columns.get((id(card), q, base is not None))
            if shown is None or shown[0] is not card:
                cats = card.categories
                shown = (
                    card,
                    {
                        "quarter": q,
                        "base": card.base_score if base is not None else None,
                        "assessed": base is not None,
                        "publicity": cats[_PUBLICITY].points,
                        "mediation": cats[_MEDIATION].points,
                        "management": cats[_MANAGEMENT].points,
                        "risk": cats[_RISK].points,
                        "publication": cats[_PUBLICATION].points,
                        "deduction": card.deduction,
                        "total": card.total,
                    },
                )
                columns[(id(card), q, base is not None)] = shown
            quarters.append(shown[1])
            annual += card.total
        if unmasked:
            id_number = pii.decrypt(id_enc, field=ID_FIELD)
            phone = pii.decrypt(phone_enc, field=PHONE_FIELD) if phone_enc else None
        else:
            id_number, phone = id_masked, phone_masked
        entries.append(
            {
                "seq": seq,
                "coordinator_id": cid,
                "region_id": region_of,
                "policy": pack,
                "name": printable(name),
                "id_number": id_number,
                "coordinator_type": TYPE_NAMES.get(ctype, ctype),
                "education": EDUCATION_NAMES.get(edu, edu),
                "work_unit_and_post": printable(f"{unit} {post}" if post else unit),
                "labor_work_years": full_years(started, today),
                "phone": phone,
                "note": printable(note) if note else note,
                "quarters": quarters,
                "annual_total": annual,
            }
        )
    title, name = _title_and_name(session, region)
    return {
        "title": printable(title),
        "region_id": ledger_region_id,
        "region_name": printable(name),
        "year": year,
        "as_of": today,
        "policy": policy.id,
        "rules_version": RULES_VERSION,
        "pii_masked": not unmasked,
        "entries": entries,
    }


def _unscored_column(quarter: int) -> dict[str, Any]:
    return {
        "quarter": quarter,
        "base": None,
        "assessed": False,
        "publicity": 0,
        "mediation": 0,
        "management": 0,
        "risk": 0,
        "publication": 0,
        "deduction": 0,
        "total": 0,
    }
