"""The report of an import: what the file held, what each row did (or would do), every error."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from lrc_api.imports.parse import ParsedSheet, RowError
from lrc_rules.policies import Policy

if TYPE_CHECKING:
    from lrc_api.imports.service import ImportOptions, Planned


def row_error(e: RowError) -> dict[str, Any]:
    """A row error in the report's shape (``RowErrorOut``)."""
    return {
        "sheet": e.sheet,
        "row": e.row,
        "column": e.column,
        "cell": e.cell,
        "field": e.field,
        "reason": e.reason,
    }


def build_report(
    options: ImportOptions,
    fmt: str,
    content: bytes,
    sheets: list[ParsedSheet],
    region_id: int,
    year: int | None,
    policy: Policy,
    planned: list[Planned],
    errors: list[RowError],
    warnings: list[str],
) -> dict[str, Any]:
    """The report (``ImportReport``) of a checked file and its plan; not yet committed."""
    counts = {
        "read": sum(len(p.records) for p in sheets),
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
    }
    key = {"create": "created", "update": "updated", "unchanged": "unchanged", "skip": "skipped"}
    scores = {"assessments": 0, "activities_created": 0, "activities_withdrawn": 0}
    rows = []
    for item in planned:
        counts[key[item.action]] += 1
        if item.scores and item.action in ("create", "update"):
            scores["assessments"] += len(item.scores.assessments)
            scores["activities_created"] += sum(n for _, _, n, _ in item.scores.add)
            scores["activities_withdrawn"] += len(item.scores.withdraw)
        rows.append(
            {
                "sheet": item.candidate.record.sheet,
                "row": item.candidate.record.row,
                "action": item.action,
                "coordinator_id": item.coordinator_id,
                "fields": sorted(item.changes or {}),
                "scores_changed": bool(item.scores),
            }
        )
    return {
        "mode": options.mode,
        "committed": False,
        "import_id": None,
        "file": {
            "name": options.file_name,
            "format": fmt,
            "bytes": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "sheets": [
                {
                    "name": p.name,
                    "layout": p.layout,
                    "coordinators": len(p.records),
                    "region_name": p.region_name,
                }
                for p in sheets
            ],
        },
        "region_id": region_id,
        "year": year,
        "policy": policy.id,
        "on_conflict": options.on_conflict,
        "partial": options.partial,
        "counts": counts,
        "scores": scores,
        "errors": [row_error(e) for e in errors],
        "warnings": warnings,
        "rows": rows,
    }
