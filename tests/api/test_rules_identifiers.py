"""HTTP: POST /v1/rules/identifiers/validate (GB 11643-1999, GB 32100-2015, mobile numbers)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
URL = "/v1/rules/identifiers/validate"


def test_valid_citizen_id_gives_birth_date_and_sex_masked_gb11643(client: TestClient) -> None:
    """GB 11643 附录A example: born 1949-12-31, even sequence digit → female; shown masked."""
    r = client.post(URL, json={"kind": "citizen_id", "value": "11010519491231002X"})
    assert r.status_code == 200
    assert r.json() == {
        "kind": "citizen_id",
        "valid": True,
        "reason": None,
        "message": "有效 (valid)",
        "masked": "110105********002X",
        "birth_date": "1949-12-31",
        "sex": "female",
    }


def test_invalid_citizen_id_is_an_answer_not_an_error(client: TestClient) -> None:
    """A wrong check character is a 200 with valid=false and the reason; the number is masked."""
    r = client.post(URL, json={"kind": "citizen_id", "value": "110105194912310021"})
    assert r.status_code == 200
    body = r.json()
    assert (body["valid"], body["reason"], body["birth_date"], body["sex"]) == (
        False,
        "bad_check_digit",
        None,
        None,
    )
    assert "110105194912310021" not in r.text


def test_birth_date_is_checked_against_as_of_gb11643_5_3(client: TestClient) -> None:
    """A birth date after as_of is refused; without as_of, today in China is used."""
    body = {"kind": "citizen_id", "value": "11010519491231002X", "as_of": "1949-12-30"}
    assert client.post(URL, json=body).json()["reason"] == "birth_date_in_future"


def test_legacy_15_digit_id_is_refused_with_its_reason(client: TestClient) -> None:
    """15-digit numbers from before GB 11643-1999 are not accepted."""
    r = client.post(URL, json={"kind": "citizen_id", "value": "110105491231002"})
    assert (r.status_code, r.json()["reason"]) == (200, "legacy_15_digit")


def test_uscc_is_checked_and_shown_whole_gb32100(client: TestClient) -> None:
    """A credit code is not personal data: masked is the code itself."""
    ok = client.post(URL, json={"kind": "uscc", "value": "91350100M000100Y43"}).json()
    assert (ok["valid"], ok["masked"], ok["birth_date"]) == (True, "91350100M000100Y43", None)
    bad = client.post(URL, json={"kind": "uscc", "value": "91350100M000100Y44"}).json()
    assert (bad["valid"], bad["reason"]) == (False, "bad_check_character")


@pytest.mark.parametrize(
    ("value", "valid", "reason", "masked"),
    [
        ("13812345678", True, None, "138****5678"),
        ("12812345678", False, "bad_prefix", "128****5678"),
        ("+8613812345678", False, "bad_characters", "+86****5678"),
    ],
)
def test_mobile_is_checked_and_masked(client: TestClient, value, valid, reason, masked) -> None:
    """1[3-9] + 9 digits; masked first 3 + 4 stars + last 4."""
    body = client.post(URL, json={"kind": "mobile", "value": value}).json()
    assert (body["valid"], body["reason"], body["masked"]) == (valid, reason, masked)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "passport", "value": "E12345678"}, "kind"),
        ({"kind": "citizen_id"}, "value"),
        ({"kind": "citizen_id", "value": "1" * 65}, "value"),
        ({"kind": "citizen_id", "value": "11010519491231002X", "as_of": "2025-02-30"}, "as_of"),
        ({"kind": "citizen_id", "value": "11010519491231002X", "extra": 1}, "extra"),
    ],
)
def test_bad_request_is_422_naming_the_field_without_the_value(
    client: TestClient, body, field
) -> None:
    """An unknown kind or malformed field is a 422 problem+json that never echoes the value."""
    r = client.post(URL, json=body)
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert field in [e["field"] for e in r.json()["errors"]]
    assert "11010519491231002X" not in r.text and "1" * 65 not in r.text
