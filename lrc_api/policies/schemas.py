"""Response models of the policy-pack listing: packs, their parameters, values and citations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.schemas import CitationOut


class ValueFrom(BaseModel):
    """A value and the date from which it holds."""

    model_config = ConfigDict(populate_by_name=True)

    from_: dt.date | None = Field(
        alias="from",
        description="First day the value holds; null: no date of its own (holds whenever the "
        "pack that defines it does).",
    )
    value: Any = Field(description="The value: a number, text, true/false, date, list or table.")


class PolicySummary(BaseModel):
    """A policy pack: which document it carries, where, and since when."""

    id: str = Field(description="Pack id, e.g. `wenshang-2024`.")
    title: str = Field(description="Title of the document the pack carries.")
    jurisdiction: str = Field(description="Where it applies.")
    extends: str | None = Field(description="The pack it builds on (inherits all it does not set).")
    in_force_from: dt.date = Field(description="Date the document is in force from.")
    description: str = Field(description="What the pack covers.")
    source: CitationOut | None = Field(description="The document itself.")


class ParameterOut(BaseModel):
    """One number (or list, text, table) the pack sets, with its values over time."""

    path: str = Field(description="Path by which the rules read it, e.g. `scoring.publicity.cap`.")
    description: str = Field(description="What it is, in one line.")
    unit: str | None = Field(description="Unit of the value, if any.")
    citation: CitationOut = Field(description="Where the value comes from.")
    values: list[ValueFrom] = Field(description="Its values, oldest first.")
    defined_in: str = Field(description="The pack that sets it (this one or one it extends).")
    value_as_of: Any = Field(
        None, description="With `?as_of=`: the value in force on that date (null if none yet)."
    )


class PolicyDetail(PolicySummary):
    """A policy pack with every parameter, inherited ones included."""

    as_of: dt.date | None = Field(None, description="The date `value_as_of` was resolved for.")
    parameters: list[ParameterOut] = Field(description="Every parameter, sorted by path.")
