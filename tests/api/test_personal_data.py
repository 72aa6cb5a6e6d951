"""Personal data (issue 13): never in clear in logs, error bodies, free text or the idempotency
store; stored answers expire and are purged.

The examples of the issue are tests as given: ``GET /v1/coordinators/370830198003137662`` and
``?sort=13906480894``. Rules: 个人信息保护法 第六条 (minimum necessary), 第五十一条 (encryption,
de-identification); the service's own rule "personal data is encrypted at rest everywhere it is
stored, masked for callers without pii:read, never logged or echoed".
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import text, update
from sqlmodel import Session

from lrc_api.core.db import get_engine
from lrc_api.core.idempotency import IdempotencyRecord
from lrc_api.core.observability import JsonFormatter
from lrc_api.core.redaction import find_personal_data, redact, redact_value
from tests.factories import citizen_id, coordinator_body, make_case, make_region, unique

Headers = Callable[..., dict[str, str]]

ID_NUMBER = "370830198003137662"
PHONE = "13906480894"


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Every log line the service writes during the test, formatted as in production."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield out
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.fixture
def admin(auth_headers: Headers) -> dict[str, str]:
    return auth_headers("admin")


def test_id_number_in_the_path_is_masked_in_the_problem_and_the_log(
    client: TestClient, admin: dict[str, str], log_lines: io.StringIO
) -> None:
    """The issue's first example: an ID number where a record id belongs."""
    r = client.get(f"/v1/coordinators/{ID_NUMBER}", headers=admin)
    assert r.status_code == 422
    assert ID_NUMBER not in r.text
    assert r.json()["instance"] == "/v1/coordinators/370830********7662"
    logged = log_lines.getvalue()
    assert ID_NUMBER not in logged and "370830********7662" in logged
    r = client.get(f"/v1/coordinators/{ID_NUMBER}")  # no token: the 401 is masked too
    assert r.status_code == 401 and ID_NUMBER not in r.text


def test_phone_in_a_query_value_is_masked_in_the_detail(
    client: TestClient, admin: dict[str, str], log_lines: io.StringIO
) -> None:
    """The issue's second example: ``?sort=13906480894`` echoed the value in ``detail``; now the
    value is judged by the parameter's pattern and never repeated (masked if it were)."""
    r = client.get("/v1/coordinators", params={"sort": PHONE}, headers=admin)
    assert r.status_code == 422
    assert PHONE not in r.text and "pattern" in r.json()["detail"]
    assert r.json()["errors"][0]["field"] == "sort"
    assert PHONE not in log_lines.getvalue()


def test_if_match_and_other_echoing_messages_are_masked(
    client: TestClient, admin: dict[str, str]
) -> None:
    region = make_region(client, admin)
    r = client.patch(
        f"/v1/regions/{region['id']}",
        json={"name": "x"},
        headers={**admin, "If-Match": f'"{PHONE}x"'},
    )
    assert r.status_code == 412 and PHONE not in r.text


def test_a_request_id_holding_personal_data_is_replaced(
    client: TestClient, log_lines: io.StringIO
) -> None:
    r = client.get("/healthz", headers={"X-Request-ID": f"call-{PHONE}"})
    assert r.status_code == 200
    assert PHONE not in r.headers["x-request-id"] and len(r.headers["x-request-id"]) == 32
    ok = client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    assert ok.headers["x-request-id"] == "trace-42"
    assert PHONE not in log_lines.getvalue()


def test_log_formatter_masks_whatever_a_caller_logs() -> None:
    record = logging.makeLogRecord(
        {
            "name": "lrc_api.test",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": "lookup %s",
            "args": (ID_NUMBER,),
            "path": f"/v1/x?phone=+86 {PHONE[:3]}-{PHONE[3:7]}-{PHONE[7:]}",
            "number": int(ID_NUMBER[:-1] + "3"),
            "request_id": "abc",
        }
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "lookup 370830********7662"
    assert line["path"] == "/v1/x?phone=139****0894"
    assert line["number"] == "370830********7663" and line["request_id"] == "abc"


@hsettings(max_examples=80, deadline=None)
@given(
    before=st.text(alphabet="abc电话:/ _-=", max_size=6),
    after=st.text(alphabet="abc号:/ _-=", max_size=6),
    which=st.sampled_from(["id", "phone"]),
)
def test_redact_masks_an_id_number_or_phone_wherever_it_stands(
    before: str, after: str, which: str
) -> None:
    """Whatever surrounds it (letters, Chinese, separators), the clear value does not survive."""
    value = citizen_id() if which == "id" else PHONE
    out = redact(f"{before}{value}{after}")
    assert value not in out
    assert out.startswith(before) and out.endswith(after)
    assert redact_value({"a": [f"{before}{value}"]})["a"][0] == redact(f"{before}{value}")


def test_redact_leaves_ordinary_numbers_alone() -> None:
    for harmless in ("/v1/regions/2147483647", "2025-11-30T16:55:00+08:00", "LRC-2025-000123"):
        assert redact(harmless) == harmless
    assert redact_value(2147483647) == 2147483647


@pytest.mark.parametrize(
    ("text_value", "found"),
    [
        (f"申请人身份证{ID_NUMBER}", "an ID number"),
        (f"电话{PHONE}", "a mobile number"),
        (f"+86{PHONE}", "a mobile number"),
        ("IMG_202503011234567890.jpg", None),  # 18 digits, not a valid ID number
        ("工资拖欠 3 个月，涉及 12 人", None),
    ],
)
def test_free_text_detector_is_strict(text_value: str, found: str | None) -> None:
    assert find_personal_data(text_value) == found


def test_free_text_refuses_personal_data_in_clear_naming_the_field(
    client: TestClient, admin: dict[str, str]
) -> None:
    """A summary, note or name holding an ID number or a phone is a 422 naming the field, and
    nothing is written (so nothing reaches the record, the audit log or the change feed)."""
    town = make_region(client, admin)
    case_body = {
        "region_id": town["id"],
        "source": "hotline_12345",
        "procedure": "wage_clue",
        "matter": "complaint",
        "worker_count": 1,
        "received_on": "2025-06-02",
        "summary": f"申请人电话{PHONE}，拖欠工资",
    }
    r = client.post("/v1/cases", json=case_body, headers=admin)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "summary" and PHONE not in r.text
    assert "mobile number" in r.json()["errors"][0]["message"]
    listed = client.get("/v1/cases", params={"region_id": town["id"]}, headers=admin).json()
    assert listed["items"] == []
    body = coordinator_body(town["id"], note=f"身份证{ID_NUMBER}")
    r = client.post("/v1/coordinators", json=body, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    body = coordinator_body(
        town["id"], certificates=[{"level": 3, "obtained_on": "2024-01-01", "number": ID_NUMBER}]
    )
    r = client.post("/v1/coordinators", json=body, headers=admin)
    assert r.status_code == 422 and "[0].number" in r.json()["errors"][0]["message"]
    case = make_case(client, admin, town["id"])
    r = client.post(
        f"/v1/cases/{case['id']}/events",
        json={"kind": "note", "on": "2025-06-03", "note": f"回访 {PHONE[:3]} {PHONE[3:7]} x"},
        headers=admin,
    )
    assert r.status_code == 201  # not a phone number: 7 digits
    r = client.post(
        f"/v1/cases/{case['id']}/events",
        json={"kind": "note", "on": "2025-06-03", "note": f"回访{PHONE}"},
        headers=admin,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"


def _stored_records(session: Session) -> list[str]:
    rows = session.execute(
        text("SELECT subject, key_hash, fingerprint, sealed FROM idempotency_record")
    )
    return [" ".join(str(v) for v in row) for row in rows]


def test_idempotency_store_keeps_no_personal_data_in_clear(
    client: TestClient, admin: dict[str, str]
) -> None:
    """The issue: a coordinator created with an Idempotency-Key by a caller with pii:read left
    the ID number and phone in ``idempotency_record``. Now the answer is sealed; a retry still
    gets it back exactly."""
    town = make_region(client, admin)
    id_number = citizen_id()
    phone = "13700001111"
    key = f"create-{unique()}"
    body = coordinator_body(town["id"], id_number=id_number, phone=phone)
    first = client.post("/v1/coordinators", json=body, headers={**admin, "Idempotency-Key": key})
    assert first.status_code == 201 and first.json()["id_number"] == id_number  # pii:read
    again = client.post("/v1/coordinators", json=body, headers={**admin, "Idempotency-Key": key})
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json() and again.headers["location"] == first.headers["location"]
    with Session(get_engine()) as session:
        stored = " ".join(_stored_records(session))
    assert id_number not in stored and phone not in stored and key not in stored
    assert id_number[6:14] not in stored  # not even the birth date


def test_idempotency_answers_expire_after_the_window_and_are_purged(
    client: TestClient, admin: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """LRC_IDEMPOTENCY_HOURS (24): an older answer is not replayed, and ``lrc purge`` deletes it."""
    from lrc_api.cli import main

    key = f"region-{unique()}"
    body = {"code": unique("R"), "name": "过期", "kind": "county"}
    first = client.post("/v1/regions", json=body, headers={**admin, "Idempotency-Key": key})
    assert first.status_code == 201
    with Session(get_engine()) as session:
        session.exec(
            update(IdempotencyRecord)  # type: ignore[call-overload]
            .where(
                IdempotencyRecord.created_at >= dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
            )
            .values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25))
        )
        session.commit()
    # The same key after the window is a new request: here a conflict on the code, not a replay.
    r = client.post("/v1/regions", json=body, headers={**admin, "Idempotency-Key": key})
    assert r.status_code == 409 and "idempotent-replayed" not in r.headers
    other = {"code": unique("R"), "name": "再来", "kind": "county"}
    r = client.post("/v1/regions", json=other, headers={**admin, "Idempotency-Key": key})
    assert r.status_code == 201 and r.json()["id"] != first.json()["id"]
    with Session(get_engine()) as session:
        session.exec(
            update(IdempotencyRecord).values(  # type: ignore[call-overload]
                created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=30)
            )
        )
        session.commit()
    assert main(["purge"]) == 0
    purged = json.loads(capsys.readouterr().out)
    assert purged["idempotency_records"] >= 1
    with Session(get_engine()) as session:
        assert session.execute(text("SELECT count(*) FROM idempotency_record")).scalar() == 0


def _echo(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/v1/regions", json=body, headers=headers)


def test_validation_errors_never_echo_the_input(client: TestClient, admin: dict[str, str]) -> None:
    r = _echo(client, admin, {"code": f"x {ID_NUMBER}", "name": "n", "kind": "county"})
    assert r.status_code == 422 and ID_NUMBER not in r.text


def test_extension_members_never_replace_the_standard_ones_rfc9457_3_1() -> None:
    """A handler's extension member named like a standard one (a case's ``status``) must not
    turn the HTTP status into a word (the fuzzer found it on a 409)."""
    from fastapi import FastAPI

    from lrc_api.core.errors import Conflict, install_handlers

    app = FastAPI()
    install_handlers(app)

    @app.get("/x")
    async def x() -> None:
        raise Conflict("no", extra={"status": "received", "type": "mine", "allowed": []})

    body = TestClient(app).get("/x").json()
    assert body["status"] == 409 and body["type"].endswith("/conflict") and body["allowed"] == []
