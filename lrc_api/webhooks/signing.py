"""Standard Webhooks signatures: ``whsec_`` secrets and the ``webhook-*`` headers.

The signature is HMAC-SHA256 over ``{webhook-id}.{webhook-timestamp}.{body}`` with the secret's
bytes, sent as ``v1,<base64>``; during a rotation's overlap the old secret signs too and both
signatures go space-separated in one header, which every Standard Webhooks verifier accepts.
Signing uses the ``standardwebhooks`` package (the specification's own reference library, pure
standard library) so our signatures are by construction what receivers' verifiers expect.
Secrets are stored encrypted with the personal-data keys (``lrc_api.core.pii``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
from collections.abc import Sequence

from standardwebhooks import Webhook

from lrc_api.core import pii

SECRET_PREFIX = "whsec_"
"""Prefix of Standard Webhooks secrets."""

SECRET_BYTES = 32
"""Random bytes in a secret the service generates."""

_FIELD = "webhook_subscription.secret"


def new_secret() -> str:
    """A fresh secret: ``whsec_`` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(os.urandom(SECRET_BYTES)).decode()


def check_secret(secret: str) -> str:
    """A caller-chosen secret, checked: ``whsec_`` + base64 of 24 to 64 bytes (ValueError if not)."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("must start with whsec_")
    try:
        raw = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("must be whsec_ followed by base64") from None
    if not 24 <= len(raw) <= 64:
        raise ValueError("must hold 24 to 64 random bytes (base64 after whsec_)")
    return secret


def seal(secret: str) -> str:
    """A secret encrypted for storage."""
    return pii.encrypt(secret, field=_FIELD)


def unseal(stored: str) -> str:
    """A stored secret decrypted (in memory only, to sign)."""
    return pii.decrypt(stored, field=_FIELD)


def headers(
    *, message_id: str, timestamp: dt.datetime, body: str, secrets: Sequence[str]
) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt, one signature per secret in ``secrets``."""
    signatures = " ".join(
        Webhook(secret).sign(msg_id=message_id, timestamp=timestamp, data=body)
        for secret in secrets
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signatures,
    }
