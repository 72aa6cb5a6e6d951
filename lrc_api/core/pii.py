"""Personal data at rest: AES-256-GCM encryption with key ids, and a keyed hash for look-ups.

A stored value reads ``v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>``. The field name is the
associated data, so a ciphertext moved to another column does not decrypt. Old key ids stay in
``LRC_PII_KEYS`` so old rows still decrypt after a rotation; new writes use ``LRC_PII_KEY_ID``.
Look-ups use an HMAC-SHA256 of the normalised value under ``LRC_PII_HASH_KEY``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from lrc_api.core.settings import get_settings

_PREFIX = "v1"


class PiiKeyError(RuntimeError):
    """A stored value names a key id the service no longer has."""


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


@lru_cache
def _keys() -> dict[str, AESGCM]:
    keys = {}
    for kid, b64 in get_settings().pii_keys.items():
        raw = _b64decode(b64)
        if len(raw) != 32:
            raise ValueError(f"LRC_PII_KEYS[{kid!r}] must be 32 bytes (base64)")
        keys[kid] = AESGCM(raw)
    return keys


@lru_cache
def _hash_key() -> bytes:
    return _b64decode(get_settings().pii_hash_key)


def encrypt(value: str, *, field: str) -> str:
    """Encrypt ``value`` for column ``field`` with the current key."""
    kid = get_settings().pii_key_id
    nonce = os.urandom(12)
    sealed = _keys()[kid].encrypt(nonce, value.encode("utf-8"), field.encode("utf-8"))
    return f"{_PREFIX}.{kid}.{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"


def decrypt(token: str, *, field: str) -> str:
    """Decrypt a value written by :func:`encrypt` for column ``field``."""
    prefix, kid, body = token.split(".", 2)
    if prefix != _PREFIX:
        raise PiiKeyError(f"unknown personal-data format {prefix!r}")
    try:
        key = _keys()[kid]
    except KeyError:
        raise PiiKeyError(f"personal data encrypted with unknown key id {kid!r}") from None
    raw = _b64decode(body.replace("-", "+").replace("_", "/"))
    return key.decrypt(raw[:12], raw[12:], field.encode("utf-8")).decode("utf-8")


def lookup_hash(value: str, *, field: str) -> str:
    """Keyed hash of a normalised value, for exact look-up without storing the value."""
    msg = f"{field}\x00{value.strip().upper()}".encode()
    return hmac.new(_hash_key(), msg, hashlib.sha256).hexdigest()


def keyed_digest(value: str, *, purpose: str) -> str:
    """Keyed hash (HMAC-SHA256 under ``LRC_PII_HASH_KEY``) of a value that may hold personal data.

    For fingerprints and keys kept to recognise a value later (an idempotent request's body, a
    login name that failed), where a plain SHA-256 could be reversed by trying candidates.
    """
    msg = f"{purpose}\x00{value}".encode()
    return hmac.new(_hash_key(), msg, hashlib.sha256).hexdigest()


def key_id_of(token: str) -> str:
    """The key id a stored value was encrypted with (to find rows to re-encrypt)."""
    return token.split(".", 2)[1]
