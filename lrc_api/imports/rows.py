"""A coordinator's cells to a checked record: every field read, every rule applied, all errors kept.

The fields pass the same checks as ``POST /v1/coordinators`` — the request model (clean text,
lengths, enumerations), GB 11643 for the ID number, a mainland mobile number, no date in the
future — and each failure names the sheet, row and column header the value came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from lrc_api.coordinators.schemas import CoordinatorCreate
from lrc_api.coordinators.service import ID_FIELD
from lrc_api.core import pii
from lrc_api.imports import cells
from lrc_api.imports.parse import Place, Record, RowError
from lrc_rules.identifiers import validate_citizen_id, validate_mobile

# The request field → the file fields it may come from (first present wins for the error's place).
_SOURCES = {
    "name": ("name",),
    "id_number": ("id_number",),
    "phone": ("phone",),
    "coordinator_type": ("coordinator_type",),
    "employment_identity": ("employment_identity",),
    "education_level": ("education",),
    "major_related": ("major_related",),
    "work_unit": ("work_unit", "work_unit_and_post"),
    "post": ("post", "work_unit_and_post"),
    "labor_work_started_on": ("started_on", "years"),
    "joined_on": ("joined_on",),
    "note": ("note",),
}
_REQUIRED = {
    "name": "姓名",
    "id_number": "身份证号码",
    "coordinator_type": "协调员类型",
    "education_level": "学历",
    "work_unit": "工作单位及职务",
}


@dataclass
class Candidate:
    """A coordinator of the file that passed every check, ready to match and write."""

    record: Record
    data: CoordinatorCreate
    id_hash: str
    given: set[str] = field(default_factory=set)
    from_years: bool = False
    """Whether the start of labor-relations work was worked out from 从事协调劳动关系工作年限."""


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _place(record: Record, request_field: str) -> Place:
    for f in _SOURCES.get(request_field, (request_field,)):
        if f in record.places:
            return record.places[f]
    return Place(record.sheet, record.row, 0, request_field)


def is_empty_template(record: Record) -> bool:
    """A block of the printed form left unfilled: no name, no ID number, no score."""
    v = record.values
    return (
        cells.is_blank(v.get("name"))
        and cells.is_blank(v.get("id_number"))
        and all(cells.is_blank(value) for value, _ in record.scores.values())
    )


def check_record(
    record: Record, *, region_id: int, as_of: dt.date, today: dt.date
) -> Candidate | list[RowError]:
    """The checked coordinator of ``record``, or every error it has."""
    errors: list[RowError] = []
    v = record.values
    body: dict[str, Any] = {"region_id": region_id}

    def read(request_field: str, parse: Any, *args: Any) -> Any:
        source = next((f for f in _SOURCES[request_field] if f in v), None)
        if source is None:
            return None
        try:
            return parse(v[source], *args)
        except cells.CellError as exc:
            errors.append(RowError.at(_place(record, request_field), request_field, str(exc)))
            return None

    body["name"] = read("name", cells.text)
    number = read("id_number", cells.digits, "身份证号码")
    if number and "*" in number:
        errors.append(
            RowError.at(
                _place(record, "id_number"),
                "id_number",
                "is masked; the import needs the full number (export the ledger with pii:read)",
            )
        )
        number = None
    body["id_number"] = number
    body["phone"] = read("phone", cells.digits, "联系方式")
    body["coordinator_type"] = read(
        "coordinator_type", cells.enum, cells.COORDINATOR_TYPES, "协调员类型"
    )
    body["education_level"] = read("education_level", cells.enum, cells.EDUCATION_LEVELS, "学历")
    identity = read("employment_identity", cells.enum, cells.IDENTITIES, "人员身份")
    body["employment_identity"] = identity or "other"
    related = read("major_related", cells.yes_no)
    body["major_related"] = bool(related)
    if "work_unit" in v:
        body["work_unit"] = read("work_unit", cells.text)
        body["post"] = read("post", cells.text) if "post" in v else None
    else:
        combined = read("work_unit", cells.text) or ""
        unit, _, post = combined.partition(" ")
        body["work_unit"], body["post"] = unit or None, post.strip() or None
    started = read("labor_work_started_on", cells.date) if "started_on" in v else None
    from_years = started is None and not cells.is_blank(v.get("years"))
    if started is None and "years" in v:
        years = read("labor_work_started_on", cells.whole_number, "从事协调劳动关系工作年限", "年")
        if years is not None and not 0 <= years <= 80:
            errors.append(
                RowError.at(
                    _place(record, "labor_work_started_on"),
                    "labor_work_started_on",
                    "must be 0 to 80 years",
                )
            )
        elif years is not None:
            started = _years_before(min(as_of, today), years)
    body["labor_work_started_on"] = started
    body["joined_on"] = read("joined_on", cells.date)
    body["note"] = read("note", cells.text)
    for request_field, header in _REQUIRED.items():
        if body.get(request_field) is None and not any(e.field == request_field for e in errors):
            errors.append(
                RowError.at(_place(record, request_field), request_field, f"{header} is required")
            )
    for request_field in ("labor_work_started_on", "joined_on"):
        day = body.get(request_field)
        if day is not None and day > today:
            errors.append(
                RowError.at(_place(record, request_field), request_field, "cannot be in the future")
            )
    if errors:
        return errors
    try:
        data = CoordinatorCreate.model_validate({k: x for k, x in body.items() if x is not None})
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            request_field = str(e["loc"][0]) if e["loc"] else "row"
            errors.append(RowError.at(_place(record, request_field), request_field, e["msg"]))
        return errors
    check = validate_citizen_id(data.id_number, today)
    if not check.valid or check.normalized is None:
        errors.append(
            RowError.at(_place(record, "id_number"), "id_number", f"{check.message} (GB 11643)")
        )
    if data.phone is not None:
        mobile = validate_mobile(data.phone)
        if not mobile.valid:
            errors.append(RowError.at(_place(record, "phone"), "phone", mobile.message))
    if errors:
        return errors
    assert check.normalized is not None
    data = data.model_copy(update={"id_number": check.normalized})
    filled = {k for k, x in v.items() if not cells.is_blank(x)}
    given = {f for f, sources in _SOURCES.items() if filled.intersection(sources)}
    id_hash = pii.lookup_hash(check.normalized, field=ID_FIELD)
    return Candidate(record, data, id_hash, given, from_years)
