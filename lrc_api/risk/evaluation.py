"""When the early warning opens, escalates and ends alerts — and when it runs.

**When.** An enterprise is re-assessed (on today, China time) in the very unit of work of every
write that touches its signals — a signal recorded, a case against it created, changed, moved
along or given a timeline entry, a risk report recorded or reviewed, the enterprise itself
changed — through a hook the unit of work runs before it commits
(:func:`lrc_api.core.unit_of_work.before_commit`), so an alert lands in the same commit as the
write that raised it. Risk also changes with nothing written: signals age, a case becomes
overdue, an episode's window runs out. ``lrc risk evaluate`` (run it daily, e.g. from cron, or
more often) re-assesses every enterprise for that.

**Episodes.** An enterprise reaching the pack's alert level (``early_warning.alert_level``,
orange) with no episode going on opens one alert (``open``). While the episode goes on no other
alert opens for it: the database refuses a second alert whose episode has not ended (a partial
unique index), and writers of one enterprise queue on its row, so concurrent writes open one. A
higher level later in the episode escalates the alert (it takes the level and is ``open`` again).
The episode ends when the enterprise has stayed below the alert level for a whole window: judged
on each day of the last ``window_days`` days from the dated signals (the overdue state of cases
as known on the day assessed), and at least a window after the alert opened or escalated. Then
``ended_on`` is set and an alert nobody resolved is ``closed``; the next time the enterprise
reaches the alert level a new alert opens.

Alerts are written by the principal ``system:early-warning``; each is audited and in the change
feed with the enterprise's region, so webhook subscribers (the district platform) receive it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from lrc_api.activities.models import Activity
from lrc_api.alerts import service as alerts
from lrc_api.alerts.models import RiskAlert
from lrc_api.cases.models import Case, CaseEvent
from lrc_api.core.journal import Change
from lrc_api.core.models import today
from lrc_api.core.policies import region_policy, resolve_policy
from lrc_api.core.principal import SCOPES, Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.unit_of_work import before_commit
from lrc_api.enterprises.models import Enterprise
from lrc_api.risk import sources
from lrc_api.risk.service import rank_region
from lrc_api.signals.models import RiskSignal
from lrc_rules.early_warning import Row, daily_levels, summarize
from lrc_rules.early_warning_parameters import LEVEL_RANK, resolve_warning_parameters
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Policy

log = logging.getLogger("lrc_api.risk")

EARLY_WARNING = Principal(
    subject="system:early-warning",
    kind="system",
    role="admin",
    region_id=None,
    scopes=frozenset(SCOPES),
)
"""The principal the early warning writes alerts as (the audit log names it)."""


@dataclass
class Outcome:
    """What an evaluation did: enterprises assessed, and the alerts opened, escalated, ended."""

    evaluated: int = 0
    opened: list[int] = field(default_factory=list)
    escalated: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        """Add another evaluation's counts to these."""
        self.evaluated += other.evaluated
        self.opened += other.opened
        self.escalated += other.escalated
        self.ended += other.ended


def _locked(session: Session, enterprise_id: int) -> Enterprise | None:
    # Writers of one enterprise queue here (PostgreSQL; SQLite serialises writers already), so
    # each sees the signals the ones before it committed.
    stmt = select(Enterprise).where(Enterprise.id == enterprise_id).with_for_update()
    return session.exec(stmt).first()


def evaluate(session: Session, enterprise_ids: Iterable[int], as_of: dt.date) -> Outcome:
    """Re-assess the enterprises on ``as_of`` and open, escalate or end their alerts (no commit).

    An alert follows its enterprise to another region; a deleted enterprise's episode ends. An
    enterprise whose pack has no early-warning rules on ``as_of`` is skipped.
    """
    out = Outcome()
    for enterprise_id in sorted(set(enterprise_ids)):
        enterprise = _locked(session, enterprise_id)
        if enterprise is None:
            continue
        alert = alerts.active(session, enterprise_id)
        if alert is not None and enterprise.deleted_at is not None:
            alerts.end_episode(session=session, principal=EARLY_WARNING, row=alert, on=as_of)
            out.ended.append(alert.id or 0)
            continue
        if enterprise.deleted_at is not None:
            continue
        if alert is not None and alert.region_id != enterprise.region_id:
            alerts.follow_enterprise(
                session=session, principal=EARLY_WARNING, row=alert, region_id=enterprise.region_id
            )
        policy = region_policy(session, enterprise.region_id)
        try:
            params = resolve_warning_parameters(policy, as_of)
        except (MissingParameterError, RuleInputError):
            log.warning("no early-warning rules", extra={"policy": policy.id})
            continue
        signals = sources.enterprise_signals(session, enterprise_id, params, as_of)
        rows = [(s.kind, s.observed_on, s.value, s.count) for s in signals]
        summary = summarize(rows, policy, as_of)
        out.evaluated += 1
        threshold = LEVEL_RANK[params.alert_level]
        if LEVEL_RANK[summary.level] >= threshold:
            if alert is None:
                alert, opened = alerts.open_alert(
                    session=session,
                    principal=EARLY_WARNING,
                    enterprise=enterprise,
                    policy=policy.id,
                    level=summary.level,
                    score=summary.score,
                    on=as_of,
                )
                if opened:
                    out.opened.append(alert.id or 0)
                    continue
            if LEVEL_RANK[summary.level] > LEVEL_RANK[alert.level]:
                alerts.escalate(
                    session=session,
                    principal=EARLY_WARNING,
                    row=alert,
                    level=summary.level,
                    on=as_of,
                )
                out.escalated.append(alert.id or 0)
        elif alert is not None and _below_for_a_window(alert, rows, policy, threshold, as_of):
            alerts.end_episode(session=session, principal=EARLY_WARNING, row=alert, on=as_of)
            out.ended.append(alert.id or 0)
    return out


def _below_for_a_window(
    alert: RiskAlert, rows: list[Row], policy: Policy, threshold: int, as_of: dt.date
) -> bool:
    """Whether the enterprise stayed below the alert level on each of the last window's days,
    at least a window after the alert's last rise (opened or escalated)."""
    window = resolve_warning_parameters(policy, as_of).window_days
    last_high = max(alert.opened_on, alert.escalated_on or alert.opened_on)
    if (as_of - last_high).days < window:
        return False
    first = as_of - dt.timedelta(days=window - 1)
    return all(LEVEL_RANK[lv] < threshold for _, lv in daily_levels(rows, policy, first, as_of))


def touched_enterprises(session: Session, changes: Sequence[Change | dict[str, Any]]) -> set[int]:
    """The enterprises whose signals the staged changes may have changed (one query per kind of
    record touched, however many: a bulk import stages thousands of plain rows)."""
    ids: dict[str, set[int]] = {}
    for ch in changes:
        entity, entity_id = (
            (ch["entity"], ch["entity_id"]) if isinstance(ch, dict) else (ch.entity, ch.entity_id)
        )
        ids.setdefault(entity, set()).add(int(entity_id))
    out: set[int | None] = set(ids.get("enterprise", set()))
    if ids.get("signal"):
        stmt = select(RiskSignal.enterprise_id).where(col(RiskSignal.id).in_(ids["signal"]))
        out.update(session.exec(stmt))
    case_ids = set(ids.get("case", set()))
    if ids.get("case_event"):
        stmt_events = select(CaseEvent.case_id).where(col(CaseEvent.id).in_(ids["case_event"]))
        case_ids.update(session.exec(stmt_events))
    if case_ids:
        out.update(session.exec(select(Case.enterprise_id).where(col(Case.id).in_(case_ids))))
    if ids.get("activity"):
        stmt_acts = select(Activity.enterprise_id).where(
            col(Activity.id).in_(ids["activity"]), Activity.kind == "risk_report"
        )
        out.update(session.exec(stmt_acts))
    return {e for e in out if e is not None}


def _reassess_touched(session: Session, changes: Sequence[Change | dict[str, Any]]) -> None:
    ids = touched_enterprises(session, changes)
    if ids:
        evaluate(session, ids, today())


def install() -> None:
    """Re-assess touched enterprises in every unit of work before it commits (idempotent)."""
    before_commit(_reassess_touched)


def pass_candidates(session: Session, region: Region, as_of: dt.date) -> list[int]:
    """The enterprises of a region's subtree a periodic pass must re-assess: those at or above
    their pack's alert level on ``as_of`` (found with the region's ranking, one grouped query
    per source) and those with an episode going on; ids ascending."""
    ranked, _ = rank_region(session, region, as_of)
    wanted = {
        r.enterprise_id
        for r in ranked
        if LEVEL_RANK[r.level]
        >= LEVEL_RANK[resolve_warning_parameters(resolve_policy(r.policy), as_of).alert_level]
    }
    subtree = select(Region.id).where(col(Region.path).startswith(region.path))
    going_on = select(RiskAlert.enterprise_id).where(
        col(RiskAlert.ended_on).is_(None),
        col(RiskAlert.enterprise_id).in_(
            select(Enterprise.id).where(col(Enterprise.region_id).in_(subtree))
        ),
    )
    wanted.update(session.exec(going_on))
    return sorted(wanted)
