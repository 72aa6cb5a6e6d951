"""Free text that may hold personal data (a signal's note, an alert's note): sealed and masked.

A note is stored encrypted (``lrc_api.core.pii``, the field name as associated data) beside a
masked copy; callers with ``pii:read`` read the note, others the masked copy. Masking catches what
has a shape — citizen ID numbers (18 or 15 characters), mobile and landline numbers, bank-card
numbers — and keeps the text readable around them; a name or an address in a note has no shape,
so it stays in the masked copy: the encryption at rest and the region scope protect it. Notes are
never logged (the service logs no request bodies).
"""

from __future__ import annotations

import re

from lrc_api.core import pii

_SHAPES = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"(?P<id18>\d{17}[\dXx])"  # citizen ID (GB 11643)
    r"|(?P<digits>\d{11,19})"  # mobile, 15-digit ID, bank card, landline with area code
    r"|(?P<landline>0\d{2,3}-\d{7,8})"  # landline written with a hyphen
    r")(?![0-9A-Za-z])"
)


def _mask(m: re.Match[str]) -> str:
    text = m.group(0)
    if m.group("id18") or (m.group("digits") and len(text) == 15):
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if m.group("landline"):
        area, number = text.split("-")
        return f"{area}-{'*' * (len(number) - 2)}{number[-2:]}"
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_personal_data(text: str) -> str:
    """``text`` with ID-number-, phone- and card-like numbers masked (first and last digits kept)."""
    return _SHAPES.sub(_mask, text)


def seal(text: str | None, *, field: str) -> tuple[str | None, str | None]:
    """The encrypted note and its masked copy, for the columns ``<name>_encrypted`` and
    ``<name>_masked`` (None for no note)."""
    if text is None:
        return None, None
    return pii.encrypt(text, field=field), mask_personal_data(text)


def reveal(encrypted: str | None, masked: str | None, *, field: str, unmasked: bool) -> str | None:
    """The note a caller may read: decrypted with ``unmasked`` (pii:read), else the masked copy."""
    if encrypted is None:
        return None
    return pii.decrypt(encrypted, field=field) if unmasked else masked
