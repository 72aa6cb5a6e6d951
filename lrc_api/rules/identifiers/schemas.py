"""Request and response models of the identifier check (citizen ID, credit code, mobile)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from lrc_api.core.schemas import IsoDate
from lrc_api.core.text import RequestModel

Sex = TypeAliasType("Sex", Literal["male", "female"])
"""Sex read from a citizen ID number (GB 11643: the 17th digit, odd male, even female)."""

IdentifierKind = TypeAliasType("IdentifierKind", Literal["citizen_id", "uscc", "mobile"])
"""公民身份号码 (GB 11643), 统一社会信用代码 (GB 32100), or mainland mobile number."""


class IdentifierRequest(RequestModel):
    """An identifier to check; the value is never logged or echoed back unmasked."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "citizen_id", "value": "370830198805123625"}]},
        extra="forbid",
    )

    kind: IdentifierKind = Field(description="Which kind of identifier the value is.")
    value: str = Field(max_length=64, description="The identifier as entered.")
    as_of: IsoDate | None = Field(
        None, description="Date a birth date may not be after (YYYY-MM-DD); default: today."
    )


class IdentifierResponse(BaseModel):
    """Whether the identifier is valid, why not, and what may be shown of it."""

    kind: IdentifierKind = Field(description="The kind checked.")
    valid: bool = Field(description="Whether the value passes every check of its standard.")
    reason: str | None = Field(
        description="Stable code of the first failed check (e.g. `bad_check_digit`); null if valid."
    )
    message: str = Field(description="The outcome in words (Chinese, then English).")
    masked: str = Field(
        description="Safe to display: ID first 6 + 8 stars + last 4; mobile first 3 + 4 stars + "
        "last 4; a credit code is not personal data and is shown whole."
    )
    birth_date: dt.date | None = Field(None, description="Birth date encoded in a valid ID.")
    sex: Sex | None = Field(
        None, description="Sex encoded in a valid ID (odd sequence digit = male)."
    )
