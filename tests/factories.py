"""Valid identifiers and records for tests (check digits per GB 11643 and GB 32100)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import secrets
import uuid
from typing import Any

from fastapi.testclient import TestClient

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Where this process starts in the sequence: drawn from the OS, so no seeding of ``random`` (by
# hypothesis or a test) makes two processes start together.
_counter = itertools.count(secrets.randbelow(1_000_000))
_BIRTH_DAYS = 14_000  # 1960-01-01 and the 14,000 days after it (adults born before 1999)
_STEP = 7_919  # a prime: consecutive calls are days apart, and every day comes round in turn


def citizen_id(born: dt.date | None = None, region: str = "370830", male: bool = True) -> str:
    """A valid 18-character citizen ID number, different on every call of a process.

    The PostgreSQL run shares one database among all tests, and ID numbers are unique among
    active coordinators: numbers drawn at random (250 a birth date) collided there. The call's
    place in the sequence picks the birth date (unless given) and the order code, so one process
    makes 1,400,000 distinct numbers before any repeats (100 a given birth date)."""
    k = next(_counter)
    if born is None:
        born = dt.date(1960, 1, 1) + dt.timedelta(days=(k * _STEP) % _BIRTH_DAYS)
        k //= _BIRTH_DAYS
    seq = f"{k % 100:02d}{2 * random.randrange(5) + (1 if male else 0)}"
    body = f"{region}{born:%Y%m%d}{seq}"
    return body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def uscc() -> str:
    """A valid unified social credit code, different on every call."""
    body = "91370830" + uuid.uuid4().hex[:9].upper().replace("I", "1").replace("O", "0").replace(
        "S", "5"
    ).replace("V", "7").replace("Z", "2")
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def unique(prefix: str = "T") -> str:
    """A short unique code."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def make_region(
    client: TestClient, headers: dict[str, str], parent_id: int | None = None, kind: str = "county"
) -> dict[str, Any]:
    """Create a region through HTTP and return it."""
    r = client.post(
        "/v1/regions",
        json={"code": unique("R"), "name": "测试区", "kind": kind, "parent_id": parent_id},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return r.json()


def make_enterprise(
    client: TestClient, headers: dict[str, str], region_id: int, **extra: Any
) -> dict[str, Any]:
    """Register an enterprise through HTTP and return it."""
    body = {
        "region_id": region_id,
        "uscc": uscc(),
        "name": "测试制造有限公司",
        "industry": "industry",
        "employees": 350,
        "revenue_10k_yuan": 2500,
        **extra,
    }
    r = client.post("/v1/enterprises", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def coordinator_body(region_id: int, **extra: Any) -> dict[str, Any]:
    """A valid coordinator create body."""
    return {
        "region_id": region_id,
        "name": "张三",
        "id_number": citizen_id(),
        "phone": f"139{random.randrange(10**8):08d}",
        "coordinator_type": "township",
        "employment_identity": "assistant",
        "education_level": "bachelor",
        "major_related": True,
        "work_unit": "汶上县南站镇人民政府",
        "post": "劳动保障所干事",
        "labor_work_started_on": "2019-03-01",
        **extra,
    }


def make_coordinator(
    client: TestClient, headers: dict[str, str], region_id: int, **extra: Any
) -> dict[str, Any]:
    """Create a coordinator through HTTP and return it."""
    r = client.post("/v1/coordinators", json=coordinator_body(region_id, **extra), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def make_case(
    client: TestClient, headers: dict[str, str], region_id: int, **extra: Any
) -> dict[str, Any]:
    """Record a case (an arbitration dispute received 2025-06-02) through HTTP and return it."""
    body = {
        "region_id": region_id,
        "source": "walk_in",
        "procedure": "arbitration",
        "categories": ["pay_compensation"],
        "worker_count": 2,
        "received_on": "2025-06-02",
        "claims": [{"type": "labor_remuneration", "amount": 5000}],
        **extra,
    }
    r = client.post("/v1/cases", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()
