"""Enterprise and region risk from stored data, and the alerts it opens, through HTTP.

Sources: cases against the enterprise (欠薪线索, 热线, 争议; 集体争议 from 10 workers, 办案规则
第五条), overdue cases, coordinators' risk reports (闵人社发〔2022〕34号 四(二)3: 规模性减薪、裁员), and
signals of other systems. An alert opens at orange (汶政字〔2024〕59号 附件1 7.4: 第一时间联系沟通).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from lrc_api.alerts.models import RiskAlert
from lrc_api.core.db import get_engine
from lrc_api.core.journal import AuditEntry, Change
from lrc_api.core.models import today
from lrc_api.core.pagination import issue_cursor
from lrc_api.core.unit_of_work import commit
from lrc_api.risk.evaluation import Outcome, evaluate
from lrc_api.signals.models import RiskSignal
from tests.factories import make_coordinator, make_enterprise, make_region, unique

Headers = Callable[..., dict[str, str]]
DAY = today()
"""The service's today (China): the early warning's, and the last day a case may be received."""
EVIDENCE = [{"name": "走访记录.pdf", "uri": "s3://lrc/visit.pdf", "sha256": "b" * 64}]


@pytest.fixture
def world(client: TestClient, auth_headers: Headers) -> dict[str, Any]:
    admin = auth_headers("admin")
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    return {
        "admin": admin,
        "county": county,
        "town": town,
        "enterprise": make_enterprise(client, admin, town["id"]),
        "clerk": auth_headers("region_admin", region_id=town["id"]),
    }


def ago(days: int, base: dt.date = DAY) -> str:
    return (base - dt.timedelta(days=days)).isoformat()


def post_signal(
    client: TestClient,
    headers: dict[str, str],
    enterprise_id: int,
    kind: str,
    days: int,
    **extra: Any,
) -> dict[str, Any]:
    r = client.post(
        f"/v1/enterprises/{enterprise_id}/signals",
        json={
            "source": "test",
            "source_id": unique("s"),
            "kind": kind,
            "observed_on": ago(days),
            **extra,
        },
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return r.json()


def case(
    client: TestClient, headers: dict[str, str], region_id: int, **extra: Any
) -> dict[str, Any]:
    body = {
        "region_id": region_id,
        "source": "walk_in",
        "procedure": "arbitration",
        "categories": ["pay_compensation"],
        "worker_count": 3,
        "received_on": ago(2),
        **extra,
    }
    r = client.post("/v1/cases", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def risk(client: TestClient, headers: dict[str, str], enterprise_id: int, **params: Any) -> Any:
    r = client.get(f"/v1/enterprises/{enterprise_id}/risk", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def alerts_of(client: TestClient, headers: dict[str, str], enterprise_id: int) -> list[Any]:
    r = client.get("/v1/alerts", params={"enterprise_id": enterprise_id}, headers=headers)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def run_evaluate(ids: list[int], as_of: dt.date) -> Outcome:
    """What ``lrc risk evaluate`` does for these enterprises on a day (the future included)."""
    with Session(get_engine().execution_options(lrc_write=True), expire_on_commit=False) as s:
        out = evaluate(s, ids, as_of)
        commit(s)
    return out


# --- sources ---------------------------------------------------------------------------------------


def test_cases_against_the_enterprise_become_signals_by_procedure(
    client: TestClient, world: dict[str, Any]
) -> None:
    """wage_clue → 欠薪线索 sized by workers; hotline → 热线投诉; arbitration → 争议, and from 10
    workers 集体劳动争议 (办案规则 第五条); a case of another enterprise does not count."""
    clerk, town, ent = world["clerk"], world["town"]["id"], world["enterprise"]["id"]
    clue = case(
        client,
        clerk,
        town,
        procedure="wage_clue",
        source="wage_clue_platform",
        matter="complaint",
        worker_count=12,
        enterprise_id=ent,
    )
    hot = case(
        client,
        clerk,
        town,
        procedure="hotline",
        source="hotline_12345",
        matter="complaint",
        enterprise_id=ent,
    )
    small = case(client, clerk, town, worker_count=3, enterprise_id=ent)
    big = case(client, clerk, town, worker_count=10, enterprise_id=ent)
    case(client, clerk, town, worker_count=40)  # no enterprise
    body = risk(client, clerk, ent)
    kinds = {s["ref"]: (s["kind"], s["magnitude"]) for s in body["signals"]}
    assert kinds == {
        f"case:{clue['id']}": ("wage_arrears_clue", 1.5),
        f"case:{hot['id']}": ("hotline_complaint", 1.0),
        f"case:{small['id']}": ("dispute", 1.5),
        f"case:{big['id']}": ("collective_dispute", 1.0),
    }
    assert body["level"] == "orange" and body["floor_kinds"] == ["collective_dispute"]
    assert body["enterprise_id"] == ent and body["policy"] == "wenshang-2024"


def test_a_collective_case_opens_one_alert_in_the_same_commit_banshi_guize_5(
    client: TestClient, world: dict[str, Any]
) -> None:
    clerk, town, ent = world["clerk"], world["town"]["id"], world["enterprise"]["id"]
    created = case(client, clerk, town, worker_count=12, enterprise_id=ent)
    (alert,) = alerts_of(client, clerk, ent)
    assert (alert["level"], alert["state"], alert["opened_on"], alert["region_id"]) == (
        "orange",
        "open",
        DAY.isoformat(),
        town,
    )
    assert risk(client, clerk, ent)["open_alert"]["id"] == alert["id"]
    with Session(get_engine()) as s:
        feed = s.exec(
            select(Change)
            .where(Change.entity.in_(("case", "alert")))  # type: ignore[attr-defined]
            .order_by(Change.seq)  # type: ignore[arg-type]
        ).all()
        mine = [
            c
            for c in feed
            if (c.entity, c.entity_id) in {("case", created["id"]), ("alert", alert["id"])}
        ]
        assert [(c.entity, c.op, c.region_id) for c in mine] == [
            ("case", "create", town),
            ("alert", "create", town),
        ]
        assert mine[0].seq < mine[1].seq and mine[0].at == mine[1].at  # one commit
        audit = s.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "alert", AuditEntry.entity_id == alert["id"]
            )
        ).one()
        assert audit.actor == "system:early-warning"
    case(client, clerk, town, worker_count=30, enterprise_id=ent)  # still orange: no second alert
    assert len(alerts_of(client, clerk, ent)) == 1


def test_an_open_case_past_due_counts_as_overdue_until_it_concludes(
    client: TestClient, world: dict[str, Any]
) -> None:
    """调解仲裁法 第十四条: mediation ends 15 days after receipt; 30 days on and still open, the
    case is overdue (逾期案件) on the day assessed; withdrawn, it no longer is."""
    clerk, town, ent = world["clerk"], world["town"]["id"], world["enterprise"]["id"]
    late = case(client, clerk, town, procedure="mediation", enterprise_id=ent, received_on=ago(30))
    body = risk(client, clerk, ent)
    overdue = [s for s in body["signals"] if s["kind"] == "overdue_case"]
    assert [(s["ref"], s["age_days"], s["window"]) for s in overdue] == [
        (f"case:{late['id']}", 0, "current")
    ]
    r = client.post(
        f"/v1/cases/{late['id']}/transition",
        json={"to": "withdrawn"},
        headers={**clerk, "If-Match": f'"{late["version"]}"'},
    )
    assert r.status_code == 200, r.text
    kinds = [s["kind"] for s in risk(client, clerk, ent)["signals"]]
    assert kinds == ["dispute"]


def test_risk_reports_need_what_they_say_and_count_until_rejected(
    client: TestClient, world: dict[str, Any], auth_headers: Headers
) -> None:
    """A coordinator's report of a layoff (裁员, 闵人社发〔2022〕34号 四(二)3) with evidence counts at
    once; a rejected one no longer does."""
    admin, town, ent = world["admin"], world["town"]["id"], world["enterprise"]["id"]
    coord = make_coordinator(client, admin, town)
    base = {
        "coordinator_id": coord["id"],
        "kind": "risk_report",
        "occurred_on": ago(1),
        "enterprise_id": ent,
        "risk_kind": "layoff",
        "workers_affected": 25,
        "evidence": EVIDENCE,
    }
    for missing in ("risk_kind", "enterprise_id", "evidence"):
        r = client.post(
            "/v1/activities", json={k: v for k, v in base.items() if k != missing}, headers=admin
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == missing, r.text
    r = client.post("/v1/activities", json={**base, "kind": "publicity"}, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "risk_kind"
    report = client.post("/v1/activities", json=base, headers=admin).json()
    assert (report["risk_kind"], report["workers_affected"]) == ("layoff", 25)
    (layoff,) = risk(client, admin, ent)["drivers"]
    assert (layoff["kind"], layoff["count"]) == ("layoff", 1)
    assert risk(client, admin, ent)["signals"][0]["ref"] == f"activity:{report['id']}"
    reviewer = auth_headers("assessor", region_id=town)
    r = client.post(
        f"/v1/activities/{report['id']}/review",
        json={"decision": "rejected", "reason": "核实无裁员"},
        headers={**reviewer, "If-Match": f'"{report["version"]}"'},
    )
    assert r.status_code == 200, r.text
    assert risk(client, admin, ent)["drivers"] == []


# --- region --------------------------------------------------------------------------------------


def test_region_risk_ranks_counts_and_pages_under_each_regions_pack(
    client: TestClient, world: dict[str, Any]
) -> None:
    admin, county = world["admin"], world["county"]["id"]
    other_town = make_region(client, admin, parent_id=county, kind="township")
    bound = client.get(f"/v1/regions/{other_town['id']}", headers=admin)
    r = client.patch(
        f"/v1/regions/{other_town['id']}",
        json={"policy": "minhang-2023"},
        headers={**admin, "If-Match": bound.headers["etag"]},
    )
    assert r.status_code == 200, r.text
    ents = {
        "red": world["enterprise"],
        "orange": make_enterprise(client, admin, other_town["id"]),
        "yellow": make_enterprise(client, admin, world["town"]["id"]),
        "green": make_enterprise(client, admin, other_town["id"]),
        "quiet": make_enterprise(client, admin, world["town"]["id"]),
    }
    post_signal(client, admin, ents["red"]["id"], "closure_relocation", 0, value=150)
    post_signal(client, admin, ents["red"]["id"], "wage_arrears_clue", 0, value=40)
    post_signal(client, admin, ents["orange"]["id"], "collective_dispute", 3, value=11)
    post_signal(client, admin, ents["yellow"]["id"], "wage_arrears_clue", 0, value=10)
    post_signal(client, admin, ents["green"]["id"], "hotline_complaint", 1)
    url = f"/v1/regions/{county}/risk"
    body = client.get(url, headers=admin).json()
    assert body["enterprises"] == 5 and body["policies"] == ["minhang-2023", "wenshang-2024"]
    assert body["levels"] == {"green": 2, "yellow": 1, "orange": 1, "red": 1}
    order = [i["enterprise_id"] for i in body["items"]]
    assert order[:3] == [ents["red"]["id"], ents["orange"]["id"], ents["yellow"]["id"]]
    for item in body["items"]:
        one = risk(client, admin, item["enterprise_id"])
        assert (item["score"], item["level"], item["policy"]) == (
            one["score"],
            one["level"],
            one["policy"],
        )
        assert item["dimension_levels"] == {d["dimension"]: d["level"] for d in one["dimensions"]}
    assert (
        body["items"][0]["open_alert_id"] is not None and body["items"][2]["open_alert_id"] is None
    )
    business = next(d for d in body["dimensions"] if d["dimension"] == "business")
    assert business["name"] == "经营状况" and business["levels"]["red"] == 1  # closure 45 ≥ 40
    assert all(sum(d["levels"].values()) == 5 for d in body["dimensions"])
    page = client.get(url, params={"limit": 2}, headers=admin).json()
    rest = client.get(url, params={"limit": 2, "cursor": page["next_cursor"]}, headers=admin).json()
    last = client.get(url, params={"limit": 2, "cursor": rest["next_cursor"]}, headers=admin).json()
    paged = [i["enterprise_id"] for p in (page, rest, last) for i in p["items"]]
    assert paged == order and last["next_cursor"] is None
    only = client.get(url, params={"level": "green"}, headers=admin).json()
    assert {i["enterprise_id"] for i in only["items"]} == {ents["green"]["id"], ents["quiet"]["id"]}
    assert only["levels"] == body["levels"]  # counts are over all enterprises
    town_view = client.get(f"/v1/regions/{other_town['id']}/risk", headers=admin).json()
    assert town_view["enterprises"] == 2 and town_view["policies"] == ["minhang-2023"]
    # The shared cursor (core.pagination): one that does not decode, is another list's, or
    # names no level rank is 400 naming `cursor`, as on every list.
    other_list = client.get("/v1/alerts", params={"limit": 1}, headers=admin).json()
    assert other_list["next_cursor"]
    for forged in (
        "nonsense",
        other_list["next_cursor"],
        issue_cursor("region_risk", "rank", [9, 1.0], ents["red"]["id"]),
        issue_cursor("region_risk", "rank", [3, "high"], ents["red"]["id"]),
    ):
        bad = client.get(url, params={"cursor": forged}, headers=admin)
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "cursor", forged


def test_risk_of_a_future_day_is_422_and_a_past_day_is_assessed(
    client: TestClient, world: dict[str, Any]
) -> None:
    ent = world["enterprise"]["id"]
    post_signal(client, world["admin"], ent, "layoff", 10, value=5)
    r = client.get(f"/v1/enterprises/{ent}/risk", params={"as_of": ago(-1)}, headers=world["admin"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "as_of"
    before = risk(client, world["admin"], ent, as_of=ago(11))
    assert before["drivers"] == [] and before["as_of"] == ago(11)


# --- alerts ----------------------------------------------------------------------------------------


def test_episode_opens_once_escalates_and_ends_after_a_full_window_below(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Orange opens the alert; red escalates it (open again); it ends on the 90th day in a row
    below orange, not the 89th; the next rise opens a new alert."""
    admin, ent = world["admin"], world["enterprise"]["id"]
    post_signal(client, admin, ent, "closure_relocation", 0)
    (alert,) = alerts_of(client, admin, ent)
    ack = client.post(
        f"/v1/alerts/{alert['id']}/acknowledge",
        json={"note": "已联系"},
        headers={**admin, "If-Match": f'"{alert["version"]}"'},
    )
    assert ack.json()["state"] == "acknowledged"
    post_signal(client, admin, ent, "wage_arrears_clue", 0, value=40)
    post_signal(client, admin, ent, "layoff", 0, value=120)
    (alert,) = alerts_of(client, admin, ent)
    assert (alert["level"], alert["state"], alert["escalated_on"]) == (
        "red",
        "open",
        DAY.isoformat(),
    )
    # Signals last one window (90 days, the closure's floor holds while it is in it); the
    # episode ends after a further whole window below orange.
    window = 90
    assert run_evaluate([ent], DAY + dt.timedelta(days=window - 1)).ended == []
    assert run_evaluate([ent], DAY + dt.timedelta(days=2 * window - 2)).ended == []
    done = run_evaluate([ent], DAY + dt.timedelta(days=2 * window - 1))
    assert done.ended == [alert["id"]]
    (ended,) = alerts_of(client, admin, ent)
    assert (ended["state"], ended["ended_on"]) == (
        "closed",
        (DAY + dt.timedelta(days=2 * window - 1)).isoformat(),
    )
    post_signal(client, admin, ent, "closure_relocation", 0)
    again = alerts_of(client, admin, ent)
    assert [a["state"] for a in again] == ["open", "closed"]  # newest first: a new episode


def test_acknowledge_and_resolve_record_who_when_and_a_masked_note(
    client: TestClient, world: dict[str, Any], auth_headers: Headers
) -> None:
    admin, clerk, ent, town = (
        world["admin"],
        world["clerk"],
        world["enterprise"]["id"],
        world["town"]["id"],
    )
    post_signal(client, admin, ent, "closure_relocation", 1)
    (alert,) = alerts_of(client, admin, ent)
    url = f"/v1/alerts/{alert['id']}"
    assert client.post(f"{url}/acknowledge", json={}, headers=clerk).status_code == 428
    stale = client.post(f"{url}/acknowledge", json={}, headers={**clerk, "If-Match": '"9"'})
    assert stale.status_code == 412
    r = client.post(f"{url}/resolve", json={}, headers={**clerk, "If-Match": '"1"'})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    ack = client.post(
        f"{url}/acknowledge",
        json={"note": "联系人电话13905370002"},
        headers={**clerk, "If-Match": '"1"'},
    )
    assert ack.status_code == 200, ack.text
    assert ack.headers["etag"] == '"2"' and ack.json()["acknowledged_at"]
    assert (
        client.post(f"{url}/acknowledge", json={}, headers={**clerk, "If-Match": '"2"'}).status_code
        == 409
    )
    done = client.post(
        f"{url}/resolve", json={"note": "已达成分期支付协议"}, headers={**clerk, "If-Match": '"2"'}
    )
    assert done.status_code == 200 and done.json()["state"] == "resolved"
    assert (
        client.post(
            f"{url}/resolve", json={"note": "再次"}, headers={**clerk, "If-Match": '"3"'}
        ).status_code
        == 409
    )
    viewer = auth_headers("integration", region_id=town, scopes={"risk:read"})
    seen = client.get(url, headers=viewer).json()
    assert seen["acknowledge_note"] == "联系人电话139****0002" and seen["pii_masked"] is True
    assert client.get(url, headers=clerk).json()["acknowledge_note"] == "联系人电话13905370002"
    with Session(get_engine()) as s:
        audit = s.exec(
            select(AuditEntry)
            .where(AuditEntry.entity == "alert", AuditEntry.entity_id == alert["id"])
            .order_by(AuditEntry.id)  # type: ignore[arg-type]
        ).all()
        assert [a.action for a in audit] == ["create", "acknowledge", "resolve"]
        assert audit[1].actor.startswith(
            "user:test-region_admin"
        ) and "13905370002" not in json.dumps(audit[1].after, ensure_ascii=False)
        feed = s.exec(
            select(Change)
            .where(Change.entity == "alert", Change.entity_id == alert["id"])
            .order_by(Change.seq)  # type: ignore[arg-type]
        ).all()
        assert [(c.op, c.version, c.region_id) for c in feed] == [
            ("create", 1, town),
            ("update", 2, town),
            ("update", 3, town),
        ]
    assert (
        client.post(
            f"{url}/acknowledge", json={}, headers={**viewer, "If-Match": '"3"'}
        ).status_code
        == 403
    )


def test_alerts_list_filters_and_follows_the_region_scope(
    client: TestClient, world: dict[str, Any], auth_headers: Headers
) -> None:
    admin, ent, county = world["admin"], world["enterprise"]["id"], world["county"]["id"]
    post_signal(client, admin, ent, "collective_dispute", 0, value=12)
    (alert,) = alerts_of(client, admin, ent)
    # A list of alerts is a work list: each names its enterprise, as does the alert read alone.
    name = world["enterprise"]["name"]
    assert alert["enterprise_name"] == name
    assert client.get(f"/v1/alerts/{alert['id']}", headers=admin).json()["enterprise_name"] == name
    other = make_region(client, admin)
    outsider = auth_headers("region_admin", region_id=other["id"])
    assert client.get(f"/v1/alerts/{alert['id']}", headers=outsider).status_code == 404
    assert client.get(f"/v1/enterprises/{ent}/risk", headers=outsider).status_code == 404
    assert client.get(f"/v1/regions/{county}/risk", headers=outsider).status_code == 404
    assert alert["id"] not in [
        a["id"] for a in client.get("/v1/alerts", headers=outsider).json()["items"]
    ]
    r = client.post(
        f"/v1/alerts/{alert['id']}/acknowledge", json={}, headers={**outsider, "If-Match": '"1"'}
    )
    assert r.status_code == 404

    def ids(**params: Any) -> set[int]:
        return {
            a["id"] for a in client.get("/v1/alerts", params=params, headers=admin).json()["items"]
        }

    assert alert["id"] in ids(region_id=county, level="orange", state="open", active=True)
    assert alert["id"] not in ids(level="red") | ids(state="resolved") | ids(active=False)
    assert alert["id"] not in ids(region_id=other["id"])


def test_the_periodic_pass_opens_what_no_write_raised(
    client: TestClient, world: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """A signal stored without a write through the service (a bulk load) raises nothing until
    ``lrc risk evaluate`` passes over the region."""
    from lrc_api.cli import main

    ent, county = world["enterprise"]["id"], world["county"]["id"]
    with Session(get_engine()) as s:
        s.add(
            RiskSignal(
                enterprise_id=ent,
                kind="closure_relocation",
                observed_on=DAY,
                source="load",
                source_id=unique("l"),
                recorded_by="test",
            )
        )
        s.commit()
    assert alerts_of(client, world["admin"], ent) == []
    assert main(["risk", "evaluate", "--region", str(county)]) == 0
    out = json.loads(capsys.readouterr().out)
    (alert,) = alerts_of(client, world["admin"], ent)
    assert out["opened"] == [alert["id"]] and out["candidates"] >= 1
    assert main(["risk", "evaluate", "--region", str(county)]) == 0
    assert json.loads(capsys.readouterr().out)["opened"] == []
    assert main(["risk", "evaluate", "--as-of", ago(-3)]) == 2


def test_the_database_refuses_a_second_alert_while_an_episode_goes_on(
    world: dict[str, Any],
) -> None:
    from sqlalchemy.exc import IntegrityError

    ent, town = world["enterprise"]["id"], world["town"]["id"]

    def alert(**extra: Any) -> RiskAlert:
        return RiskAlert(
            enterprise_id=ent,
            region_id=town,
            policy="p",
            level="orange",
            score=40,
            opened_on=DAY,
            **extra,
        )

    with Session(get_engine()) as s:
        s.add(alert(ended_on=DAY))
        s.add(alert(ended_on=DAY))  # ended episodes: any number
        s.add(alert())
        s.commit()
        s.add(alert())
        with pytest.raises(IntegrityError):
            s.commit()


def test_an_alert_follows_its_enterprise_and_ends_with_it(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Moved to another township, the enterprise takes its alert along (scoping stays right);
    deleted, its episode ends; a resolved alert stays resolved when its episode ends."""
    admin, county = world["admin"], world["county"]["id"]
    ent = world["enterprise"]
    post_signal(client, admin, ent["id"], "closure_relocation", 0)
    (alert,) = alerts_of(client, admin, ent["id"])
    r = client.post(
        f"/v1/alerts/{alert['id']}/resolve",
        json={"note": "企业已复工"},
        headers={**admin, "If-Match": f'"{alert["version"]}"'},
    )
    assert r.status_code == 200, r.text
    elsewhere = make_region(client, admin, parent_id=county, kind="township")
    current = client.get(f"/v1/enterprises/{ent['id']}", headers=admin)
    r = client.patch(
        f"/v1/enterprises/{ent['id']}",
        json={"region_id": elsewhere["id"]},
        headers={**admin, "If-Match": current.headers["etag"]},
    )
    assert r.status_code == 200, r.text
    (moved,) = alerts_of(client, admin, ent["id"])
    assert (moved["region_id"], moved["state"]) == (elsewhere["id"], "resolved")
    r = client.delete(
        f"/v1/enterprises/{ent['id']}", headers={**admin, "If-Match": r.headers["etag"]}
    )
    assert r.status_code == 204, r.text
    (ended,) = alerts_of(client, admin, ent["id"])
    assert (ended["state"], ended["ended_on"]) == ("resolved", DAY.isoformat())
