"""A case's "today" is the day in China, like every other check and view of the service.

At 07:30 in China (23:30 UTC the evening before) a township office records the case that came in
this morning and reads the morning work list: the UTC date is still yesterday, so a case service
reading it would refuse the case as "in the future" and judge deadlines a day late. The clock
here is the service's only one (``lrc_api.core.models.utcnow``), set to such a morning wherever
a module holds it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lrc_api.core import models
from tests.factories import make_region

MORNING_UTC = dt.datetime(2026, 3, 3, 23, 30, tzinfo=dt.UTC)
"""07:30 on Wednesday 2026-03-04 in China; still Tuesday 2026-03-03 in UTC."""

CHINA_TODAY = "2026-03-04"


@pytest.fixture
def china_morning(monkeypatch: pytest.MonkeyPatch) -> None:
    """The service's clock reads 07:30 in China, before the UTC date turns."""
    real = models.utcnow
    for name, module in list(sys.modules.items()):
        if name.startswith("lrc_api") and getattr(module, "utcnow", None) is real:
            monkeypatch.setattr(module, "utcnow", lambda: MORNING_UTC)


def _body(town: int, received: str) -> dict[str, Any]:
    return {
        "region_id": town,
        "source": "walk_in",
        "procedure": "mediation",
        "worker_count": 1,
        "received_on": received,
    }


def _mediation(client: TestClient, headers: dict[str, str], town: int, received: str) -> Any:
    r = client.post("/v1/cases", json=_body(town, received), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_case_received_this_morning_in_china_is_not_in_the_future(
    client: TestClient, auth_headers: Callable[..., dict[str, str]], china_morning: None
) -> None:
    """received_on = today in China is accepted before 08:00, and deadlines are judged on it."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")["id"]
    clerk = auth_headers("region_admin", region_id=town)
    case = _mediation(client, clerk, town, CHINA_TODAY)
    r = client.get(f"/v1/cases/{case['id']}/deadlines", headers=clerk)
    assert r.status_code == 200, r.text
    assert r.json()["as_of"] == CHINA_TODAY
    tomorrow = "2026-03-05"
    r = client.post("/v1/cases", json=_body(town, tomorrow), headers=clerk)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "received_on"


def test_a_deadline_that_ran_out_yesterday_in_china_is_overdue_this_morning(
    client: TestClient, auth_headers: Callable[..., dict[str, str]], china_morning: None
) -> None:
    """调解仲裁法 第十四条: a mediation received 2026-02-16 ends on 2026-03-03 (15 days); on the
    morning of 2026-03-04 in China it is overdue, in the work list and in its deadlines."""
    admin = auth_headers("admin")
    town = make_region(client, admin, kind="township")["id"]
    clerk = auth_headers("region_admin", region_id=town)
    case = _mediation(client, clerk, town, "2026-02-16")
    assert (case["next_due_on"], case["next_due_key"]) == ("2026-03-03", "mediation_end")
    listed = client.get(
        "/v1/cases", params={"region_id": town, "overdue": True}, headers=clerk
    ).json()["items"]
    assert [c["id"] for c in listed] == [case["id"]]
    deadlines = client.get(f"/v1/cases/{case['id']}/deadlines", headers=clerk).json()
    assert deadlines["overdue"] is True
    assert [(d["key"], d["status"]) for d in deadlines["deadlines"]] == [
        ("mediation_end", "overdue")
    ]
