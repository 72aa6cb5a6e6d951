"""Request and response models of risk signals."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from lrc_api.core.schemas import IsoDate
from lrc_api.core.text import RequestModel
from lrc_api.core.types import RecordId
from lrc_api.rules.early_warning.schemas import SignalKindCode, SignalValue

SignalSource = Annotated[
    str,
    Field(
        min_length=1,
        max_length=60,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
        description="The system that observed it, e.g. `tax.jining`, `power-grid`, `hotline-12345`.",
    ),
]
"""Code of the system a signal comes from."""

# A source id is clean text (lrc_api.core.text) with no blank at either end: it is compared as
# sent, and the pattern says both to a client's validator.
_INNER = r"[^\x00-\x1f\x7f-\x9f\ufffe\uffff]"
_EDGE = r"[^\s\x00-\x1f\x7f-\x9f\ufffe\uffff]"

SourceId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=rf"^{_EDGE}(?:{_INNER}*{_EDGE})?$",
        description="The source's own id of the observation: (source, source_id) is recorded once.",
    ),
]
"""The source system's id of one observation."""

NOTE_FIELD = "risk_signal.note"
"""Field name of the note's encryption (associated data)."""

_EXAMPLE = {
    "source": "power-grid",
    "source_id": "2025-06-meter-3708301",
    "kind": "power_drop",
    "value": 55,
    "observed_on": "2025-06-28",
    "note": "6月用电量同比下降55%，车间停工",
}


class SignalCreate(RequestModel):
    """A signal about the enterprise named in the path, as another system observed it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    source: SignalSource
    source_id: SourceId
    kind: SignalKindCode
    value: SignalValue | None = Field(None, description="Workers, months or percent; see kind.")
    observed_on: IsoDate = Field(description="Day it was observed (not in the future).")
    note: str | None = Field(
        None,
        min_length=1,
        max_length=1000,
        description="Free text; may hold personal data: stored encrypted, shown masked without "
        "pii:read.",
    )


class SignalBulkItem(SignalCreate):
    """A signal about the enterprise it names."""

    model_config = ConfigDict(json_schema_extra={"examples": [{**_EXAMPLE, "enterprise_id": 1}]})

    enterprise_id: RecordId = Field(description="The enterprise (in your region).")


class SignalBulkCreate(RequestModel):
    """Signals of many enterprises at once: all recorded, or none."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "signals": [
                        {**_EXAMPLE, "enterprise_id": 1},
                        {
                            "enterprise_id": 2,
                            "source": "si.jining",
                            "source_id": "arrears-2025-06-0042",
                            "kind": "social_insurance_arrears",
                            "value": 4,
                            "observed_on": "2025-06-30",
                        },
                    ]
                }
            ]
        },
    )

    signals: list[SignalBulkItem] = Field(
        min_length=1, max_length=1000, description="Up to 1,000 signals."
    )


class SignalRead(BaseModel):
    """A recorded signal; the note is masked unless you hold pii:read."""

    id: int = Field(description="Signal id.")
    enterprise_id: int = Field(description="The enterprise.")
    region_id: int = Field(description="The enterprise's region (scoping).")
    kind: str = Field(description="Signal kind.")
    value: float | None = Field(description="Workers, months or percent.")
    observed_on: dt.date = Field(description="Day observed.")
    source: str = Field(description="The system it came from.")
    source_id: str = Field(description="The source's id of it.")
    note: str | None = Field(description="Free text (masked without pii:read).")
    pii_masked: bool = Field(description="Whether the note is the masked copy.")
    recorded_by: str = Field(description="Who recorded it (principal subject).")
    created_at: dt.datetime = Field(description="Recorded (UTC).")


class SignalBulkItemResult(BaseModel):
    """What became of one signal of a bulk request."""

    index: int = Field(description="Position in the request.")
    id: int = Field(description="The signal's id.")
    created: bool = Field(description="False when (source, source_id) was already recorded alike.")


class SignalBulkResult(BaseModel):
    """The outcome of a bulk request."""

    created: int = Field(description="Signals recorded now.")
    unchanged: int = Field(description="Signals already recorded with the same content.")
    items: list[SignalBulkItemResult] = Field(description="One entry per request signal.")
