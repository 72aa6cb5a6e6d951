"""Tables of sign-in: the accounts (kept in ``core.accounts``, which every request reads) and the
failed-login throttle of the token endpoint.

The throttle is keyed by a keyed hash of what was tried — an account name (whether or not it
exists, so a 429 reveals nothing) or a source address — never the clear value: a mistyped
password in the username field, or an address, is not kept readable. It lives in the database,
so every worker of every replica shares it (no Redis needed).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from lrc_api.core.accounts import ApiClient, User
from lrc_api.core.models import UtcDateTime, utcnow

__all__ = ["ApiClient", "LoginThrottle", "User"]


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins of one account name or one source address within the window."""

    __tablename__ = "login_throttle"

    key_hash: str = Field(primary_key=True, max_length=64)
    """``core.pii.keyed_digest`` of ``user:<name>``, ``client:<id>`` or ``addr:<address>``."""
    failures: int = Field(default=0, nullable=False)
    window_started_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    blocked_until: dt.datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
