"""Request and response models of ledger imports (台账导入)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from typing_extensions import TypeAliasType

from lrc_api.core.text import RequestModel
from lrc_api.core.types import RecordId

ImportMode = TypeAliasType("ImportMode", Literal["validate", "commit"])
"""`validate`: check and report, write nothing; `commit`: write."""

ImportConflict = TypeAliasType("ImportConflict", Literal["skip", "update"])
"""What to do with a coordinator already stored (same ID number): leave it, or change what differs."""

SheetLayout = TypeAliasType("SheetLayout", Literal["form", "flat"])
"""`form`: the 附件2 layout (汶政字〔2024〕59号), eight rows per coordinator; `flat`: one row each."""

ImportFileFormat = TypeAliasType("ImportFileFormat", Literal["xlsx", "xls", "csv"])
"""What an imported file's content is (by its bytes, not its name)."""

RowAction = TypeAliasType("ImportRowAction", Literal["create", "update", "unchanged", "skip"])
"""What a good row of the file did (or would do) to the stored coordinators."""


class ImportForm(RequestModel):
    """The form fields sent with the file (multipart/form-data)."""

    region_id: RecordId = Field(
        description="Region (乡镇/街道/领域) the file's coordinators belong to; yours or below. New "
        "coordinators go to it; a stored one already in its subtree stays in its own unit (a "
        "county's ledger read back keeps each township's people), one from elsewhere moves to it."
    )
    mode: ImportMode = Field(
        "validate", description="`validate`: check and report, write nothing; `commit`: write."
    )
    on_conflict: ImportConflict = Field(
        "skip",
        description="A coordinator already stored (same ID number): `skip` leaves it as it is; "
        "`update` changes what differs (audited). A blank cell never erases a stored value.",
    )
    partial: bool = Field(
        False,
        description="Write the good rows even when others are wrong (default: nothing is "
        "written while any row is wrong).",
    )
    year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="Year of the quarterly scores in the file (default: from the sheet's name or "
        "title, e.g. 2025年台账).",
    )


class RowErrorOut(BaseModel):
    """One problem with a row of the file."""

    sheet: str = Field(description="Sheet name (the file name for a csv).")
    row: int = Field(description="Row number as the spreadsheet shows it (1-based).")
    column: str | None = Field(description="The column's header as written in the file.")
    cell: str | None = Field(description="Cell reference, e.g. `C7`.")
    field: str | None = Field(description="The coordinator field or score row concerned.")
    reason: str = Field(description="What is wrong, and the rule it breaks.")


class SheetOut(BaseModel):
    """A sheet that held a ledger."""

    name: str = Field(description="Sheet name.")
    layout: SheetLayout = Field(
        description="`form`: the 附件2 layout, eight rows per coordinator; `flat`: one row each."
    )
    coordinators: int = Field(description="Coordinator blocks or rows found.")
    region_name: str | None = Field(description="The 乡镇(街道、领域) the sheet names, if any.")


class FileOut(BaseModel):
    """The file as received."""

    name: str = Field(description="File name as sent.")
    format: ImportFileFormat = Field(description="What the content is.")
    bytes: int = Field(description="Size in bytes.")
    sha256: str = Field(description="SHA-256 of the content (the source of imported records).")
    sheets: list[SheetOut] = Field(description="Sheets holding a ledger.")


class CountsOut(BaseModel):
    """What happened (or would happen) to the coordinators of the file."""

    read: int = Field(description="Coordinators found in the file.")
    created: int = Field(description="New coordinators.")
    updated: int = Field(description="Stored coordinators changed (on_conflict=update).")
    unchanged: int = Field(description="Stored coordinators the file matches already.")
    skipped: int = Field(description="Stored coordinators that differ but were left (skip).")
    invalid: int = Field(description="Rows with errors (not written).")


class ScoresOut(BaseModel):
    """Quarterly scores written (or to be written) as records."""

    assessments: int = Field(description="Base scores (基本得分) created or changed.")
    activities_created: int = Field(description="Approved activities recorded as imported.")
    activities_withdrawn: int = Field(
        description="Activities of an earlier import withdrawn because the figure changed."
    )


class RowOutcome(BaseModel):
    """What one coordinator of the file did (or would do)."""

    sheet: str = Field(description="Sheet name.")
    row: int = Field(description="First row of the coordinator.")
    action: RowAction = Field(description="The outcome.")
    coordinator_id: int | None = Field(description="The stored coordinator (null until created).")
    fields: list[str] = Field(description="Fields that differ from the stored coordinator.")
    scores_changed: bool = Field(description="Whether quarterly scores are written for it.")


class ImportReport(BaseModel):
    """The outcome of an import: counts, every row error, warnings, each row's action."""

    mode: ImportMode = Field(description="validate or commit.")
    committed: bool = Field(description="Whether anything was written.")
    import_id: int | None = Field(description="The committed import (records carry it).")
    file: FileOut = Field(description="The file.")
    region_id: int = Field(description="Region the coordinators belong to.")
    year: int | None = Field(description="Year of the scores.")
    policy: str = Field(description="Policy pack that checked the scores (the region's).")
    on_conflict: ImportConflict = Field(description="As asked.")
    partial: bool = Field(description="As asked.")
    counts: CountsOut = Field(description="Coordinators by outcome.")
    scores: ScoresOut = Field(description="Score records by outcome.")
    errors: list[RowErrorOut] = Field(description="Every problem found, in file order.")
    warnings: list[str] = Field(description="Rows passed over and other things to know.")
    rows: list[RowOutcome] = Field(description="Each good coordinator row and its outcome.")
