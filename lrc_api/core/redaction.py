"""Personal data out of logs, error bodies and free text: one detector, one mask.

Two uses, one place:

- :func:`redact` masks anything that *looks like* a citizen ID number (18 characters, or the
  15-digit numbers of before 1999) or a mainland mobile number (``1[3-9]`` and 9 digits, with
  ``+86``/``86`` or separators) inside a text, as the API masks stored values (``370830********7662``,
  ``139****0894``). The problem+json builder (``core.errors.problem_response``) and the JSON log
  formatter (``core.observability.JsonFormatter``) pass everything they write through it, so a
  path like ``/v1/coordinators/370830198003137662`` or ``?sort=13906480894`` never reaches a log
  line or an error body in clear. Loose on purpose: masking a number that merely looks like one
  costs nothing.
- :func:`find_personal_data` is the strict check behind :data:`lrc_api.core.types.FreeText`:
  free-text fields (notes, summaries, names) refuse a *valid* ID number (GB 11643 check
  character and birth date) or a valid mobile number, since personal data is stored only in the
  fields made for it, encrypted (``core.pii``). Strict, so a file name or a reference number that
  happens to be 18 digits long is not refused for nothing.

A value is a run of digits of the right length, whatever stands beside it (``x13906480894`` and
``电话13906480894`` are masked too; ``\\b`` would miss both). Request ids are left alone by the
callers: the service makes them (random hex) or refuses a client's that holds such a value.
"""

from __future__ import annotations

import re
from typing import Any

from lrc_api.core.models import today
from lrc_rules.identifiers import mask_citizen_id, mask_mobile, validate_citizen_id

_EDGE_BEFORE = r"(?<!\d)"
_EDGE_AFTER = r"(?!\d)"

_ID_NUMBER = re.compile(_EDGE_BEFORE + r"(?:\d{17}[\dXx]|\d{15})" + _EDGE_AFTER)
"""A citizen ID number: 17 digits and a digit or X, or the 15 digits of a first-generation card."""

_PERSONAL = re.compile(
    _EDGE_BEFORE
    + r"(?:(?P<id>\d{17}[\dXx]|\d{15})"
    + r"|(?:\+?86[- ]?)?(?P<m1>1[3-9]\d)[- ]?(?P<m2>\d{4})[- ]?(?P<m3>\d{4}))"
    + _EDGE_AFTER
)
"""An ID number (as above) or a mainland mobile number, optionally with the country code and
``-``/space separators: one pattern, so a text is scanned once."""

_STRICT_MOBILE = re.compile(_EDGE_BEFORE + r"(?:\+?86)?1[3-9]\d{9}" + _EDGE_AFTER)


def _mask(match: re.Match[str]) -> str:
    found = match.group("id")
    if found is not None:
        return mask_citizen_id(found)
    return mask_mobile(match.group("m1") + match.group("m2") + match.group("m3"))


def redact(text: str) -> str:
    """``text`` with every ID-number-like and phone-like value masked."""
    return _PERSONAL.sub(_mask, text)


def redact_value(value: Any) -> Any:
    """``value`` with :func:`redact` applied to every string (and long integer) it holds.

    Dicts, lists and tuples are walked; an integer that reads like an ID number or a phone
    becomes its masked text; anything else is returned as it is.
    """
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        if abs(value) < 10**10:
            return value
        masked = redact(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


def find_personal_data(text: str) -> str | None:
    """What personal data ``text`` holds in clear (``"an ID number"``, ``"a mobile number"``) or None.

    An ID number counts only if it passes GB 11643 (region, birth date, check character); a
    mobile number if it has the 11 digits and a prefix of the numbering plan.
    """
    if not any(c.isdigit() for c in text):
        return None
    for match in _ID_NUMBER.finditer(text):
        if len(match.group()) == 18 and validate_citizen_id(match.group(), today()).valid:
            return "an ID number"
    if _STRICT_MOBILE.search(text):
        return "a mobile number"
    return None
