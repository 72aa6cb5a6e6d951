"""Every date in every request body is written YYYY-MM-DD (RFC 3339 full-date), nothing else.

FastAPI validates parsed JSON in Python mode, where a bare ``datetime.date`` field also takes a
number (``0`` is 1970-01-01) and a date-time; the shared ``IsoDate`` refuses them. This walks the
models of every request body, nested ones included, so a new field cannot slip back.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter

from lrc_api.core.text import RequestModel

NOT_DATES = (0, 1_700_000_000, "2025-1-1", "20250101", "2025-01-01T00:00:00")
OUT_OF_RANGE = ("0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31")
"""Real days, but outside what a request may name (lrc_api.core.schemas.FIRST_DAY, LAST_DAY)."""


def _types(annotation: Any) -> Iterator[Any]:
    stack = [annotation]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(typing.get_args(current))


def _request_models() -> set[type[BaseModel]]:
    # Every body model is a RequestModel (tests/api/test_clean_text.py holds that), so its
    # subclasses and the models nested in them are every model a request is read into.
    import lrc_api.main  # noqa: F401  (imports every router, hence every request model)

    seen: set[type[BaseModel]] = set()
    todo: list[Any] = [RequestModel]
    while todo:
        current = todo.pop()
        if isinstance(current, type) and issubclass(current, BaseModel) and current not in seen:
            seen.add(current)
            todo.extend(current.__subclasses__())
            for field in current.model_fields.values():
                todo.extend(_types(field.annotation))
    return seen


def test_request_models_are_found() -> None:
    """The walk reaches body models and the models nested in them (an obligations request's activities)."""
    names = {m.__name__ for m in _request_models()}
    assert {"ObligationsRequest", "ActivityIn", "CaseCreate", "WorkPeriodIn"} <= names


def test_every_request_date_is_yyyy_mm_dd_rfc3339_full_date() -> None:
    """No date field of a request body takes a number or a date-time for a day."""
    accepted = []
    for model in _request_models():
        for name, field in model.model_fields.items():
            if dt.date not in set(_types(field.annotation)):
                continue
            metadata = tuple(field.metadata)
            adapter: TypeAdapter[Any] = TypeAdapter(
                typing.Annotated[(field.annotation, *metadata)] if metadata else field.annotation
            )
            for value in (*NOT_DATES, *OUT_OF_RANGE):
                for validate in (adapter.validate_python, adapter.validate_json):
                    try:
                        validate(
                            json.loads(json.dumps(value))
                            if validate == adapter.validate_python
                            else json.dumps(value)
                        )
                    except ValueError:
                        continue
                    accepted.append(f"{model.__name__}.{name} took {value!r}")
    assert not accepted, "use lrc_api.core.schemas.IsoDate:\n" + "\n".join(accepted)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/v1/rules/qualification",
            {
                "as_of": "9999-12-31",
                "education": {"level": "bachelor", "major_related": True, "status": "graduated"},
                "work_periods": [{"start": "2016-03-01"}],
            },
        ),
        (
            "/v1/rules/obligations",
            {"period_start": "9999-12-01", "period_end": "9999-12-31", "as_of": "9999-12-31"},
        ),
    ],
)
def test_a_day_at_the_end_of_the_calendar_is_422_not_500(
    client: TestClient, auth_headers: Callable[..., dict[str, str]], path: str, body: Any
) -> None:
    """The rules count years and months on from a request's days: from 9999-12-31 that left
    Python's calendar (ValueError: year 10000 is out of range, a 500)."""
    r = client.post(path, json=body, headers=auth_headers("admin"))
    assert r.status_code == 422, r.text
    assert "2199-12-31" in r.text
