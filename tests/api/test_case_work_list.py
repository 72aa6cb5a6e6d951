"""The morning work list as a query: each open case's stored next due date, kept by every write
and by `lrc cases recompute-deadlines`; overdue, due_before and sort=due_on as indexed filters
with full pages. And how a case concludes (结案方式) as part of the status machine.

Deadlines by hand on China's 2025 calendar (劳动争议调解仲裁法 第二十九条、第三十条、第四十三条;
办案规则 第四十六条): an arbitration received Monday 2025-03-03 is to be accepted within 5 working
days (03-10); accepted 03-05, the respondent is served within 5 working days (03-12) and the
award is due 45 days later, 04-19 (Saturday) → Monday 04-21; served 03-10, the defence is due in
10 working days (03-24).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from lrc_api.cases import workflow
from lrc_api.cases.due import due_state
from lrc_api.cases.models import Case, CaseEvent
from lrc_api.cli import main as lrc
from lrc_api.core.calendar import get_calendar
from lrc_api.core.db import get_engine
from lrc_rules.policies import get_policy
from tests.api.casework import concluded, move, new_case, region

Headers = Callable[..., dict[str, str]]
UTC_TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture
def admin(auth_headers: Headers) -> dict[str, str]:
    return auth_headers("admin")


def get(client: TestClient, headers: dict[str, str], case: dict[str, Any]) -> dict[str, Any]:
    r = client.get(f"/v1/cases/{case['id']}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def due(case: dict[str, Any]) -> tuple[Any, Any, Any]:
    return case["next_due_on"], case["next_due_key"], case["main_due_on"]


def test_next_and_main_due_follow_every_write_43_46(
    client: TestClient, admin: dict[str, str]
) -> None:
    """Stored in the write's own transaction: receipt, acceptance, service, suspension (the award
    clock stops: no main due date), resumption, a corrected acceptance day, the award."""
    town = region(client, admin, kind="township")
    case = new_case(client, admin, town["id"], "arbitration", "2025-03-03")
    assert due(case) == ("2025-03-10", "acceptance_decision", None)
    case = move(client, admin, case, "accepted", "2025-03-05")
    assert due(case) == ("2025-03-12", "serve_respondent", "2025-04-21")
    r = client.post(
        f"/v1/cases/{case['id']}/events",
        json={"kind": "respondent_served", "on": "2025-03-10"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    case = get(client, admin, case)
    assert due(case) == ("2025-03-24", "defence_due", "2025-04-21")
    case = move(client, admin, case, "in_progress", "2025-03-11")
    case = move(client, admin, case, "suspended", "2025-03-25")
    assert due(case) == ("2025-03-24", "defence_due", None)  # award clock stopped
    case = move(client, admin, case, "in_progress", "2025-04-04")
    # 10 days excluded: 2025-03-05 + 55 = 04-29 (a working day).
    assert due(case) == ("2025-03-24", "defence_due", "2025-04-29")
    r = client.patch(
        f"/v1/cases/{case['id']}",
        json={"accepted_on": "2025-03-06"},
        headers={**admin, "If-Match": f'"{case["version"]}"'},
    )
    assert r.status_code == 200, r.text
    assert r.json()["main_due_on"] == "2025-04-30"
    case = move(client, admin, r.json(), "awarded", "2025-04-28")
    assert due(case) == (None, None, None)
    assert (case["conclusion"], case["concluded_on"], case["timeliness"]) == (
        "award",
        "2025-04-28",
        "on_time",
    )
    case = move(client, admin, case, "closed", "2025-05-06")
    assert (case["conclusion"], case["timeliness"], case["closed_on"]) == (
        "award",
        "on_time",
        "2025-05-06",
    )


def flat(pages: list[list[int]]) -> list[int]:
    return [i for page in pages for i in page]


def ids(client: TestClient, headers: dict[str, str], **params: Any) -> list[list[int]]:
    """Every page of GET /v1/cases with ``params``: the ids of each page."""
    pages, cursor = [], None
    while True:
        r = client.get(
            "/v1/cases",
            params={**params, **({"cursor": cursor} if cursor else {})},
            headers=headers,
        )
        assert r.status_code == 200, r.text
        pages.append([c["id"] for c in r.json()["items"]])
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return pages


@pytest.fixture(scope="module")
def work(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    """A township with 7 overdue open cases interleaved with 3 not yet due, 2 concluded and a
    hotline order its pack cannot time (wenshang-2024 sets no local closure limit)."""
    admin = auth_headers("admin")
    town = region(client, admin, kind="township", policy="wenshang-2024")
    late, fresh = [], []
    for i in range(7):
        late.append(new_case(client, admin, town["id"], "mediation", f"2025-0{i + 1}-10"))
        if i % 2 == 0:
            fresh.append(new_case(client, admin, town["id"], "mediation", UTC_TODAY.isoformat()))
    done = [
        concluded(
            client,
            admin,
            town["id"],
            "mediation",
            "2025-01-02",
            "mediated",
            "2025-01-30",
            "no_agreement",
        ),
        concluded(
            client, admin, town["id"], "arbitration", "2025-01-02", "withdrawn", "2025-01-03"
        ),
    ]
    hotline = new_case(client, admin, town["id"], "hotline", "2025-01-02")
    return {
        "town": town,
        "late": late,
        "fresh": fresh,
        "done": done,
        "hotline": hotline,
        "admin": admin,
    }


def test_overdue_list_has_full_pages(client: TestClient, work: dict[str, Any]) -> None:
    """overdue=true: pages of exactly `limit` until the last, never short with a cursor."""
    pages = ids(client, work["admin"], region_id=work["town"]["id"], overdue=True, limit=3)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert flat(pages) == [c["id"] for c in work["late"]]
    others = flat(ids(client, work["admin"], region_id=work["town"]["id"], overdue=False, limit=4))
    assert set(others) == {c["id"] for c in [*work["fresh"], *work["done"], work["hotline"]]}
    assert work["hotline"]["next_due_on"] is None  # the pack cannot time it: never overdue


def test_sort_by_due_on_earliest_first_with_keyset_pages(
    client: TestClient, work: dict[str, Any]
) -> None:
    """sort=due_on lists the cases that have a next due date, earliest first (ties by id);
    -due_on the latest first; due_before=D keeps those due before D."""
    rid = work["town"]["id"]
    order = flat(ids(client, work["admin"], region_id=rid, sort="due_on", limit=2))
    expected = sorted([*work["late"], *work["fresh"]], key=lambda c: (c["next_due_on"], c["id"]))
    assert order == [c["id"] for c in expected]
    backwards = flat(ids(client, work["admin"], region_id=rid, sort="-due_on", limit=4))
    assert backwards == order[::-1]
    before = flat(ids(client, work["admin"], region_id=rid, due_before="2025-03-01", sort="due_on"))
    assert before == [c["id"] for c in work["late"][:2]]  # due 01-26 and 02-25
    # 2025-01-10 + 15 = Saturday 01-25 → Sunday 01-26, a 调休 working day (民法典 第二百零三条).
    assert (
        work["late"][0]["next_due_on"] == "2025-01-26"
        and work["late"][0]["next_due_key"] == "mediation_end"
    )


def test_overdue_and_due_on_read_their_index(client: TestClient, work: dict[str, Any]) -> None:
    """The filters are SQL on the indexed column: the plan of the work list's query names the
    index (on PostgreSQL with sequential scans priced out, as a big table would make them)."""
    engine = get_engine()
    query = 'SELECT id FROM "case" WHERE next_due_on < :d ORDER BY next_due_on, id LIMIT 51'
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            plan = conn.execute(text(f"EXPLAIN QUERY PLAN {query}"), {"d": UTC_TODAY}).all()
        else:
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = conn.execute(text(f"EXPLAIN {query}"), {"d": UTC_TODAY}).all()
    assert any("ix_case_next_due_on_id" in str(row) for row in plan), plan


def test_recompute_deadlines_after_a_pack_change(
    client: TestClient, work: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Bound to minhang-2023 (local limits: a complaint 5 working days), the hotline order received
    2025-01-02 falls due 2025-01-09; the stored date changes when `lrc cases recompute-deadlines`
    runs for the region, not before; a damaged stored date is repaired too."""
    town, admin = work["town"], work["admin"]
    version = client.get(f"/v1/regions/{town['id']}", headers=admin).json()["version"]
    r = client.patch(
        f"/v1/regions/{town['id']}",
        json={"policy": "minhang-2023"},
        headers={**admin, "If-Match": f'"{version}"'},
    )
    assert r.status_code == 200, r.text
    assert get(client, admin, work["hotline"])["next_due_on"] is None
    with get_engine().begin() as conn:
        conn.execute(
            text('UPDATE "case" SET next_due_on = NULL WHERE id = :i'), {"i": work["late"][0]["id"]}
        )
    assert lrc(["cases", "recompute-deadlines", "--region", str(town["id"])]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cases_changed"] == 2 and out["cases_read"] == 7 + 4 + 1  # the open cases only
    hotline = get(client, admin, work["hotline"])
    assert (hotline["next_due_on"], hotline["next_due_key"]) == ("2025-01-09", "closure")
    assert get(client, admin, work["late"][0])["next_due_on"] == "2025-01-26"
    assert (
        lrc(["cases", "recompute-deadlines", "--region", str(town["id"]), "--include-concluded"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["cases_changed"] == 0
    assert lrc(["cases", "recompute-deadlines", "--region", "999999999"]) == 1
    # As an operator runs it: a fresh process that has loaded nothing else, writing a repair.
    with get_engine().begin() as conn:
        conn.execute(
            text('UPDATE "case" SET next_due_on = NULL WHERE id = :i'), {"i": work["late"][1]["id"]}
        )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lrc_api.cli",
            "cases",
            "recompute-deadlines",
            "--region",
            str(town["id"]),
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1])["cases_changed"] == 1
    assert get(client, admin, work["late"][1])["next_due_on"] == "2025-02-25"


# --- conclusions in the status machine ------------------------------------------------------------


def test_mediation_must_say_whether_an_agreement_was_reached_14(
    client: TestClient, admin: dict[str, str]
) -> None:
    """调解仲裁法 第十四条: a mediation ends with or without an agreement — the client says which;
    a mediation body makes no award (409, not among the allowed moves)."""
    town = region(client, admin, kind="township")
    case = new_case(client, admin, town["id"], "mediation", "2025-03-03")
    case = move(
        client,
        admin,
        move(client, admin, case, "accepted", "2025-03-03"),
        "in_progress",
        "2025-03-04",
    )
    assert case["allowed_transitions"] == ["suspended", "mediated", "withdrawn", "transferred"]
    url, etag = f"/v1/cases/{case['id']}/transition", {"If-Match": f'"{case["version"]}"'}
    r = client.post(url, json={"to": "mediated", "on": "2025-03-05"}, headers={**admin, **etag})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "conclusion"
    assert "agreement, no_agreement" in r.json()["errors"][0]["message"]
    r = client.post(
        url,
        json={"to": "mediated", "on": "2025-03-05", "conclusion": "award"},
        headers={**admin, **etag},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "conclusion"
    r = client.post(url, json={"to": "awarded", "on": "2025-03-05"}, headers={**admin, **etag})
    assert r.status_code == 409 and "awarded" not in r.json()["allowed"]
    r = client.post(
        url,
        json={"to": "suspended", "on": "2025-03-05", "conclusion": "agreement"},
        headers={**admin, **etag},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "conclusion"
    assert get(client, admin, case)["version"] == case["version"]  # nothing written
    done = move(client, admin, case, "mediated", "2025-03-05", "no_agreement")
    assert (done["conclusion"], done["timeliness"]) == ("no_agreement", "on_time")


def test_inspection_decisions_and_implied_conclusions_18(
    client: TestClient, admin: dict[str, str]
) -> None:
    """劳动保障监察条例 第十八条: an inspection ends in a decision the client names; a withdrawal or
    transfer implies its conclusion; an inspection is never "mediated"."""
    town = region(client, admin, kind="township")
    case = new_case(client, admin, town["id"], "inspection", "2025-03-03", filed_on="2025-03-05")
    case = move(
        client,
        admin,
        move(client, admin, case, "accepted", "2025-03-05"),
        "in_progress",
        "2025-03-05",
    )
    assert "mediated" not in case["allowed_transitions"]
    r = client.post(
        f"/v1/cases/{case['id']}/transition",
        json={"to": "awarded", "on": "2025-03-20"},
        headers={**admin, "If-Match": f'"{case["version"]}"'},
    )
    assert r.status_code == 422 and "case_dismissed" in r.json()["errors"][0]["message"]
    done = move(client, admin, case, "awarded", "2025-03-20", "case_dismissed")
    assert (done["conclusion"], done["timeliness"]) == ("case_dismissed", "on_time")
    gone = concluded(
        client, admin, town["id"], "wage_clue", "2025-03-03", "transferred", "2025-03-04"
    )
    assert gone["conclusion"] == "transferred" and gone["concluded_on"] == "2025-03-04"
    dropped = concluded(
        client, admin, town["id"], "arbitration", "2025-03-03", "withdrawn", "2025-03-04"
    )
    assert (
        dropped["conclusion"] == "withdrawn" and dropped["timeliness"] is None
    )  # award not started


# --- the stored date decides overdue exactly as the rules do --------------------------------------

_DAY = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 1))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    procedure=st.sampled_from(["mediation", "arbitration", "inspection"]),
    received=_DAY,
    accept_after=st.integers(0, 20) | st.none(),
    suspend=st.tuples(st.integers(0, 60), st.integers(0, 40) | st.none()) | st.none(),
    later=st.lists(st.integers(0, 400), min_size=1, max_size=6),
)
def test_stored_next_due_judges_overdue_like_the_rules_on_every_later_day(
    procedure: str,
    received: dt.date,
    accept_after: int | None,
    suspend: tuple[int, int | None] | None,
    later: list[int],
) -> None:
    """For any open case and any day after its last write, ``next_due_on < day`` exactly when the
    rules find a deadline overdue on that day (suspended clocks included, 第四十六条)."""
    policy, calendar = get_policy("national"), get_calendar()
    accepted = None if accept_after is None else received + dt.timedelta(days=accept_after)
    status = "received" if accepted is None else "in_progress"
    events: list[CaseEvent] = []
    written = accepted or received
    if suspend is not None and procedure == "arbitration" and accepted is not None:
        start = accepted + dt.timedelta(days=suspend[0])
        events.append(CaseEvent(case_id=1, seq=1, kind="suspension_start", on=start, actor="t"))
        status, written = "suspended", start
        if suspend[1] is not None:
            end = start + dt.timedelta(days=suspend[1])
            events.append(CaseEvent(case_id=1, seq=2, kind="suspension_end", on=end, actor="t"))
            status, written = "in_progress", end
    case = Case(
        id=1, region_id=1, number="P", source="walk_in", procedure=procedure, worker_count=1,
        received_on=received, accepted_on=accepted, filed_on=accepted if procedure == "inspection" else None,
        status=status, created_by="t",
    )  # fmt: skip
    state = due_state(case, events, policy, calendar, written)
    for offset in later:
        day = written + dt.timedelta(days=offset)
        result, _ = workflow.deadlines_of(case, events, policy, calendar, day)
        overdue = any(d.status == "overdue" for d in result.deadlines)
        assert (state.next_due_on is not None and state.next_due_on < day) == overdue, (day, state)
