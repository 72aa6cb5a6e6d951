"""HTTP: POST /v1/rules/scorecard and /v1/rules/annual-ranking (汶政字〔2024〕59号 附件1 8.2–8.3)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_rules import RULES_VERSION

PROBLEM = "application/problem+json"


def event(kind: str, on: str = "2024-08-15", evidence: list[str] | None = None, **extra: Any):
    """An event body with evidence unless told otherwise."""
    return {
        "kind": kind,
        "occurred_on": on,
        "evidence": ["photo.jpg"] if evidence is None else evidence,
        **extra,
    }


def scorecard(client: TestClient, **body: Any):
    """POST a 2024 Q3 scorecard request (overridable)."""
    return client.post(
        "/v1/rules/scorecard", json={"year": 2024, "quarter": 3, "base_score": 25, **body}
    )


def fields(response) -> list[str]:
    """The fields a problem+json response names."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    return [e["field"] for e in response.json()["errors"]]


def test_scorecard_applies_the_8_3_table(client: TestClient) -> None:
    """Base 25 + publicity 4×5 capped 20 + mediation 5+5 + publication 5 − minor 5 = 55."""
    events = [event("publicity")] * 5 + [
        event("mediation_own_unit"),
        event("mediation_other"),
        event("publication", media_level="provincial"),
        event("error_minor", evidence=[]),
    ]
    r = scorecard(client, events=events)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["policy"], body["rules_version"]) == ("wenshang-2024", RULES_VERSION)
    assert (body["year"], body["quarter"], body["base_score"]) == (2024, 3, 25)
    assert body["categories"] == [
        {"category": "publicity", "count": 5, "points": 20, "cap": 20},
        {"category": "mediation", "count": 2, "points": 10, "cap": 20},
        {"category": "risk", "count": 0, "points": 0, "cap": 10},
        {"category": "publication", "count": 1, "points": 5, "cap": 10},
        {"category": "management", "count": 0, "points": 0, "cap": 10},
    ]
    assert (body["bonus"], body["deduction"], body["total"]) == (35, 5, 55)
    assert body["ignored_events"] == []


def test_scorecard_lists_ignored_events_with_reasons_8_3(client: TestClient) -> None:
    """No evidence, county media, no media level, outside the quarter: listed, not scored."""
    events = [
        event("publicity", evidence=[]),
        event("publication", media_level="county"),
        event("publication"),
        event("risk_prevention", on="2024-10-01"),
        event("management_improvement"),
    ]
    body = scorecard(client, events=events).json()
    assert [(e["index"], e["reason"]) for e in body["ignored_events"]] == [
        (0, "no_evidence"),
        (1, "media_level_too_low"),
        (2, "missing_media_level"),
        (3, "outside_quarter"),
    ]
    assert (body["bonus"], body["total"]) == (5, 30)


def test_scorecard_trace_cites_each_step(client: TestClient) -> None:
    """The trace is ordered steps {rule, citation, citation_status, inputs, outcome} citing
    附件1 8.2/8.3, each citation with its status."""
    trace = scorecard(client, events=[event("publicity")]).json()["trace"]
    assert trace[0] == {
        "rule": "scoring.period",
        "citation": "汶政字〔2024〕59号 附件1 8.2",
        "citation_status": "verified",
        "inputs": {"year": 2024, "quarter": 3},
        "outcome": "2024-07-01/2024-09-30",
    }
    publicity = next(s for s in trace if s["rule"] == "scoring.publicity")
    assert publicity["citation"] == "汶政字〔2024〕59号 附件1 8.3"
    assert (publicity["inputs"], publicity["outcome"]) == (
        {"count": 1, "points_each": 5, "cap": 20},
        5,
    )
    assert trace[-1]["rule"] == "scoring.total" and trace[-1]["outcome"] == 30


def test_scorecard_full_marks_is_100(client: TestClient) -> None:
    """满分: base 30 + bonus 70."""
    events = (
        [event("publicity")] * 4
        + [event("mediation_own_unit")] * 2
        + [event("mediation_other")] * 2
        + [event("risk_prevention")] * 2
        + [event("publication", media_level="municipal")] * 2
        + [event("management_improvement")] * 2
    )
    body = scorecard(client, base_score=30, events=events).json()
    assert (body["bonus"], body["total"]) == (70, 100)


def test_scorecard_accepts_a_decimal_base_score_and_keeps_whole_ones_whole(
    client: TestClient,
) -> None:
    """An assessor may give 27.5; a whole 28 comes back as 28, not 28.0."""
    assert scorecard(client, base_score=27.5).json()["total"] == 27.5
    assert scorecard(client, base_score=28).text.count('"total":28,') == 1


def test_scorecard_names_the_policy_pack_used(client: TestClient) -> None:
    """A request may name the pack explicitly."""
    assert scorecard(client, policy="wenshang-2024").json()["policy"] == "wenshang-2024"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"base_score": 31}, "base_score"),
        ({"base_score": -1}, "base_score"),
        ({"base_score": "28"}, "base_score"),
        ({"quarter": 5}, "quarter"),
        ({"quarter": 0}, "quarter"),
        ({"events": [event("training")]}, "events[0].kind"),
        ({"events": [event("publication", media_level="township")]}, "events[0].media_level"),
        (
            {"events": [event("publicity"), event("publicity", on="2024-13-01")]},
            "events[1].occurred_on",
        ),
        ({"events": [event("publicity", on="2024/08/15")]}, "events[0].occurred_on"),
        ({"events": [event("publicity", on="2024-08-15T00:00:00")]}, "events[0].occurred_on"),
        ({"events": [{**event("publicity"), "occurred_on": 20240815}]}, "events[0].occurred_on"),
        ({"events": [{**event("publicity"), "points": 5}]}, "events[0].points"),
        ({"policy": "nowhere-2030"}, "policy"),
        ({"policy": "national"}, "policy"),
        ({"quarter": 2}, "quarter"),
    ],
)
def test_scorecard_bad_input_is_422_naming_the_field(client: TestClient, body, field) -> None:
    """Base 31, quarter 5, unknown kind/level/policy, malformed dates, unknown keys → 422."""
    assert field in fields(scorecard(client, **body))


def annual(client: TestClient, coordinators: list[dict[str, Any]], **body: Any):
    """POST a 2025 annual ranking request."""
    return client.post(
        "/v1/rules/annual-ranking", json={"year": 2025, "coordinators": coordinators, **body}
    )


def person(cid: str, quarters: list[float], minor: int = 0, major: int = 0) -> dict[str, Any]:
    """A coordinator's year."""
    return {"id": cid, "quarters": quarters, "errors_minor": minor, "errors_major": major}


def test_annual_ranking_gold_and_job_adjustment_8_3(client: TestClient) -> None:
    """Sum of quarters; shared ranks; an error cancels gold; two errors → job adjustment."""
    people = [
        person("wang", [95, 90, 92, 93], minor=1),
        person("li", [90, 90, 90, 90]),
        person("zhao", [90, 90, 90, 90]),
        person("sun", [60, 60, 60, 60], minor=1, major=1),
    ]
    r = annual(client, people, gold_quota=1)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["policy"], body["rules_version"], body["gold_quota"]) == (
        "wenshang-2024",
        RULES_VERSION,
        1,
    )
    got = [
        (
            x["id"],
            x["rank"],
            x["annual_total"],
            x["gold_eligible"],
            x["gold"],
            x["job_adjustment_recommended"],
        )
        for x in body["ranking"]
    ]
    assert got == [
        ("wang", 1, 370, False, False, False),
        ("li", 2, 360, True, True, False),
        ("zhao", 2, 360, True, True, False),
        ("sun", 4, 240, False, False, True),
    ]
    assert body["ranking"][1]["reasons"][-1].startswith("gold_tie_at_quota")
    assert [s["rule"] for s in body["trace"]][-1] == "annual.gold"


def test_annual_ranking_without_quota_reports_eligibility_only(client: TestClient) -> None:
    """The source fixes no number of gold places: gold is null without gold_quota."""
    body = annual(client, [person("a", [80, 80, 80, 80])]).json()
    assert body["ranking"][0]["gold"] is None and body["ranking"][0]["gold_eligible"] is True


@pytest.mark.parametrize(
    ("people", "extra", "field"),
    [
        ([person("a", [80, 80, 80])], {}, "coordinators[0].quarters"),
        ([person("a", [80, 80, 80, 80, 80])], {}, "coordinators[0].quarters"),
        ([person("a", [80, 80, 101, 80])], {}, "coordinators[0].quarters[2]"),
        ([person("a", [80] * 4), person("a", [70] * 4)], {}, "coordinators[1].id"),
        ([person("a", [80] * 4, minor=-1)], {}, "coordinators[0].errors_minor"),
        ([person("a", [80] * 4)], {"gold_quota": -1}, "gold_quota"),
        ([person("a", [80] * 4)], {"policy": "nowhere"}, "policy"),
        ([person("a", [80] * 4)], {"year": 2023}, "year"),
    ],
)
def test_annual_ranking_bad_input_is_422_naming_the_field(
    client: TestClient, people, extra, field
) -> None:
    """Three quarters, a quarter above 100, a repeated id, negative counts, unknown policy → 422."""
    assert field in fields(annual(client, people, **extra))
