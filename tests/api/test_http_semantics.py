"""HTTP as RFC 9110 says, for every operation the OpenAPI document lists (issue 13).

Conditional requests (§13): If-Match compared strongly on every write, ``*`` and lists; If-None-Match
answered 304 on every GET of a record or view. Methods (§9, §10.2.1): ``Allow`` names every method
of a path, on 405 and OPTIONS; HEAD wherever GET. Query parameters: dates and date-times read as
documented (Asia/Shanghai) or refused with 422, cursors not issued for the list refused with 400
naming ``cursor``, every text bounded — never a 500.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.every_record import fill, make_records
from tests.factories import make_region

Headers = Callable[..., dict[str, str]]

WRITES = {
    "region_id": ("/v1/regions/{id}", {"name": "改名"}),
    "enterprise_id": ("/v1/enterprises/{id}", {"name": "改名有限公司"}),
    "coordinator_id": ("/v1/coordinators/{id}", {"post": "主任"}),
    "activity_id": ("/v1/activities/{id}", {"description": "改"}),
    "assessment_id": ("/v1/assessments/{id}", {"note": "改"}),
    "case_id": ("/v1/cases/{id}", {"summary": "改"}),
}
"""One PATCH per record kind (the document's every versioned record), by its path parameter."""


@pytest.fixture()
def admin(auth_headers: Headers) -> dict[str, str]:
    return auth_headers("admin")


@pytest.fixture()
def records(client: TestClient, admin: dict[str, str]) -> dict[str, int]:
    """One record of every kind a path names, by path parameter (``tests/every_record.py``)."""
    county = make_region(client, admin)
    town = make_region(client, admin, parent_id=county["id"], kind="township")
    return make_records(client, admin, town["id"])


def _patch(client: TestClient, admin: dict[str, str], kind: str, rid: int, tag: str) -> Any:
    path, body = WRITES[kind]
    return client.patch(path.format(id=rid), json=body, headers={**admin, "If-Match": tag})


# --- If-Match on writes (RFC 9110 §13.1.1, strong comparison §8.8.3.2) ---------------------------


@pytest.mark.parametrize("kind", sorted(WRITES))
def test_if_match_weak_tag_never_matches_a_write_rfc9110_13_1_1(
    client: TestClient, admin: dict[str, str], records: dict[str, int], kind: str
) -> None:
    """``W/"1"`` names the current version weakly: a write needs a strong match, so 412."""
    r = _patch(client, admin, kind, records[kind], 'W/"1"')
    assert r.status_code == 412, r.text
    assert r.headers["content-type"] == "application/problem+json"
    path = WRITES[kind][0].format(id=records[kind])
    assert client.get(path, headers=admin).json()["version"] == 1  # nothing written


@pytest.mark.parametrize("kind", sorted(WRITES))
def test_if_match_star_holds_for_an_existing_record_rfc9110_13_1_1(
    client: TestClient, admin: dict[str, str], records: dict[str, int], kind: str
) -> None:
    r = _patch(client, admin, kind, records[kind], "*")
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == '"2"' and r.json()["version"] == 2


@pytest.mark.parametrize("kind", sorted(WRITES))
def test_if_match_list_holds_when_one_tag_is_current_rfc9110_13_1_1(
    client: TestClient, admin: dict[str, str], records: dict[str, int], kind: str
) -> None:
    assert _patch(client, admin, kind, records[kind], '"7", W/"1", "9"').status_code == 412
    r = _patch(client, admin, kind, records[kind], '"7", "1" ,"9"')
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == '"2"'


def test_if_match_compares_tags_character_by_character_rfc9110_8_8_3_2(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    """``"01"`` is not ``"1"``: entity-tags are opaque strings, not numbers."""
    assert _patch(client, admin, "region_id", records["region_id"], '"01"').status_code == 412
    assert _patch(client, admin, "region_id", records["region_id"], '"1a"').status_code == 412


def test_if_match_missing_is_428_and_malformed_is_422(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    """RFC 6585 §3: a write that must be conditional without If-Match is 428."""
    path = f"/v1/regions/{records['region_id']}"
    r = client.patch(path, json={"name": "x"}, headers=admin)
    assert r.status_code == 428 and r.json()["errors"][0]["field"] == "If-Match"
    for bad in ("1", "null", '"1', "W/1", '"a" "b"'):
        r = client.patch(path, json={"name": "x"}, headers={**admin, "If-Match": bad})
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["errors"][0]["field"] == "If-Match"


def test_delete_review_and_transition_take_star_and_lists_too(
    client: TestClient, admin: dict[str, str], records: dict[str, int], auth_headers: Headers
) -> None:
    reviewer = auth_headers("admin", subject="user:another-reviewer")
    r = client.post(
        f"/v1/activities/{records['activity_id']}/review",
        json={"decision": "approved"},
        headers={**reviewer, "If-Match": 'W/"1"'},
    )
    assert r.status_code == 412
    r = client.post(
        f"/v1/activities/{records['activity_id']}/review",
        json={"decision": "approved"},
        headers={**reviewer, "If-Match": '"0", "1"'},
    )
    assert r.status_code == 200, r.text
    r = client.post(
        f"/v1/cases/{records['case_id']}/transition",
        json={"to": "accepted", "on": "2025-06-03"},
        headers={**admin, "If-Match": "*"},
    )
    assert r.status_code == 200, r.text
    r = client.delete(
        f"/v1/assessments/{records['assessment_id']}", headers={**admin, "If-Match": "*"}
    )
    assert r.status_code == 204


# --- If-None-Match and ETags on every GET (RFC 9110 §13.1.2, §8.8.3) ----------------------------


def _get_operations(client: TestClient) -> list[str]:
    paths = client.get("/openapi.json").json()["paths"]
    return [p for p, ops in paths.items() if "get" in ops]


def _fill(path: str, records: dict[str, int]) -> str:
    return fill(path, records, "the HTTP semantics walk")


REQUIRED_QUERY = {
    "/v1/ledger": {"year": 2025},
    "/v1/coordinators/{coordinator_id}/scorecards": {"year": 2025},
}


def test_if_none_match_answers_304_on_every_get_rfc9110_13_1_2(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    """Every GET that answers 200 carries an ETag, and If-None-Match naming it gets 304, no body.

    Records are tagged by version (the tag If-Match takes); views, lists and packs by a hash of
    the body. The weak form and ``*`` match too (weak comparison, §8.8.3.2).
    """
    checked = []
    for path in _get_operations(client):
        if path in ("/metrics",):
            continue
        url = _fill(path, records)
        params = REQUIRED_QUERY.get(path, {})
        first = client.get(url, params=params, headers=admin)
        if first.status_code != 200:
            continue
        tag = first.headers.get("etag")
        assert tag and re.fullmatch(r'"[\x21\x23-\x7e]+"', tag), (path, tag)
        again = client.get(url, params=params, headers=admin)
        assert again.headers["etag"] == tag, path  # stable while nothing changes
        for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
            r = client.get(url, params=params, headers={**admin, "If-None-Match": sent})
            assert r.status_code == 304, (path, sent, r.status_code)
            assert r.content == b"" and r.headers["etag"] == tag
            assert "content-type" not in r.headers
        r = client.get(url, params=params, headers={**admin, "If-None-Match": '"stale"'})
        assert r.status_code == 200 and r.content == first.content, path
        checked.append(path)
    for must in ("/v1/regions/{region_id}", "/v1/cases/{case_id}", "/v1/ledger", "/v1/cases"):
        assert must in checked
    assert len(checked) >= 20


def test_record_etag_changes_with_the_record_and_304_stops(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    path = f"/v1/coordinators/{records['coordinator_id']}"
    tag = client.get(path, headers=admin).headers["etag"]
    assert tag == '"1"'
    _patch(client, admin, "coordinator_id", records["coordinator_id"], tag)
    r = client.get(path, headers={**admin, "If-None-Match": tag})
    assert r.status_code == 200 and r.headers["etag"] == '"2"'


def test_if_match_on_a_get_is_412_when_unmet_rfc9110_13_2_2(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    path = f"/v1/regions/{records['region_id']}"
    assert client.get(path, headers={**admin, "If-Match": '"1"'}).status_code == 200
    r = client.get(path, headers={**admin, "If-Match": '"2"'})
    assert r.status_code == 412 and r.headers["content-type"] == "application/problem+json"


# --- Methods: Allow, OPTIONS, HEAD (RFC 9110 §9.3.2, §9.3.7, §10.2.1, §15.5.6) --------------------


def test_allow_names_every_method_of_every_path_rfc9110_10_2_1(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    """OPTIONS answers 204 with Allow; a method the path lacks is 405 with the same Allow."""
    paths = client.get("/openapi.json").json()["paths"]
    for path, ops in paths.items():
        documented = {m.upper() for m in ops}
        expected = documented | {"OPTIONS"} | ({"HEAD"} if "GET" in documented else set())
        url = _fill(path, records)
        r = client.options(url)
        assert r.status_code == 204, (path, r.status_code)
        assert set(r.headers["allow"].split(", ")) == expected, path
        for method in {"PUT", "PATCH", "DELETE", "POST"} - documented:
            r = client.request(method, url, headers=admin)
            assert r.status_code == 405, (method, path, r.status_code)
            assert set(r.headers["allow"].split(", ")) == expected, (method, path)


def test_head_is_served_wherever_get_is_rfc9110_9_3_2(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    for path in (f"/v1/regions/{records['region_id']}", "/v1/policies", "/healthz"):
        got = client.get(path, headers=admin)
        head = client.head(path, headers=admin)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["etag"] == got.headers["etag"]
        assert head.headers["content-length"] == got.headers["content-length"]
    r = client.head("/v1/rules/scorecard")
    assert r.status_code == 405 and "HEAD" not in r.headers["allow"]


# --- Date and date-time query parameters --------------------------------------------------------


def test_audit_since_a_date_is_that_day_in_asia_shanghai(
    client: TestClient, admin: dict[str, str]
) -> None:
    """``since=<day>`` starts at 00:00+08:00 of that day; ``until=<day>`` runs to its end."""
    region = make_region(client, admin)
    only = {"entity": "region", "entity_id": region["id"]}
    entry = client.get("/v1/audit", params=only, headers=admin).json()["items"][0]
    china = dt.timezone(dt.timedelta(hours=8))
    day = dt.datetime.fromisoformat(entry["at"]).astimezone(china).date()

    def ids(**params: str) -> list[int]:
        r = client.get("/v1/audit", params={**only, **params}, headers=admin)
        assert r.status_code == 200, r.text
        return [e["id"] for e in r.json()["items"]]

    one = dt.timedelta(days=1)
    assert ids(since=day.isoformat()) == [entry["id"]]
    assert ids(since=(day + one).isoformat()) == []
    assert ids(until=day.isoformat()) == [entry["id"]]
    assert ids(until=(day - one).isoformat()) == []
    start = dt.datetime.combine(day, dt.time(), china)
    assert ids(since=start.isoformat(), until=(start + one).isoformat()) == [entry["id"]]


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-30T16:55:00",
        "2026-11-30 16:55:00+08:00",
        "0.5",
        "0",
        "2026-02-30",
        "tomorrow",
        "2026-11-30T16:55:00+25:00",
        "0001-01-01",
        "9999-12-31T23:59:59-23:59",
    ],
)
@pytest.mark.parametrize("param", ["since", "until"])
def test_audit_time_without_offset_or_unreadable_is_422_never_500(
    client: TestClient, auth_headers: Headers, param: str, value: str
) -> None:
    """A date-time needs an offset (RFC 3339); a plain date is a day in Asia/Shanghai."""
    r = client.get("/v1/audit", params={param: value}, headers=auth_headers("admin"))
    if value in ("0001-01-01", "9999-12-31T23:59:59-23:59"):
        assert r.status_code in (200, 422), r.text  # the edges of the calendar: no 500
        return
    assert r.status_code == 422, (value, r.text)
    assert r.json()["errors"][0]["field"] == param


def test_offsets_name_the_same_instant(client: TestClient, auth_headers: Headers) -> None:
    admin = auth_headers("admin")
    a = client.get("/v1/audit", params={"since": "2026-01-01T08:00:00+08:00"}, headers=admin)
    b = client.get("/v1/audit", params={"since": "2026-01-01T00:00:00Z"}, headers=admin)
    assert a.status_code == b.status_code == 200 and a.json() == b.json()


def _query_params(client: TestClient) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        for method, op in ops.items():
            if method != "get":
                continue
            for prm in op.get("parameters", []):
                if prm["in"] == "query":
                    out.append((path, prm))
    return out


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]


def test_every_date_query_parameter_is_strict(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    """``0`` or ``0.5`` is no date: 422 naming the parameter (pydantic would read 1970-01-01)."""
    found = 0
    for path, prm in _query_params(client):
        formats = {b.get("format") for b in _branches(prm["schema"])}
        if not formats & {"date", "date-time"}:
            continue
        for bad in ("0", "0.5", "2026-13-01", "x"):
            params = {**REQUIRED_QUERY.get(path, {}), prm["name"]: bad}
            r = client.get(_fill(path, records), params=params, headers=admin)
            assert r.status_code == 422, (path, prm["name"], bad, r.status_code)
            assert prm["name"] in {e["field"] for e in r.json()["errors"]}
        found += 1
    assert found >= 6


# --- Text limits --------------------------------------------------------------------------------


def test_every_text_query_parameter_has_a_length_limit(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    """A 50,000-character filter is a 422 naming it (it was a 500 on SQLite), and one character
    past the documented limit already is."""
    found = 0
    for path, prm in _query_params(client):
        strings = [b for b in _branches(prm["schema"]) if b.get("type") == "string"]
        if not strings or any("enum" in b or b.get("format") for b in strings):
            continue
        limit = strings[0].get("maxLength")
        assert limit is not None, f"{path} ?{prm['name']} has no maxLength"
        for size in (limit + 1, 50_000):
            params = {**REQUIRED_QUERY.get(path, {}), prm["name"]: "x" * size}
            r = client.get(_fill(path, records), params=params, headers=admin)
            assert r.status_code == 422, (path, prm["name"], size, r.status_code)
        found += 1
    assert found >= 15


# --- Cursors ------------------------------------------------------------------------------------


def _b64(payload: Any) -> str:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_forged_or_stale_cursor_is_400_naming_cursor_on_every_list(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    """A cursor that does not decode, or whose values do not fit the list and its sort, is 400."""
    lists = sorted({path for path, prm in _query_params(client) if prm["name"] == "cursor"})
    assert len(lists) >= 7
    for path in lists:
        url = _fill(path, records)
        page = client.get(url, params={"limit": 1}, headers=admin).json()
        real = page["next_cursor"]
        table, sort, value, last_id = (
            json.loads(base64.urlsafe_b64decode(real + "==")) if real else ("x", "id", 1, 1)
        )
        forged = [
            "AAAA",
            _b64(b"\xff\xfe not json"),
            _b64({"a": 1}),
            _b64([table, sort, value]),
            _b64(["another_table", sort, value, last_id]),
            _b64([table, sort, "text", last_id]) if sort == "id" else _b64([table, sort, [], 1]),
            _b64([table, sort, value, 10**30]),
            _b64([table, sort, value, -1]),
            _b64([table, sort, value, True]),
            _b64([table, sort, {"dt": "garbage"}, last_id]),
            _b64([table, sort, 10**30, last_id]),
            "A" * 1025,
        ]
        for cursor in forged:
            r = client.get(url, params={"cursor": cursor}, headers=admin)
            assert r.status_code in (400, 422), (path, cursor[:40], r.status_code, r.text)
            assert r.json()["errors"][0]["field"] == "cursor", r.text
            if len(cursor) <= 1024:
                assert r.status_code == 400, (path, cursor[:40], r.text)
        if real:
            assert client.get(url, params={"cursor": real}, headers=admin).status_code == 200


def test_a_cursor_of_another_sort_is_stale_400(
    client: TestClient, admin: dict[str, str], records: dict[str, int]
) -> None:
    page = client.get("/v1/cases", params={"limit": 1, "sort": "received_on"}, headers=admin)
    cursor = page.json()["next_cursor"]
    assert cursor
    r = client.get("/v1/cases", params={"cursor": cursor, "sort": "-received_on"}, headers=admin)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "cursor"
    typed = _b64(["case", "received_on", {"dt": "2025-01-01T00:00:00+00:00"}, 1])
    r = client.get("/v1/cases", params={"cursor": typed, "sort": "received_on"}, headers=admin)
    assert r.status_code == 400  # a timestamp where the sort column is a date
