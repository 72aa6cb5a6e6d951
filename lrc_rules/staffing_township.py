"""Township staffing in Minhang (闵人社发〔2023〕55号 二(一)3) and Pujin (浦锦街道 2024 四(一)1(3)).

A township's (街镇, 莘庄工业区) count is approved by the district (核定), is as a rule not below its
existing labor-inspection assistants plus mediators, and includes at least 1–2 qualified staff;
浦锦 sets its own headcount of 15 and full qualification coverage within two years.
"""

from __future__ import annotations

import datetime as dt

from lrc_rules.errors import RuleInputError
from lrc_rules.policies import Policy
from lrc_rules.staffing_units import Minimum, S, StaffingUnit, need, value
from lrc_rules.trace import Citation


def township_minimums(
    unit: StaffingUnit,
    where: str,
    as_of: dt.date | None,
    policy: Policy,
    notes: list[str],
    missing: list[str] | None,
) -> tuple[list[Minimum], int, int | None, Citation]:
    """闵人社发〔2023〕55号 二(一)3: 拟定辖区内区劳动关系协调员数量，原则上不低于现有从事劳动保障监察协管工作和
    调解工作人员之和，并至少配备1-2名有劳动关系协调资质的工作人员。区人力资源社会保障局负责核定街镇
    （莘庄工业区）人员数。

    Returns the minimums, the qualified staff required, the number recommended, and the citation
    of the rule that sets the qualified requirement: 55号's 1-2名 floor, or — once a pack's full
    coverage target (浦锦: 2年内实现人员劳动关系协调资质全覆盖) is due and asks for more — that target.
    """
    t = f"{S}.township"
    minimums: list[Minimum] = []
    if value(policy, f"{t}.not_below_existing_staff", as_of, bool):
        absent = [
            name
            for name in ("existing_inspection_assistants", "existing_mediators")
            if getattr(unit, name) is None
        ]
        for name in absent:
            need(missing, f"{where}.{name}", "needed for the floor of existing staff")
        if not absent:
            floor = (unit.existing_inspection_assistants or 0) + (unit.existing_mediators or 0)
            minimums.append(
                Minimum(
                    "township_floor",
                    floor,
                    policy.cite(f"{t}.not_below_existing_staff"),
                    f"not below existing inspection assistants + mediators = {floor}",
                )
            )
    if policy.has(f"{t}.approved_headcount_binding") and value(
        policy, f"{t}.approved_headcount_binding", as_of, bool
    ):
        if unit.approved_headcount is None:
            note = "the headcount the district approves (核定人数) is not given, so not checked"
            notes.append(note)
            if missing is not None:
                missing.append(f"approved_headcount: {note}")
        else:
            n = unit.approved_headcount
            minimums.append(
                Minimum(
                    "approved_headcount",
                    n,
                    policy.cite(f"{t}.approved_headcount_binding"),
                    f"headcount approved by the district (核定人数) {n}",
                )
            )
    if unit.qualified is None:
        need(missing, f"{where}.qualified", "needed: the pack sets a minimum of qualified staff")
    q_min = value(policy, f"{t}.qualified_minimum", as_of, int)
    minimums.append(
        Minimum(
            "qualified_minimum",
            q_min,
            policy.cite(f"{t}.qualified_minimum"),
            f"at least {q_min} qualified, so at least {q_min} in all",
        )
    )
    q_rec = (
        value(policy, f"{t}.qualified_recommended", as_of, int)
        if policy.has(f"{t}.qualified_recommended")
        else None
    )
    if policy.has(f"{t}.headcount"):
        n = value(policy, f"{t}.headcount", as_of, int)
        parts = [
            f"{value(policy, f'{t}.{k}', as_of, int)} {label}"
            for k, label in (
                ("headcount_social_workers", "social workers"),
                ("headcount_assistants", "assistants"),
            )
            if policy.has(f"{t}.{k}")
        ]
        detail = f" ({' + '.join(parts)})" if parts else ""
        minimums.append(
            Minimum("headcount", n, policy.cite(f"{t}.headcount"), f"set headcount {n}{detail}")
        )
    q_required = q_min
    q_cite = policy.cite(f"{t}.qualified_minimum")
    if policy.has(f"{t}.qualified_full_coverage_by"):
        if as_of is None:
            raise RuleInputError(
                "as_of", f"needed: pack {policy.id} has a dated qualification target"
            )
        due = value(policy, f"{t}.qualified_full_coverage_by", as_of, dt.date)
        if as_of >= due:
            q_required = max(q_min, unit.coordinators)
            if q_required > q_min:
                q_cite = policy.cite(f"{t}.qualified_full_coverage_by")
            notes.append(f"every coordinator must be qualified from {due.isoformat()} (资质全覆盖)")
        else:
            notes.append(
                f"full qualification coverage due from {due.isoformat()}: "
                f"{unit.qualified} of {unit.coordinators} qualified so far"
            )
    if q_rec is not None and unit.qualified is not None and unit.qualified < q_rec:
        notes.append(f"{q_rec} qualified staff recommended (1-2名), {unit.qualified} present")
    return minimums, q_required, q_rec, q_cite
