"""HTTP for the identifier check (HTTP only: the rules are in lrc_rules.identifiers)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fastapi import APIRouter

from lrc_api.rules.identifiers.schemas import IdentifierRequest, IdentifierResponse
from lrc_rules.identifiers import validate_citizen_id, validate_mobile, validate_uscc

router = APIRouter(tags=["rules: identifiers"])

_CHINA = ZoneInfo("Asia/Shanghai")
_VALIDATORS = {"citizen_id": validate_citizen_id, "uscc": validate_uscc, "mobile": validate_mobile}


@router.post("/identifiers/validate", summary="Check a citizen ID, credit code or mobile number")
def validate(body: IdentifierRequest) -> IdentifierResponse:
    """Validate one identifier; an invalid one is an answer (valid=false), not an error."""
    # "Today" is China's date: an ID born today is valid from midnight in China.
    as_of = body.as_of or dt.datetime.now(_CHINA).date()
    check = _VALIDATORS[body.kind](body.value, as_of)
    return IdentifierResponse(
        kind=body.kind,
        valid=check.valid,
        reason=check.reason,
        message=check.message,
        masked=check.masked,
        birth_date=check.birth_date,
        sex=check.sex,  # type: ignore[arg-type]
    )
