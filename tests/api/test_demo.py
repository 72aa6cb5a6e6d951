"""The demo data (``lrc demo-data``): every view an office uses shows something real.

Loaded once for the module into the test database, through the services as ``lrc serve
--demo-data`` does; each test reads one view as the demo's own users (signed in with the demo
password) and checks that it has substance: staffing shortfalls, a ranking with gold places and
disqualifications, KPIs with denominators, the weekly campaign report, obligations done and
missed, the ledger with unassessed quarters, enterprises at every risk level with their alerts,
the morning work list and the change feed. Loading again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from lrc_api.coordinators.models import Coordinator
from lrc_api.core.db import get_engine
from lrc_api.core.journal import Change
from lrc_api.core.region_tree import Region
from lrc_api.demo import DEMO_PASSWORD, DEMO_ROOT_CODE, DEMO_YEAR, load_demo_data
from lrc_api.enterprises.models import Enterprise
from lrc_api.tables import metadata

YEAR = {"from": f"{DEMO_YEAR}-01-01", "to": f"{DEMO_YEAR}-12-31"}
ROOTS = (DEMO_ROOT_CODE, "310112")
"""The two demo jurisdictions: 汶上县 and 闵行区."""
WEEK = f"{DEMO_YEAR}-W46"
"""A week of the demo year (10–16 November) in which the 闵行 cases move."""


@pytest.fixture(scope="module")
def demo(client: TestClient) -> dict[str, Any]:
    """Load the demo (a no-op if this test database has it) and sign in as its users."""
    message = load_demo_data()
    assert "demo data" in message

    def login(username: str) -> dict[str, str]:
        r = client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": username, "password": DEMO_PASSWORD},
        )
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    admin = login("demo-admin")
    codes = {"370830": "wenshang", "370830101": "nanzhan", "310112": "minhang"}
    codes |= {"310112115": "pujin", "310112-xzip": "xinzhuang"}
    regions = {}
    for code, key in codes.items():
        r = client.get("/v1/regions", params={"code": code}, headers=admin)
        (regions[key],) = r.json()["items"]
    return {"admin": admin, "login": login, "regions": regions}


def rid(demo: dict[str, Any], key: str) -> int:
    """The id of a demo region by its key."""
    return int(demo["regions"][key]["id"])


def get(client: TestClient, demo: dict[str, Any], path: str, **params: Any) -> Any:
    """GET as demo-admin; 200 expected."""
    r = client.get(path, params=params, headers=demo["admin"])
    assert r.status_code == 200, r.text
    return r.json()


def test_each_jurisdiction_answers_under_its_own_pack(
    client: TestClient, demo: dict[str, Any]
) -> None:
    policies = {key: r["effective_policy"] for key, r in demo["regions"].items()}
    assert policies == {
        "wenshang": "wenshang-2024",
        "nanzhan": "wenshang-2024",
        "minhang": "minhang-2023",
        "pujin": "pujin-2024",
        "xinzhuang": "minhang-2023",
    }
    assert demo["regions"]["wenshang"]["code"] == DEMO_ROOT_CODE
    kinds = {
        r["kind"]
        for r in get(client, demo, "/v1/regions", within=rid(demo, "wenshang"), limit=200)["items"]
    }
    assert {"county", "township", "subdistrict", "park", "domain", "community"} <= kinds


def test_the_records_the_readme_announces(demo: dict[str, Any]) -> None:
    """40 enterprises and 60 coordinators across both jurisdictions (README, "Try it")."""
    with Session(get_engine()) as s:
        paths = [r.path for r in s.exec(select(Region).where(col(Region.code).in_(ROOTS)))]
        demo_regions = select(Region.id).where(
            or_(*(col(Region.path).startswith(p) for p in paths))
        )
        for table, expected in ((Enterprise, 40), (Coordinator, 60)):
            n = s.exec(
                select(func.count())
                .select_from(table)
                .where(col(table.region_id).in_(demo_regions))
            ).one()
            assert n == expected, table.__name__


def test_staffing_has_shortfalls_with_their_clauses(
    client: TestClient, demo: dict[str, Any]
) -> None:
    """闵人社发〔2023〕55号 二(一)3 (核定人数, qualified staff) and pujin-2024's 15-person team."""
    view = get(client, demo, f"/v1/regions/{rid(demo, 'minhang')}/staffing")
    assert view["applicable"] is True
    short = [u for u in view["units"] if u["status"] == "assessed" and u["shortfall"]]
    assert short, "no unit falls short"
    for u in short:
        assert u["required"] - u["actual"] == u["shortfall"] > 0 and u["citation"]
    assert {u["name"] for u in short} >= {"浦锦街道", "莘庄工业区"}
    pujin = next(u for u in view["units"] if u["name"] == "浦锦街道")
    assert pujin["qualified"]["shortfall"] > 0  # full qualification due from 2026-01-01
    assert {m["rule"] for m in pujin["minimums"]} >= {"approved_headcount", "headcount"}
    total = view["rollups"][0]
    assert total["region_id"] == rid(demo, "minhang") and total["shortfall"] > 0
    assert total["actual"] > 0


def test_annual_ranking_selects_gold_and_disqualifies_errors(
    client: TestClient, demo: dict[str, Any]
) -> None:
    """汶政字〔2024〕59号 附件1 8.3: errors cost gold eligibility; two suggest a change of post."""
    body = get(
        client, demo, "/v1/rankings", year=DEMO_YEAR, region_id=rid(demo, "wenshang"), gold_quota=5
    )
    entries = body["entries"]
    assert body["applicable"] is True and len(entries) >= 30
    totals = [e["annual_total"] for e in entries]
    assert totals == sorted(totals, reverse=True) and len(set(totals)) > 10
    assert sum(e["gold"] for e in entries) >= 5
    assert all(e["gold_eligible"] for e in entries if e["gold"])
    barred = [e for e in entries if not e["gold_eligible"]]
    assert barred and all(e["work_errors"] >= 1 for e in barred)
    assert any(e["job_adjustment_recommended"] and e["work_errors"] >= 2 for e in entries)


def test_ledger_and_scorecards_have_a_year_of_scores(
    client: TestClient, demo: dict[str, Any]
) -> None:
    ledger = get(client, demo, "/v1/ledger", year=DEMO_YEAR, region_id=rid(demo, "wenshang"))
    rows = ledger["entries"]
    assert len(rows) >= 30
    quarters = [q for row in rows for q in row["quarters"]]
    assert sum(q["assessed"] for q in quarters) > 0.9 * len(quarters)
    assert any(not q["assessed"] and q["base"] is None for q in quarters)  # 未评定
    assert all(row["annual_total"] > 0 for row in rows)
    for category in ("publicity", "mediation", "risk", "publication", "management", "deduction"):
        assert any(q[category] for q in quarters), category
    card = get(
        client, demo, f"/v1/coordinators/{rows[0]['coordinator_id']}/scorecards", year=DEMO_YEAR
    )
    assert len(card["quarters"]) == 4
    assert sum(q["scorecard"]["bonus"] for q in card["quarters"]) > 0


def test_kpis_have_numerators_over_real_denominators(
    client: TestClient, demo: dict[str, Any]
) -> None:
    """闵人社发〔2022〕34号 二: every indicator counted from the year's cases."""
    kpi = get(client, demo, "/v1/stats/kpi", region_id=rid(demo, "minhang"), **YEAR)
    indicators = kpi["total"]["indicators"]
    assert {i["key"] for i in indicators} >= {
        "mediation_success_rate",
        "pre_mediation_rate",
        "arbitration_closure_rate",
        "inspection_on_time_rate",
        "wage_clue_on_time_rate",
    }
    for i in indicators:
        assert i["denominator"] > 0 and 0 < i["numerator"] <= i["denominator"], i["key"]
        assert i["rate"] == pytest.approx(100 * i["numerator"] / i["denominator"], abs=0.01)
    assert any(not i["met"] for i in indicators) and any(i["met"] for i in indicators)


def test_weekly_campaign_report_counts_the_week_and_the_year(
    client: TestClient, demo: dict[str, Any]
) -> None:
    """闵人社发〔2022〕34号 四(一)2 and 三: the week's figures, and overdue cases first."""
    report = get(client, demo, "/v1/reports/cases", region_id=rid(demo, "minhang"), week=WEEK)
    week = {f["key"]: f for f in report["total"]["week"]}
    year = {f["key"]: f for f in report["total"]["year_to_date"]}
    assert week["in_progress"]["value"] > 0 and week["closure_rate"]["denominator"] > 0
    assert week["closure_rate"]["numerator"] > 0
    assert year["pre_mediation_rate"]["denominator"] > year["pre_mediation_rate"]["numerator"] > 0
    assert {u["name"] for u in report["units"]} >= {"浦锦街道", "莘庄工业区"}
    near = report["near_deadline"]
    assert near and near[0]["state"] == "overdue"
    assert [c["due_on"] for c in near] == sorted(c["due_on"] for c in near)


def test_obligations_are_done_late_and_missed(client: TestClient, demo: dict[str, Any]) -> None:
    """汶政字〔2024〕59号 三(四)、三(六) and 闵人社发〔2023〕55号 二(三)5 over the demo year."""
    wenshang = get(client, demo, f"/v1/regions/{rid(demo, 'wenshang')}/obligations", **YEAR)
    kinds = {o["obligation"]: o["counts"] for o in wenshang["by_obligation"]}
    assert kinds["monthly_report"]["done"] > kinds["monthly_report"]["missed"] > 0
    assert kinds["monthly_report"]["late"] > 0
    assert kinds["placement"]["done"] > 0 and kinds["placement"]["missed"] > 0
    minhang = get(client, demo, f"/v1/regions/{rid(demo, 'minhang')}/obligations", **YEAR)
    units = {u["name"]: u["counts"] for u in minhang["units"]}
    assert units["浦锦街道"]["done"] > units["浦锦街道"]["missed"] > 0
    assert units["莘庄工业区"]["missed"] > units["莘庄工业区"]["done"] > 0


def test_enterprises_sit_at_every_risk_level_with_their_alerts(
    client: TestClient, demo: dict[str, Any]
) -> None:
    for key in ("wenshang", "minhang"):
        view = get(client, demo, f"/v1/regions/{rid(demo, key)}/risk")
        assert all(view["levels"][level] > 0 for level in ("red", "orange", "yellow", "green"))
        top = view["items"][:2]
        assert [e["level"] for e in top] == ["red", "orange"]
        assert {e["direction"] for e in view["items"]} >= {"up", "down"}
        alerts = get(client, demo, "/v1/alerts", region_id=rid(demo, key), state="open")["items"]
        assert sorted(a["level"] for a in alerts) == ["orange", "red"]
        assert {a["id"] for a in alerts} == {e["open_alert_id"] for e in top}


def test_morning_work_list_shows_overdue_cases_earliest_first(
    client: TestClient, demo: dict[str, Any]
) -> None:
    today = dt.date.today().isoformat()
    for key in ("wenshang", "minhang"):
        items = get(
            client,
            demo,
            "/v1/cases",
            within=rid(demo, key),
            overdue="true",
            sort="due_on",
            limit=200,
        )["items"]
        assert len(items) >= 3
        due = [c["next_due_on"] for c in items]
        assert due == sorted(due) and all(d < today for d in due)
        assert {c["status"] for c in items} <= {"received", "accepted", "in_progress", "suspended"}


def test_cases_cover_every_procedure_and_way_of_ending(
    client: TestClient, demo: dict[str, Any]
) -> None:
    cases: list[dict[str, Any]] = []
    after = None
    for key in ("wenshang", "minhang"):
        params: dict[str, Any] = {"within": rid(demo, key), "limit": 200}
        while True:
            page = get(client, demo, "/v1/cases", **params, **({"cursor": after} if after else {}))
            cases += page["items"]
            after = page["next_cursor"]
            if after is None:
                break
    assert len(cases) == 200  # as the README's "Try it" says
    assert {c["procedure"] for c in cases} == {
        "mediation",
        "enterprise_mediation",
        "arbitration",
        "inspection",
        "wage_clue",
        "hotline",
    }
    assert {c["status"] for c in cases} >= {
        "in_progress",
        "suspended",
        "mediated",
        "awarded",
        "closed",
    }
    assert {c["conclusion"] for c in cases} >= {
        "agreement",
        "no_agreement",
        "award",
        "arbitral_mediation",
        "rectification_ordered",
        "resolved",
        "withdrawn",
    }
    assert {c["timeliness"] for c in cases} >= {"on_time", "late"}
    assert any(c["collective"] for c in cases) and any(c["outcome"] for c in cases)


def test_change_feed_and_scoping_of_a_township_user(
    client: TestClient, demo: dict[str, Any]
) -> None:
    nanzhan = demo["login"]("demo-nanzhan")
    page = client.get("/v1/changes", params={"after": 0, "limit": 200}, headers=nanzhan).json()
    entities = {c["entity"] for c in page["items"]}
    assert {"region", "enterprise", "coordinator", "activity"} <= entities
    assert client.get(f"/v1/regions/{rid(demo, 'wenshang')}", headers=nanzhan).status_code == 404
    ledger = client.get("/v1/ledger", params={"year": DEMO_YEAR}, headers=nanzhan).json()
    mine = client.get("/v1/regions", params={"limit": 200}, headers=nanzhan).json()["items"]
    assert {r["name"] for r in mine} == {"南站镇", "南站社区", "杨店社区"}
    assert ledger["entries"] and {e["region_id"] for e in ledger["entries"]} <= {
        r["id"] for r in mine
    }
    me = demo["login"]("demo-coordinator")
    own = client.get("/v1/ledger", params={"year": DEMO_YEAR}, headers=me).json()["entries"]
    assert len(own) == 1


def test_loading_again_changes_nothing(client: TestClient, demo: dict[str, Any]) -> None:
    def counts() -> dict[str, int]:
        with Session(get_engine()) as s:
            return {
                name: int(s.exec(select(func.count()).select_from(table)).one())
                for name, table in metadata.tables.items()
            } | {"seq": int(s.exec(select(func.max(Change.seq))).one() or 0)}

    before = counts()
    assert "already present" in load_demo_data()
    assert counts() == before


def test_serve_on_another_port_prints_how_to_sign_in_there(
    demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``lrc serve --demo-data --port 8011`` (8000 taken) prints the token command for port 8011,
    and names every demo user as plain text, whether the demo was loaded now or before."""
    import uvicorn

    from lrc_api.cli import main as lrc

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(kw))
    port = _free_port()  # 8011 may be someone's running service
    assert lrc(["serve", "--demo-data", "--no-migrate", "--port", str(port)]) == 0
    out = capsys.readouterr().out
    assert served["port"] == port
    assert f"curl -s -X POST http://127.0.0.1:{port}/v1/auth/token" in out
    assert ":8000" not in out and "`" not in out
    for user in ("demo-admin", "demo-wenshang", "demo-nanzhan", "demo-assessor", "demo-minhang"):
        assert user in out
    for user in ("demo-pujin", "demo-auditor", "demo-coordinator"):
        assert user in out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_on_a_taken_port_says_so_and_which_option_to_add(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Port 8000 held by another service: ``lrc serve --demo-data`` stops before migrating or
    loading anything (which would print a token command for a port it never serves) and says
    how to go on, instead of uvicorn's bare log line after start-up."""
    import uvicorn

    from lrc_api.cli import main as lrc
    from lrc_api.core import migrations

    def never(*args: Any, **kw: Any) -> None:
        raise AssertionError("nothing may run before the port is known to be free")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.setattr(migrations, "upgrade", never)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert lrc(["serve", "--demo-data", "--port", str(port)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"127.0.0.1:{port}" in captured.err and f"--port {port + 1}" in captured.err


def test_the_same_seed_makes_the_same_demo() -> None:
    """The generators are seeded, so a fresh database gets the very same people and stories."""
    import random

    from lrc_api.demo.identifiers import Synthetic
    from lrc_api.demo.stories import story

    def people() -> list[str]:
        s = Synthetic(3708, "370830", ("370829",))
        return [f(s) for _ in range(20) for f in (Synthetic.name, Synthetic.id_number)]

    def stories() -> list[Any]:
        rng = random.Random(7)
        received = dt.date(DEMO_YEAR, 3, 3)
        return [story(rng, "arbitration", received, fate).steps for fate in ("open", "late")]

    assert people() == people() and stories() == stories()


def test_the_published_demo_password_opens_nothing_in_production(
    client: TestClient, demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README prints the demo password: a production deployment neither loads the demo,
    nor signs anyone in with it (a database seeded before going live), nor lets it be set."""
    from lrc_api.core.settings import get_settings
    from lrc_api.demo import DemoRefused

    demo_admin = demo["login"]("demo-admin")  # development: the demo works
    monkeypatch.setattr(get_settings(), "env", "production")
    with pytest.raises(DemoRefused):
        load_demo_data()
    r = client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": "demo-admin", "password": DEMO_PASSWORD},
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant", r.text
    # demo-nanzhan is the region admin of 南站镇 (other tests add users, so not the first page)
    params = {"limit": 200, "role": "region_admin", "region_id": rid(demo, "nanzhan")}
    users = client.get("/v1/users", params=params, headers=demo_admin).json()["items"]
    nanzhan = next(u for u in users if u["username"] == "demo-nanzhan")
    r = client.post(
        f"/v1/users/{nanzhan['id']}/reset", json={"password": DEMO_PASSWORD}, headers=demo_admin
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "password", r.text
    body = {"username": "demo-again", "role": "auditor", "password": DEMO_PASSWORD}
    r = client.post("/v1/users", json=body, headers=demo_admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "password", r.text
