"""POST /v1/rules/qualification — 汶政字〔2024〕59号 附件1 §5 over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/v1/rules/qualification"
BODY: dict[str, Any] = {
    "as_of": "2024-02-27",
    "education": {"level": "bachelor", "major_related": True, "status": "graduated"},
    "certificates": [{"level": 4, "obtained_on": "2023-03-01"}],
    "work_periods": [{"start": "2019-07-01", "end": "2020-06-30"}, {"start": "2020-01-01"}],
}


DETAIL_524 = (
    "not yet: 0 years and 364 days of 1 years of work since 2023-03-01 "
    "(calendar years, 民法典 第二百零二条); complete on 2024-02-29 if the current work goes on"
)


def problem_field(client: TestClient, body: dict[str, Any]) -> str:
    r = client.post(URL, json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    return str(r.json()["errors"][0]["field"])


def test_bachelor_with_level_4_two_days_short_gets_the_date_5_2_4(client: TestClient) -> None:
    r = client.post(URL, json=BODY)
    assert r.status_code == 200
    data = r.json()
    assert data["policy"] == "wenshang-2024" and data["rules_version"]
    # 2019-07-01 … 2024-02-27 with the overlap counted once
    assert data["work_days"] == 1703
    level4, level3, level2, level1 = data["levels"]
    assert level4["eligible"] and level4["name"] == "劳动关系协调员（国家职业资格四级）"
    assert not level3["eligible"]
    # One calendar year of work from 2023-03-01 ends with 2024-02-29 (民法典 第二百零二条), not
    # after 365 days (2024-02-28): 5.2(4) holds from 2024-02-29.
    assert data["work_time"] == {"years": 4, "days": 242, "total_days": 1703}
    assert level3["earliest_eligible_on"] == "2024-02-29"
    c524 = next(c for c in level3["clauses"] if c["clause"] == "5.2(4)")
    assert c524 == {
        "clause": "5.2(4)",
        "met": False,
        "detail": "not met: " + DETAIL_524,
        "missing": [
            {
                "clause": "5.2(4)",
                "requirement": "work_time",
                "detail": DETAIL_524,
            }
        ],
        "earliest_met_on": "2024-02-29",
    }
    assert data["highest_eligible_level"] == 4
    assert (level2["eligible"], level1["eligible"]) == (False, False)
    steps = {s["rule"]: s for s in data["trace"]}
    assert steps["5.2(4)"]["citation"] == "汶政字〔2024〕59号 附件1 5.2(4)"

    data = client.post(URL, json={**BODY, "as_of": "2024-02-28"}).json()
    assert data["highest_eligible_level"] == 4
    data = client.post(URL, json={**BODY, "as_of": "2024-02-29"}).json()
    assert data["highest_eligible_level"] == 3 and data["levels"][1]["earliest_eligible_on"] is None


def test_master_graduating_qualifies_for_level_3_and_names_the_pack_5_2_5(
    client: TestClient,
) -> None:
    body = {
        "policy": "zhejiang-2023",
        "as_of": "2024-06-01",
        "education": {"level": "master", "major_related": True, "status": "graduating"},
    }
    data = client.post(URL, json=body).json()
    assert data["policy"] == "zhejiang-2023"
    assert data["highest_eligible_level"] == 3
    assert [lv["eligible"] for lv in data["levels"]] == [True, True, False, False]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {
                "work_periods": [
                    {"start": "2020-01-01"},
                    {"start": "2021-01-01", "end": "2020-12-31"},
                ]
            },
            "work_periods[1].end",
        ),
        ({"work_periods": [{"start": "2024-03-01"}]}, "work_periods[0].start"),
        (
            {"certificates": [{"level": 4, "obtained_on": "2024-03-01"}]},
            "certificates[0].obtained_on",
        ),
        ({"certificates": [{"obtained_on": "2020-03-01"}]}, "certificates[0].level"),
        ({"certificates": [{"level": 5, "obtained_on": "2020-03-01"}]}, "certificates[0].level"),
        (
            {"education": {"level": "phd", "major_related": True, "status": "graduated"}},
            "education.level",
        ),
        ({"as_of": "2024-13-01"}, "as_of"),
        ({"policy": "atlantis-2030"}, "policy"),
    ],
)
def test_bad_input_is_422_problem_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str
) -> None:
    assert problem_field(client, {**BODY, **change}) == field


def test_unknown_keys_are_refused(client: TestClient) -> None:
    assert problem_field(client, {**BODY, "years": 5}) == "years"
