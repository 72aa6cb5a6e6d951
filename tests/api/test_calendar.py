"""HTTP: GET /v1/calendar/{year} and POST /v1/calendar/add-working-days on the real calendar."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from lrc_api.core import calendar as service

PROBLEM = "application/problem+json"


def test_year_2026_lists_the_worked_sunday_and_saturdays(client: TestClient) -> None:
    """2026: 01-04 (Sunday) and 02-14 / 02-28 (Saturdays) are in-lieu working days."""
    r = client.get("/v1/calendar/2026")
    assert r.status_code == 200
    body = r.json()
    assert body["source"] == "chinesecalendar" and body["provisional"] is False
    workdays = [d["date"] for d in body["workdays"]]
    assert workdays[:3] == ["2026-01-04", "2026-02-14", "2026-02-28"]
    holidays = {d["date"] for d in body["holidays"]}
    assert {"2026-01-01", "2026-02-17", "2026-10-07"} <= holidays


def test_year_2025_national_day_runs_to_october_8(client: TestClient) -> None:
    """2025 国庆、中秋: 10-01…10-08 off; 09-28 and 10-11 worked."""
    body = client.get("/v1/calendar/2025").json()
    holidays = {d["date"] for d in body["holidays"]}
    assert {f"2025-10-0{i}" for i in range(1, 9)} <= holidays
    assert {"2025-09-28", "2025-10-11"} <= {d["date"] for d in body["workdays"]}


def test_every_holiday_and_worked_day_is_named_in_chinese_too(client: TestClient) -> None:
    """chinesecalendar names its days in English only; the answer names them as the computed
    years do, ``National Day (国庆节)``, the day of the 2015 notice and a correction's too."""
    for year in (2015, 2025, 2026):
        body = client.get(f"/v1/calendar/{year}").json()
        for day in body["holidays"] + body["workdays"] + body["corrections"]:
            assert re.search(r"[\u4e00-\u9fff]", day["name"]), (year, day)
    body = client.get("/v1/calendar/2025").json()
    assert {"date": "2025-10-01", "name": "National Day (国庆节)"} in body["holidays"]
    assert {"date": "2025-01-26", "name": "Spring Festival (春节)"} in body["workdays"]


def test_year_without_data_is_provisional_with_a_warning(client: TestClient) -> None:
    """2027 (not in chinesecalendar 1.11): the statutory holidays computed, provisional, the
    warning names the year and the holidays computed; 200, not 500."""
    body = client.get("/v1/calendar/2027").json()
    assert body["provisional"] is True and "国务院令第798号" in body["source"]
    assert "2027" in body["warnings"][0]
    assert "National Day (国庆节)" in body["computed_holidays"]
    assert {"date": "2027-01-01", "name": "New Year's Day (元旦)"} in body["holidays"]


def test_add_working_days_across_national_day(client: TestClient) -> None:
    """2025-09-30 + 1 working day = 2025-10-09; 09-26 + 1 = the worked Sunday 09-28."""
    r = client.post("/v1/calendar/add-working-days", json={"start": "2025-09-30", "days": 1})
    assert r.status_code == 200
    assert r.json() == {
        "date": "2025-10-09",
        "provisional": False,
        "warnings": [],
        "basis": "working_days",
    }
    r = client.post("/v1/calendar/add-working-days", json={"start": "2025-09-26", "days": 1})
    assert r.json()["date"] == "2025-09-28"


def test_add_working_days_into_2027_is_provisional(client: TestClient) -> None:
    """Crossing into 2027 without a notice: 元旦 computed as a holiday, provisional, year named."""
    r = client.post("/v1/calendar/add-working-days", json={"start": "2026-12-25", "days": 10})
    body = r.json()
    assert body["date"] == "2027-01-11" and body["provisional"] is True
    assert "2027" in body["warnings"][0]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": "2025-13-01", "days": 1}, "start"),
        ({"start": 20250101, "days": 1}, "start"),
        ({"start": "2025-01-01", "days": "3"}, "days"),
        ({"start": "2025-01-01", "days": 99999}, "days"),
        ({"start": "2025-01-01", "days": 1, "extra": 1}, "extra"),
        ({"start": "1900-01-01", "days": 1}, "start"),
    ],
)
def test_bad_input_is_problem_json_naming_the_field(
    client: TestClient, payload: dict[str, object], field: str
) -> None:
    """422 application/problem+json with errors[].field."""
    r = client.post("/v1/calendar/add-working-days", json=payload)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM)
    assert field in [e["field"] for e in r.json()["errors"]]


def test_year_out_of_range_is_422(client: TestClient) -> None:
    """Years outside 1950…2199 are refused."""
    r = client.get("/v1/calendar/1800")
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


@pytest.fixture
def calendar_file_2027(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The service's calendar rebuilt with a deployment file supplying 2027 (restored after)."""
    path = tmp_path / "calendar.toml"
    path.write_text(
        'source = "deployment"\n[years.2027]\nholidays = [2027-01-01]\nworkdays = []\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(service, "get_settings", lambda: SimpleNamespace(calendar_file=path))
    service.reset_calendar()
    yield
    service.reset_calendar()


@pytest.mark.usefixtures("calendar_file_2027")
def test_calendar_file_from_settings_supplies_2027(client: TestClient) -> None:
    """LRC_CALENDAR_FILE: 2027 comes from the file, 01-01 is skipped, nothing provisional."""
    r = client.post("/v1/calendar/add-working-days", json={"start": "2026-12-25", "days": 10})
    body = r.json()
    assert body["date"] == "2027-01-11" and body["provisional"] is False
    year = client.get("/v1/calendar/2027").json()
    assert year["source"] == "calendar file (deployment)" and year["provisional"] is False


@pytest.fixture
def bad_calendar_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A deployment calendar file with a date outside its notice's years (line 3)."""
    path = tmp_path / "calendar.toml"
    path.write_text(
        "[years.2027]\nholidays = [2027-01-01]\nworkdays = [2025-12-31]\n", encoding="utf-8"
    )
    monkeypatch.setattr(service, "get_settings", lambda: SimpleNamespace(calendar_file=path))
    service.reset_calendar()
    yield path
    service.reset_calendar()


def test_bad_calendar_file_never_answers_500_and_readyz_names_the_line(
    client: TestClient, bad_calendar_file: Path
) -> None:
    """No request answers 500 for a bad file: calendar, deadline and limitation requests answer
    503 problem+json naming the file and line; /readyz reports it."""
    where = f"{bad_calendar_file}:3"
    for method, url, body in (
        ("GET", "/v1/calendar/2026", None),
        ("POST", "/v1/calendar/add-working-days", {"start": "2026-01-05", "days": 3}),
        (
            "POST",
            "/v1/rules/case-deadlines",
            {"procedure": "mediation", "received_on": "2025-09-16", "as_of": "2025-09-20"},
        ),
        (
            "POST",
            "/v1/rules/limitation",
            {"knew_on": "2025-01-06", "claim_type": "damages", "as_of": "2025-06-01"},
        ),
    ):
        r = client.request(method, url, json=body)
        assert r.status_code == 503, (url, r.text)
        assert r.headers["content-type"].startswith(PROBLEM)
        assert where in r.json()["detail"]
    r = client.get("/readyz")
    assert r.status_code == 503 and where in r.json()["detail"]


def test_lrc_serve_refuses_to_start_with_a_bad_calendar_file(
    bad_calendar_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lrc serve` stops at start-up with a message naming the file and line, before serving."""
    from lrc_api import cli

    assert cli.main(["serve", "--no-migrate"]) == 2
    err = capsys.readouterr().err
    assert f"{bad_calendar_file}:3" in err and "years.2027.workdays[0]" in err
