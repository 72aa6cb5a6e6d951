"""Importing coordinators from a ledger file (台账导入): read, check every row, match, then write.

The whole file is checked before anything is written, and every problem is reported at once with
its sheet, row, column header and reason. With errors nothing is written, unless the caller asks
for a partial import (then the good rows are). Rows are matched to stored coordinators by the
keyed hash of the ID number (never the number itself); a match is left alone (``skip``) or
brought to what the file says (``update``), field by field, through the same audited update as
``PATCH /v1/coordinators/{id}``; a blank cell never erases a stored value. The same file imported
twice changes nothing. Scores become assessments and imported activities (:mod:`.scores`).
Never commits: the router (or the CLI) commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session, col, select

from lrc_api.coordinators.models import Coordinator
from lrc_api.coordinators.service import PHONE_FIELD
from lrc_api.core import pii
from lrc_api.core.errors import FieldError, Forbidden, InvalidInput
from lrc_api.core.models import today
from lrc_api.core.policies import region_policy
from lrc_api.core.principal import Principal
from lrc_api.core.region_tree import Region
from lrc_api.core.scope import require_writable_region, visible_region_ids
from lrc_api.core.settings import get_settings
from lrc_api.imports import writes
from lrc_api.imports.parse import ParsedSheet, RowError, parse_sheet
from lrc_api.imports.reader import TooLarge, read_spreadsheet
from lrc_api.imports.report import build_report
from lrc_api.imports.rows import Candidate, check_record, is_empty_template
from lrc_api.imports.scores import QuarterScores, ScorePlan, plan_scores, read_scores, stored_state
from lrc_api.ledger.service import full_years
from lrc_rules.policies import Policy

Progress = Callable[[str, int, int], None]
"""Called as work advances: (phase, done, total); phases: checking, writing."""

_COMPARED = (
    "name",
    "coordinator_type",
    "employment_identity",
    "education_level",
    "major_related",
    "work_unit",
    "post",
    "joined_on",
    "note",
)


@dataclass(frozen=True)
class ImportOptions:
    """How to import: where to, whether to write, what to do with coordinators already stored."""

    region_id: int
    mode: Literal["validate", "commit"] = "validate"
    on_conflict: Literal["skip", "update"] = "skip"
    partial: bool = False
    year: int | None = None
    file_name: str = "ledger"


class ImportRejected(InvalidInput):
    """422: rows of the file are wrong; nothing was written. ``row_errors`` lists them all."""


@dataclass
class Planned:
    """What the import does with one coordinator of the file."""

    candidate: Candidate
    quarters: list[QuarterScores]
    action: str
    coordinator_id: int | None = None
    region_id: int | None = None
    version: int | None = None
    changes: dict[str, Any] | None = None
    scores: ScorePlan | None = None


def _required_columns(parsed: ParsedSheet) -> list[str]:
    need = {
        "name": "姓名",
        "id_number": "身份证号码",
        "coordinator_type": "协调员类型",
        "education": "学历",
    }
    missing = [header for f, header in need.items() if f not in parsed.columns]
    if "work_unit" not in parsed.columns and "work_unit_and_post" not in parsed.columns:
        missing.append("工作单位及职务 (or 工作单位)")
    return missing


def _changes(
    row: Any, c: Candidate, region_id: int, subtree: set[int], on: dt.date
) -> dict[str, Any]:
    """What differs between the stored row and the file, for the fields the file gives.

    A coordinator already somewhere in the region's subtree stays where it is: a county's ledger
    lists its townships' coordinators, and importing it back must not pull them all up to the
    county. One stored outside the subtree moves to the region the file is imported into.
    """
    data = c.data
    out: dict[str, Any] = {}
    for f in _COMPARED:
        if f in c.given and getattr(row, f) != getattr(data, f):
            out[f] = getattr(data, f)
    phone = data.phone
    if "phone" in c.given and phone and row.phone_hash != pii.lookup_hash(phone, field=PHONE_FIELD):
        out["phone"] = phone
    if "labor_work_started_on" in c.given:
        started = data.labor_work_started_on
        if c.from_years:
            if full_years(row.labor_work_started_on, on) != full_years(started, on):
                out["labor_work_started_on"] = started
        elif row.labor_work_started_on != started:
            out["labor_work_started_on"] = started
    if row.region_id not in subtree:
        out["region_id"] = region_id
    return out


_MATCH_COLUMNS = (
    "id",
    "version",
    "region_id",
    "id_number_hash",
    "phone_hash",
    "labor_work_started_on",
    *_COMPARED,
)


def _existing(session: Session, hashes: list[str]) -> dict[str, Any]:
    """Active coordinators by the look-up hash of their ID number (only the compared columns)."""
    out: dict[str, Any] = {}
    columns = [getattr(Coordinator, name) for name in _MATCH_COLUMNS]
    for i in range(0, len(hashes), 500):
        # By the hash alone, so the hash index serves the query even before the table has
        # statistics (a fresh bulk load); the few rows of people who left are dropped here.
        stmt = select(*columns, Coordinator.status, Coordinator.deleted_at).where(
            col(Coordinator.id_number_hash).in_(hashes[i : i + 500])
        )
        out.update(
            {
                row.id_number_hash: row
                for row in session.execute(stmt)
                if row.status == "active" and row.deleted_at is None
            }
        )
    return out


def _year(options: ImportOptions, sheets: list[ParsedSheet]) -> tuple[int | None, list[str]]:
    if options.year is not None:
        return options.year, []
    years = {p.year for p in sheets if p.year is not None}
    if len(years) > 1:
        return None, [f"the sheets name different years ({sorted(years)}); give year"]
    return (years.pop() if years else None), []


def import_coordinators(
    *,
    session: Session,
    principal: Principal,
    content: bytes,
    options: ImportOptions,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Check (and with ``mode=commit`` write) the coordinators of a ledger file.

    Returns the report (counts, every row error, warnings, what each row did or would do).
    Raises TooLarge (413), UnsupportedFile (415), InvalidInput (422: the region, the file has no
    ledger or lacks a column), Forbidden (403: region outside the caller's), and ImportRejected
    (422, every row error) when committing a file with bad rows without ``partial``.
    """
    settings = get_settings()
    if len(content) > settings.import_max_bytes:
        raise TooLarge(f"file: {len(content):,} bytes, at most {settings.import_max_bytes:,}")
    region = require_writable_region(session, principal, options.region_id)
    assert region.id is not None
    policy = region_policy(session, region.id)
    book = read_spreadsheet(
        content,
        name=options.file_name,
        max_rows=settings.import_max_rows,
        max_unzipped_bytes=settings.import_max_unzipped_bytes,
        max_cells=settings.import_max_cells,
    )
    sheets = [p for s in book.sheets if (p := parse_sheet(s)) is not None]
    passed = [s.name for s in book.sheets if s.name not in {p.name for p in sheets}]
    if not sheets:
        raise InvalidInput.on(
            "file",
            "no ledger found: no sheet has a header row naming 姓名, 身份证号码, 协调员类型, 学历 "
            "and 工作单位及职务 (附件2) in its first rows",
        )
    missing = [(p.name, m) for p in sheets for m in _required_columns(p)]
    if missing:
        raise InvalidInput(
            "file: columns are missing",
            errors=[FieldError(field="file", message=f"{s}: no column {m}") for s, m in missing],
        )
    year, warnings = _year(options, sheets)
    warnings += [f"sheet {name} holds no ledger (no header row): passed over" for name in passed]
    now_day = today()
    errors: list[RowError] = [e for p in sheets for e in p.errors]
    warnings += [w for p in sheets for w in p.warnings]
    for p in sheets:
        if p.region_name and p.region_name.replace(" ", "") != region.name.replace(" ", ""):
            warnings.append(
                f"{p.name}: the file names {p.region_name}; its rows go to {region.name}"
            )
    records = [(p, r) for p in sheets for r in p.records]
    checked: list[tuple[Candidate, list[QuarterScores]]] = []
    first_row: dict[str, tuple[str, int]] = {}
    for i, (p, rec) in enumerate(records):
        if progress and i % 500 == 0:
            progress("checking", i, len(records))
        if is_empty_template(rec):
            warnings.append(f"{rec.sheet} row {rec.row}: an empty block of the form, passed over")
            continue
        result = check_record(rec, region_id=region.id, as_of=p.as_of or now_day, today=now_day)
        if isinstance(result, list):
            errors.extend(result)
            continue
        seen = first_row.get(result.id_hash)
        if seen is not None:
            place = result.record.places["id_number"]
            errors.append(
                RowError.at(place, "id_number", f"the same ID number as {seen[0]} row {seen[1]}")
            )
            continue
        first_row[result.id_hash] = (rec.sheet, rec.row)
        quarters, score_errors = read_scores(
            rec,
            year=year,
            policy=policy,
            today=now_day,
            max_events=settings.import_max_events_per_cell,
        )
        if score_errors:
            errors.extend(score_errors)
            continue
        checked.append((result, quarters))
    if progress:
        progress("checking", len(records), len(records))

    planned, plan_errors = _plan(
        session, principal, checked, region, year, policy, options, now_day
    )
    errors += plan_errors
    bad_rows = {(e.sheet, e.row) for e in errors}
    report = build_report(
        options, book.format, content, sheets, region.id, year, policy, planned, errors, warnings
    )
    report["counts"]["invalid"] = len(bad_rows)
    if errors and not options.partial:
        if options.mode == "commit":
            raise ImportRejected(
                f"file: {len(errors)} problems in {len(bad_rows)} rows; nothing was imported",
                errors=[
                    FieldError(
                        field=f"{e.sheet}!{e.cell}" if e.cell else f"{e.sheet} row {e.row}",
                        message=f"{e.column}: {e.reason}" if e.column else e.reason,
                    )
                    for e in errors
                ],
                extra={"row_errors": report["errors"], "counts": report["counts"]},
            )
        return report
    if options.mode == "validate":
        return report
    if report["scores"]["assessments"] or report["scores"]["activities_created"]:
        missing = [s for s in ("assessments:write", "activities:review") if not principal.can(s)]
        if missing:
            raise Forbidden(
                f"the file holds quarterly scores: importing them needs {' and '.join(missing)}"
            )
    batch = writes.write_plan(
        session,
        principal,
        planned,
        region.id,
        year,
        policy,
        options,
        book.format,
        content,
        report,
        progress,
    )
    report["import_id"] = batch.id
    report["committed"] = True
    for entry, item in zip(report["rows"], planned, strict=True):
        entry["coordinator_id"] = item.coordinator_id
    batch.counts = {**report["counts"], **report["scores"]}
    return report


def _plan(
    session: Session,
    principal: Principal,
    checked: list[tuple[Candidate, list[QuarterScores]]],
    region: Region,
    year: int | None,
    policy: Policy,
    options: ImportOptions,
    on: dt.date,
) -> tuple[list[Planned], list[RowError]]:
    assert region.id is not None
    region_id = region.id
    subtree = set(session.exec(select(Region.id).where(col(Region.path).startswith(region.path))))
    existing = _existing(session, [c.id_hash for c, _ in checked])
    errors: list[RowError] = []
    scope = visible_region_ids(session, principal)
    if scope is None:
        visible = existing
    else:
        regions = set(session.exec(scope))  # once, not a look-up per matched row
        visible = {h: row for h, row in existing.items() if row.region_id in regions}
    matched_ids = [row.id for row in visible.values() if row.id is not None]
    stored = (
        stored_state(session, matched_ids, year, {i: policy for i in matched_ids}) if year else {}
    )
    planned: list[Planned] = []
    for c, quarters in checked:
        row = existing.get(c.id_hash)
        if row is not None and c.id_hash not in visible:
            errors.append(
                RowError.at(
                    c.record.places["id_number"],
                    "id_number",
                    "an active coordinator with this ID number belongs to a region outside yours",
                )
            )
            continue
        if row is None:
            scores, score_errors = plan_scores(quarters, stored, None)
            errors += score_errors
            if not score_errors:
                planned.append(Planned(c, quarters, "create", scores=scores))
            continue
        changes = _changes(row, c, region_id, subtree, on)
        scores, score_errors = plan_scores(quarters, stored, row.id)
        if not changes and not scores and not score_errors:
            planned.append(Planned(c, quarters, "unchanged", row.id, row.region_id, row.version))
        elif options.on_conflict == "skip":
            planned.append(
                Planned(c, quarters, "skip", row.id, row.region_id, row.version, changes)
            )
        elif score_errors:
            errors += score_errors
        else:
            planned.append(
                Planned(c, quarters, "update", row.id, row.region_id, row.version, changes, scores)
            )
    return planned, errors
