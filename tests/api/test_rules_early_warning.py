"""POST /v1/rules/early-warning: the stateless calculator end to end through HTTP.

No document gives the formula (浦锦 2024, 闵人社发〔2022〕34号 四(二)3, 汶政字〔2024〕59号 附件1 7.4);
the numbers are the national pack's Choices, every one cited ``local_practice``.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.rules.early_warning.schemas import EarlyWarningRequest

URL = "/v1/rules/early-warning"


def post(client: TestClient, **body: Any) -> Any:
    return client.post(URL, json={"as_of": "2025-06-30", **body})


def test_the_documented_example_is_orange_by_the_collective_dispute_floor(
    client: TestClient,
) -> None:
    """The request example: a collective dispute (办案规则 第五条) keeps the level at least orange."""
    example = EarlyWarningRequest.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]
    r = client.post(URL, json=example)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["level"], body["score"], body["alert"]) == ("orange", 51.63, True)
    assert body["policy"] == "wenshang-2024" and body["window_days"] == 90
    assert [d["kind"] for d in body["drivers"]] == [
        "collective_dispute",
        "layoff",
        "wage_arrears_clue",
    ]
    assert round(sum(d["contribution"] for d in body["drivers"]), 2) == body["score"]
    assert body["trend"] == {
        "previous_start": "2025-01-02",
        "previous_end": "2025-04-01",
        "previous_score": 1.54,
        "previous_level": "green",
        "delta": 50.09,
        "direction": "up",
    }
    dims = {d["dimension"]: d["level"] for d in body["dimensions"]}
    assert dims == {
        "pay": "yellow",
        "labor_use": "yellow",
        "social_insurance": "green",
        "rights": "orange",
        "business": "green",
    }
    assert body["explanation"].startswith("截至2025年6月30日的近90天，风险等级为橙色，得分51.63分")
    assert all(s["citation_status"] == "local_practice" for s in body["trace"])
    assert body["drivers"][0]["citation"]["status"] == "local_practice"


def test_each_signal_scores_its_weight_and_names_its_reference(client: TestClient) -> None:
    r = post(
        client,
        signals=[
            {"kind": "layoff", "observed_on": "2025-06-30", "value": 20, "ref": "report-7"},
            {"kind": "power_drop", "observed_on": "2025-06-30", "value": 49.9},
        ],
    )
    body = r.json()
    assert [(s["ref"], s["points"], s["magnitude"]) for s in body["signals"]] == [
        ("report-7", 18, 1.5),
        (None, 6, 1.5),
    ]
    assert body["score"] == 24 and body["level"] == "yellow"


@pytest.mark.parametrize(
    ("signal", "field"),
    [
        (
            {"kind": "hotline_complaint", "observed_on": "2025-06-01", "value": 2},
            "signals[0].value",
        ),
        ({"kind": "water_drop", "observed_on": "2025-06-01", "value": 101}, "signals[0].value"),
        ({"kind": "layoff", "observed_on": "2025-06-01", "value": -3}, "signals[0].value"),
        ({"kind": "layoff", "observed_on": "2025-06-31"}, "signals[0].observed_on"),
        ({"kind": "Layoff!", "observed_on": "2025-06-01"}, "signals[0].kind"),
        ({"kind": "layoff", "observed_on": "2025-06-01", "count": 0}, "signals[0].count"),
        ({"kind": "layoff", "observed_on": "2025-06-01", "extra": 1}, "signals[0].extra"),
    ],
)
def test_bad_signals_are_422_naming_the_field(
    client: TestClient, signal: dict[str, Any], field: str
) -> None:
    r = post(client, signals=[signal])
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in r.json()["errors"]]


def test_unknown_kinds_and_dates_outside_the_windows_are_listed_not_counted(
    client: TestClient,
) -> None:
    r = post(
        client,
        signals=[
            {"kind": "work_injury", "observed_on": "2025-06-01"},
            {"kind": "layoff", "observed_on": "2025-07-01"},
            {"kind": "layoff", "observed_on": "2024-06-01"},
        ],
    )
    assert r.status_code == 200
    assert r.json()["ignored"] == [
        {"index": 0, "reason": "unknown_kind"},
        {"index": 1, "reason": "after_as_of"},
        {"index": 2, "reason": "older_than_windows"},
    ]
    assert r.json()["level"] == "green"


def test_a_day_before_the_rules_hold_and_an_unknown_pack_are_422(client: TestClient) -> None:
    r = client.post(URL, json={"as_of": "2008-04-30", "signals": []})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "as_of"
    r = client.post(URL, json={"as_of": "2025-06-30", "policy": "nope"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "policy"


def test_every_pack_inherits_the_early_warning_from_national(client: TestClient) -> None:
    for pack in ("national", "wenshang-2024", "minhang-2022", "minhang-2023", "pujin-2024"):
        r = client.post(
            URL,
            json={
                "as_of": "2025-06-30",
                "policy": pack,
                "signals": [{"kind": "closure_relocation", "observed_on": "2025-06-30"}],
            },
        )
        assert (r.status_code, r.json()["level"], r.json()["policy"]) == (200, "orange", pack)
