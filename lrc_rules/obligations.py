"""Service obligations (工作机制): the compliance calendar of a region over a period.

The pack says which obligations apply (``obligations.<name>``), each as a table: the activity that
fulfils it, whom each instance is owed for (``per``), the calendar window (``every``: month,
quarter, year), how many activities a window needs (``at_least``) and optionally a ``due_day``;
or, for 以干代训 placements, the least length (``min_days``) and whether the task force's overall
evaluation of the coordinator is required (``evaluation_required``). Built-in packs:

- ``zhejiang-2023`` 浙人社发〔2023〕18号 二(三) 岗位责任制: "每月至少与辖区内企业劳动关系协调员联络一次，每季度定期
  实地指导服务一次"; the county bureau "每年至少对企业劳动关系协调员工作进行一次指导服务".
- ``minhang-2023`` 闵人社发〔2023〕55号 二(三)5: "日常业务指导培训（每季度至少1次）".
- ``wenshang-2024`` 汶政字〔2024〕59号 三(四) "不少于2个周的‘以干代训’…并对‘以干代训’期间协调员表现
  作出综合评价", 三(六) "于每月20日前报".

Every calendar window that overlaps the period is listed (activities anywhere in the window
count), from the first window that starts on or after the day the obligation is in force.
Status: ``done`` (enough activities by the due date), ``late`` (enough, but after it),
``missed`` (the due date has passed without enough) or ``open`` (not yet due).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from lrc_rules import RULES_VERSION
from lrc_rules.errors import MissingParameterError, RuleInputError
from lrc_rules.policies import Parameter, Policy
from lrc_rules.trace import Citation, Step, TraceBuilder

ACTIVITY_KINDS: Final = (
    "contact",
    "onsite_visit",
    "county_guidance",
    "training",
    "monthly_report",
    "placement",
)
"""Activities that fulfil obligations: 联络, 实地指导服务, 县局指导服务, 业务指导培训, 月报 (先进典型), 以干代训."""

PER: Final = ("enterprise_coordinator", "enterprise", "task_force", "region", "placement")
"""Whom an obligation instance is owed for; ``placement``: each placement on its own."""

WINDOWS: Final[Mapping[str, int]] = {"month": 1, "quarter": 3, "year": 12}
"""Calendar windows and their length in months."""

STATUSES: Final = ("done", "late", "missed", "open")
"""Status of an obligation instance against ``as_of``."""

_O = "obligations"


@dataclass(frozen=True, slots=True)
class EnterpriseCoordinator:
    """An enterprise coordinator (企业劳动关系协调员) of the region and the enterprise they serve."""

    id: str
    enterprise_id: str


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """Something done on a day: by whom, for whom (``target_id``), and for placements how long.

    ``evaluated`` says for a placement whether its overall evaluation (综合评价) was made: True,
    False, or None when not stated (then a pack that requires it leaves the placement open).
    """

    kind: str
    on: dt.date
    coordinator_id: str
    target_id: str | None = None
    days: int | None = None
    evaluated: bool | None = None


@dataclass(frozen=True, slots=True)
class ObligationsInput:
    """A region over [period_start, period_end]: whom obligations are owed for, and what was done.

    ``target_id`` of an activity names an enterprise coordinator (contact, county guidance), an
    enterprise (on-site visit) or a task force 专班 (monthly report); trainings need none.
    """

    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    enterprise_coordinators: tuple[EnterpriseCoordinator, ...] = ()
    task_forces: tuple[str, ...] = ()
    activities: tuple[ActivityRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Obligation:
    """One obligation instance: owed for whom, in which window, due when, and its status."""

    obligation: str
    activity: str
    target_id: str | None
    window_start: dt.date
    window_end: dt.date
    due_on: dt.date
    status: str
    required: int
    count: int
    fulfilled_by: int | None
    fulfilled_on: dt.date | None
    citation: Citation
    detail: str


@dataclass(frozen=True, slots=True)
class ObligationsResult:
    """Every obligation instance of the period, and how many are done, late, missed and open."""

    obligations: tuple[Obligation, ...]
    done: int
    late: int
    missed: int
    open: int
    policy: str
    rules_version: str
    trace: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class _Spec:
    activity: str
    per: str
    every: str  # "" for placements, which have no window
    at_least: int
    due_day: int | None
    min_days: int | None
    evaluation_required: bool = False


def calendar(inp: ObligationsInput, policy: Policy) -> ObligationsResult:
    """Each obligation instance the pack sets for the region over the period, with its status."""
    params = policy.under(_O)
    if not params:
        raise MissingParameterError(policy.id, _O, "not defined (the pack sets no obligations)")
    _validate(inp)
    index = _Index(inp.activities)
    trace = TraceBuilder()
    out: list[Obligation] = []
    for name, param in params.items():
        found = list(_instances(name, param, inp, index, policy))
        counts = {s: sum(1 for o in found if o.status == s) for s in STATUSES}
        trace.add(name, param.citation, {"value": param.current, "instances": len(found)}, counts)
        out.extend(found)
    totals = {s: sum(1 for o in out if o.status == s) for s in STATUSES}
    return ObligationsResult(
        obligations=tuple(out),
        done=totals["done"],
        late=totals["late"],
        missed=totals["missed"],
        open=totals["open"],
        policy=policy.id,
        rules_version=RULES_VERSION,
        trace=trace.freeze(),
    )


def windows(every: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months, quarters or years that overlap [start, end], as (first, last) days."""
    months = WINDOWS[every]
    year, month = start.year, (start.month - 1) // months * months + 1
    out = []
    while (first := dt.date(year, month, 1)) <= end:
        year, month = year + (month - 1 + months) // 12, (month - 1 + months) % 12 + 1
        out.append((first, dt.date(year, month, 1) - dt.timedelta(days=1)))
    return out


# --- validation ---------------------------------------------------------------------------------


def _validate(inp: ObligationsInput) -> None:
    if inp.period_end < inp.period_start:
        raise RuleInputError("period_end", "is before period_start")
    seen: set[str] = set()
    for i, ec in enumerate(inp.enterprise_coordinators):
        if not ec.id:
            raise RuleInputError(f"enterprise_coordinators[{i}].id", "must not be empty")
        if ec.id in seen:
            raise RuleInputError(f"enterprise_coordinators[{i}].id", f"duplicate id {ec.id!r}")
        seen.add(ec.id)
    if len(set(inp.task_forces)) != len(inp.task_forces):
        dup = next(i for i, t in enumerate(inp.task_forces) if t in inp.task_forces[:i])
        raise RuleInputError(f"task_forces[{dup}]", "duplicate task force id")
    for i, act in enumerate(inp.activities):
        where = f"activities[{i}]"
        if act.kind not in ACTIVITY_KINDS:
            raise RuleInputError(
                f"{where}.kind", f"unknown kind; one of {', '.join(ACTIVITY_KINDS)}"
            )
        if act.on > inp.as_of:
            raise RuleInputError(f"{where}.on", "is after as_of: only activities done count")
        if act.kind == "placement" and act.days is None:
            raise RuleInputError(f"{where}.days", "a placement needs its length in days")
        if act.days is not None and act.days < 1:
            raise RuleInputError(f"{where}.days", "must be at least 1")


# --- activities, indexed once -------------------------------------------------------------------


class _Index:
    """Activities by kind and by (kind, target), each list sorted by date."""

    def __init__(self, activities: tuple[ActivityRecord, ...]) -> None:
        self.activities = activities
        self.by_kind: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
        self.by_target: dict[tuple[str, str], list[tuple[dt.date, int]]] = defaultdict(list)
        for i, act in enumerate(activities):
            self.by_kind[act.kind].append((act.on, i))
            if act.target_id is not None:
                self.by_target[(act.kind, act.target_id)].append((act.on, i))
        for lst in (*self.by_kind.values(), *self.by_target.values()):
            lst.sort()

    def require_targets(self, kind: str) -> None:
        """Activities of ``kind`` must name their target when the obligation is per target."""
        for _, i in self.by_kind.get(kind, ()):
            if self.activities[i].target_id is None:
                raise RuleInputError(f"activities[{i}].target_id", f"a {kind} must name its target")

    def between(
        self, kind: str, target: str | None, first: dt.date, last: dt.date
    ) -> list[tuple[dt.date, int]]:
        """Activities of ``kind`` (for ``target`` unless None) dated within [first, last]."""
        lst = (
            self.by_kind.get(kind, []) if target is None else self.by_target.get((kind, target), [])
        )
        lo = bisect.bisect_left(lst, (first, -1))
        hi = bisect.bisect_right(lst, (last, len(self.activities)))
        return lst[lo:hi]


# --- instances ----------------------------------------------------------------------------------


def _instances(
    name: str, param: Parameter, inp: ObligationsInput, index: _Index, policy: Policy
) -> Iterator[Obligation]:
    spec = _spec(policy, param, param.current)
    if spec.per == "placement":
        yield from _placements(name, param, inp, index, policy)
        return
    if spec.per != "region":
        index.require_targets(spec.activity)
    targets = _targets(spec.per, inp)
    for first, last in windows(spec.every, inp.period_start, inp.period_end):
        try:
            raw = param.at(first)
        except LookupError:
            continue  # the window starts before the obligation is in force
        spec = _spec(policy, param, raw)
        due = last
        if spec.due_day is not None:
            due = first + dt.timedelta(days=spec.due_day - 1)
        for target in targets:
            yield _periodic(name, param.citation, spec, target, first, last, due, inp, index)


def _periodic(
    name: str,
    citation: Citation,
    spec: _Spec,
    target: str | None,
    first: dt.date,
    last: dt.date,
    due: dt.date,
    inp: ObligationsInput,
    index: _Index,
) -> Obligation:
    found = index.between(spec.activity, target, first, last)
    need = spec.at_least
    in_time = [a for a in found if a[0] <= due]
    fulfilled: tuple[dt.date, int] | None = None
    if len(in_time) >= need:
        status, fulfilled = "done", in_time[need - 1]
    elif len(found) >= need:
        status, fulfilled = "late", found[need - 1]
    elif inp.as_of > due:
        status = "missed"
    else:
        status = "open"
    span = f"{first.isoformat()}…{last.isoformat()}"
    if fulfilled is not None:
        detail = f"{len(found)} {spec.activity} in {span}; fulfilled on {fulfilled[0].isoformat()}"
        if status == "late":
            detail += f", after the due day {due.isoformat()}"
    else:
        detail = f"{len(found)} of {need} {spec.activity} in {span}, due {due.isoformat()}"
    return Obligation(
        obligation=name,
        activity=spec.activity,
        target_id=target,
        window_start=first,
        window_end=last,
        due_on=due,
        status=status,
        required=need,
        count=len(found),
        fulfilled_by=fulfilled[1] if fulfilled else None,
        fulfilled_on=fulfilled[0] if fulfilled else None,
        citation=citation,
        detail=detail,
    )


def _placements(
    name: str, param: Parameter, inp: ObligationsInput, index: _Index, policy: Policy
) -> Iterator[Obligation]:
    """三(四) 组织企业一线劳动关系协调员…参加不少于2个周的“以干代训”提升活动，并对“以干代训”期间协调员
    表现作出综合评价: each placement's own length, and its evaluation where the pack requires it."""
    for start, i in index.between("placement", None, inp.period_start, inp.period_end):
        try:
            raw = param.at(start)
        except LookupError:
            continue
        spec = _spec(policy, param, raw)
        need = spec.min_days or 0
        act = inp.activities[i]
        days = act.days or 0
        end = start + dt.timedelta(days=days - 1)
        if days < need:
            status, detail = "missed", f"{days} days, shorter than {need}"
        elif end > inp.as_of:
            status, detail = "open", f"{days} days planned, runs to {end.isoformat()}"
        elif spec.evaluation_required and act.evaluated is False:
            status = "missed"
            detail = (
                f"{days} days, at least {need}; ended without the overall evaluation (综合评价)"
            )
        elif spec.evaluation_required and act.evaluated is None:
            status = "open"
            detail = f"{days} days, at least {need}; waiting for the overall evaluation (综合评价)"
        else:
            status, detail = "done", f"{days} days, at least {need}"
            if spec.evaluation_required:
                detail += ", evaluated (综合评价)"
        yield Obligation(
            obligation=name,
            activity="placement",
            target_id=act.coordinator_id,
            window_start=start,
            window_end=end,
            due_on=start + dt.timedelta(days=need - 1),
            status=status,
            required=need,
            count=days,
            fulfilled_by=i if status == "done" else None,
            fulfilled_on=end if status == "done" else None,
            citation=param.citation,
            detail=detail,
        )


def _targets(per: str, inp: ObligationsInput) -> list[str | None]:
    if per == "enterprise_coordinator":
        return [ec.id for ec in inp.enterprise_coordinators]
    if per == "enterprise":
        return list(dict.fromkeys(ec.enterprise_id for ec in inp.enterprise_coordinators))
    if per == "task_force":
        return list(inp.task_forces)
    return [None]


def _spec(policy: Policy, param: Parameter, raw: Any) -> _Spec:
    """The obligation table, checked; a malformed one names the pack parameter."""

    def bad(why: str) -> MissingParameterError:
        return MissingParameterError(policy.id, param.path, f"is malformed: {why}")

    if not isinstance(raw, dict):
        raise bad("must be a table")
    allowed = {"activity", "per", "every", "at_least", "due_day", "min_days", "evaluation_required"}
    if set(raw) - allowed:
        raise bad(f"unknown keys {sorted(set(raw) - allowed)}")
    activity, per = raw.get("activity"), raw.get("per")
    if activity not in ACTIVITY_KINDS:
        raise bad(f"activity must be one of {', '.join(ACTIVITY_KINDS)}")
    if per not in PER:
        raise bad(f"per must be one of {', '.join(PER)}")
    if per == "placement":
        min_days, evaluated = raw.get("min_days"), raw.get("evaluation_required", False)
        if not _positive(min_days):
            raise bad("a placement obligation needs min_days ≥ 1")
        if not isinstance(evaluated, bool):
            raise bad("evaluation_required is true or false")
        return _Spec(activity, per, "", 1, None, min_days, evaluated)
    if "evaluation_required" in raw:
        raise bad("evaluation_required belongs to placement obligations only")
    every, at_least, due_day = raw.get("every"), raw.get("at_least", 1), raw.get("due_day")
    if every not in WINDOWS:
        raise bad(f"every must be one of {', '.join(WINDOWS)}")
    if not _positive(at_least):
        raise bad("at_least must be a whole number ≥ 1")
    if due_day is not None and not (_positive(due_day) and due_day <= 28 and every == "month"):
        raise bad("due_day is a day 1–28 of a monthly obligation")
    return _Spec(activity, per, str(every), at_least, due_day, None)


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
