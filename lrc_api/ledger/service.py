"""Building the ledger (台账) from stored data: one SQL aggregate, then the scoring rules.

The database counts approved, undeleted activities per coordinator, quarter, kind, media level
and evidence present — the rules (what scores, the caps) stay in ``lrc_rules.scoring``, which
takes those counted groups. So a ledger of 100,000 coordinators costs one grouped query, one
query of base scores, one of coordinators, and a few microseconds of rules per quarter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from lrc_api.assessments.repository import activity_groups, base_scores
from lrc_api.coordinators.models import Coordinator
from lrc_api.coordinators.service import ID_FIELD, PHONE_FIELD
from lrc_api.core import pii
from lrc_api.core.bulk import without_gc
from lrc_api.core.errors import InvalidInput, NotFound
from lrc_api.core.models import utcnow
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import apply_coordinator_scope, apply_scope, require_visible
from lrc_api.core.vocabulary import names
from lrc_rules import RULES_VERSION, scoring

EDUCATION_NAMES = names("education_level")
"""学历 as the form writes it (from the vocabulary registry)."""

TYPE_NAMES = names("coordinator_type")
"""协调员类型 as the form writes it (from the vocabulary registry)."""


_PUBLICITY, _MEDIATION, _RISK, _PUBLICATION, _MANAGEMENT = (
    scoring.CATEGORIES.index(c)
    for c in ("publicity", "mediation", "risk", "publication", "management")
)


def _full_years(start: dt.date | None, today: dt.date) -> int | None:
    if start is None:
        return None
    return max(today.year - start.year - ((today.month, today.day) < (start.month, start.day)), 0)


def _title_and_name(session: Session, region: Region | None) -> tuple[str, str]:
    if region is None:
        return "劳动关系协调员动态管理台账", "全部"
    ids = [int(x) for x in region.path.strip("/").split("/") if x]
    chain = {r.id: r for r in session.scalars(select(Region).where(col(Region.id).in_(ids)))}
    top = next(
        (chain[i] for i in ids if chain.get(i) and chain[i].kind in ("county", "district")),
        chain.get(ids[0]),
    )
    return f"{top.name if top else ''}劳动关系协调员动态管理台账", region.name


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
    """The 台账 of a region's subtree (or all the principal may see) for ``year``.

    Returns plain data in the shape of the ``Ledger`` schema.
    """
    if not 2000 <= year <= 2100:
        raise InvalidInput.on("year", "must be between 2000 and 2100")
    policy = region_policy(session, region_id or principal.region_id, policy_id)
    region = None
    if region_id is not None:
        region = session.get(Region, region_id)
        if region is None:
            raise NotFound(f"region {region_id} not found")
        require_visible(session, principal, region_id, f"region {region_id}")
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
    if region is not None:
        subtree = select(Region.id).where(col(Region.path).startswith(region.path))
        people = people.where(col(c.region_id).in_(subtree))
    if not include_left:
        people = people.where(c.status == "active")
    people = apply_coordinator_scope(principal, people, c.id)
    rows = session.connection().execute(people.order_by(c.region_id, c.id)).all()
    ids_query = people.with_only_columns(c.id)
    groups = activity_groups(session, ids_query, year, policy)
    bases = base_scores(session, ids_query, year)
    unmasked = principal.can("pii:read")
    today = utcnow().date()
    scorers = {q: scoring.quarter_scorer(year, q, policy) for q in (1, 2, 3, 4)}
    no_groups: tuple[list[scoring.EventGroup], ...] = ([], [], [], [])
    no_bases: list[float | None] = [None, None, None, None]
    # 100,000 blocks: plain dicts in the shape of LedgerEntry (the response schema), since
    # validating what the database and the rules already guarantee would cost more than the
    # ledger itself; the rules reuse the cards of equal quarters (explain=False).
    entries: list[dict[str, Any]] = []
    columns: dict[tuple[int, int, bool], tuple[scoring.Scorecard, dict[str, Any]]] = {}
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
        quarters = []
        annual = 0.0
        quarter_groups = groups.get(cid, no_groups)
        quarter_bases = bases.get(cid, no_bases)
        for q in (1, 2, 3, 4):
            base = quarter_bases[q - 1]
            card = scorers[q](base if base is not None else 0, quarter_groups[q - 1])
            # Equal quarters share one (read-only) column: the card objects are reused by the
            # rules, so most of 400,000 columns are a dictionary look-up.
            shown = columns.get((id(card), q, base is not None))
            if shown is None or shown[0] is not card:
                cats = card.categories
                shown = (
                    card,
                    {
                        "quarter": q,
                        "base": card.base_score,
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
                "name": name,
                "id_number": id_number,
                "coordinator_type": TYPE_NAMES.get(ctype, ctype),
                "education": EDUCATION_NAMES.get(edu, edu),
                "work_unit_and_post": f"{unit} {post}" if post else unit,
                "labor_work_years": _full_years(started, today),
                "phone": phone,
                "note": note,
                "quarters": quarters,
                "annual_total": annual,
            }
        )
    title, name = _title_and_name(session, region)
    return {
        "title": title,
        "region_id": region_id,
        "region_name": name,
        "year": year,
        "as_of": today,
        "policy": policy.id,
        "rules_version": RULES_VERSION,
        "pii_masked": not unmasked,
        "entries": entries,
    }
