"""Identifier checks: citizen ID number, unified social credit code, mobile number.

Each ``validate_*`` function returns an :class:`IdentifierCheck`: whether the value is valid, a
short stable ``reason`` code when it is not (e.g. ``"bad_check_digit"``) with a human
``message``, and the value ``masked`` for display. The weights, character sets and lengths are
parameters of the ``national`` pack (``identifiers.*``, citing GB 11643-1999, GB 32100-2015 and
the numbering plan), read once per process. The functions never log or echo the value in
messages: a citizen ID number is personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import mul
from typing import Any

from lrc_rules.policies import Policy, get_policy

MALE, FEMALE = "male", "female"


@dataclass(frozen=True, slots=True)
class IdentifierCheck:
    """The answer for one identifier: valid or the reason it is not, masked, and what it encodes."""

    kind: str  # "citizen_id" | "uscc" | "mobile"
    valid: bool
    reason: str | None  # stable code, None when valid
    message: str  # human text (Chinese, then English)
    masked: str  # safe to show: ID first 6 + 8 stars + last 4; mobile first 3 + 4 stars + last 4
    normalized: str | None = None  # the form to store (trimmed, upper case); None when invalid
    birth_date: dt.date | None = None  # citizen ID only
    sex: str | None = None  # citizen ID only: "male" (odd sequence digit) or "female"


@dataclass(frozen=True, slots=True)
class _Standards:
    id_length: int
    id_weights: tuple[int, ...]
    id_check_chars: str
    provinces: frozenset[str]
    uscc_length: int
    uscc_values: dict[str, int]
    uscc_weights: tuple[int, ...]
    uscc_modulus: int
    mobile_length: int
    mobile_first: str
    mobile_second: frozenset[str]


_CACHE: dict[int, tuple[Policy, _Standards]] = {}
_DEFAULT: _Standards | None = None


def _standards(policy: Policy | None) -> _Standards:
    if policy is None:
        # The common case (records layer, HTTP): the built-in national pack, looked up once.
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = _standards(get_policy("national"))
        return _DEFAULT
    pack = policy
    hit = _CACHE.get(id(pack))
    if hit is not None and hit[0] is pack:
        return hit[1]

    def cur(name: str) -> Any:
        # The standards have one value each (no dates), so the current one is the one.
        return pack.parameter("identifiers." + name).current

    charset = str(cur("uscc.charset"))
    std = _Standards(
        id_length=int(cur("citizen_id.length")),
        id_weights=tuple(int(w) for w in cur("citizen_id.weights")),
        id_check_chars=str(cur("citizen_id.check_characters")),
        provinces=frozenset(str(c) for c in cur("citizen_id.province_codes")),
        uscc_length=int(cur("uscc.length")),
        uscc_values={c: i for i, c in enumerate(charset)},
        uscc_weights=tuple(int(w) for w in cur("uscc.weights")),
        uscc_modulus=int(cur("uscc.modulus")),
        mobile_length=int(cur("mobile.length")),
        mobile_first=str(cur("mobile.first_digit")),
        mobile_second=frozenset(str(cur("mobile.second_digits"))),
    )
    _CACHE[id(pack)] = (pack, std)
    return std


def mask_citizen_id(value: str) -> str:
    """First 6 + 8 stars + last 4 (``110105********002X``); all stars if shorter than 10."""
    value = value.strip()
    return value[:6] + "********" + value[-4:] if len(value) >= 10 else "*" * len(value)


def mask_mobile(value: str) -> str:
    """First 3 + 4 stars + last 4 (``138****1234``); all stars if shorter than 7."""
    value = value.strip()
    return value[:3] + "****" + value[-4:] if len(value) >= 7 else "*" * len(value)


def validate_citizen_id(
    value: str, as_of: dt.date, policy: Policy | None = None
) -> IdentifierCheck:
    """公民身份号码 — GB 11643-1999 5.1–5.5, checked in the order of the reasons below.

    「由十七位数字本体码和一位校验码组成……六位数字地址码，八位数字出生日期码，三位数字顺序码和一位
    数字校验码」; 顺序码「奇数分配给男性，偶数分配给女性」; 校验码 = 加权和 mod 11 → 1 0 X 9 8 7 6 5 4 3 2.
    Reasons: ``empty``, ``legacy_15_digit`` (the 15-digit numbers of before 1999 are not accepted),
    ``bad_length``, ``bad_characters``, ``unknown_region``, ``bad_birth_date``,
    ``birth_date_in_future`` (after ``as_of``), ``bad_check_digit``. A lower-case ``x`` is read
    as ``X``; surrounding spaces are ignored.
    """
    std = _standards(policy)
    v = value.strip()
    if v[-1:] == "x":
        v = v[:-1] + "X"

    def bad(reason: str, message: str) -> IdentifierCheck:
        return IdentifierCheck("citizen_id", False, reason, message, mask_citizen_id(v))

    if not v:
        return bad("empty", "身份证号码为空 (empty)")
    if len(v) == 15 and v.isdigit():
        return bad(
            "legacy_15_digit", "15 位旧身份证号码不再受理，请提供 18 位号码 (legacy 15-digit ID)"
        )
    if len(v) != std.id_length:
        return bad("bad_length", f"身份证号码应为 {std.id_length} 位 (wrong length)")
    body = v[:-1]
    if not (body.isascii() and body.isdigit()) or v[-1] not in std.id_check_chars:
        return bad("bad_characters", "前 17 位须为数字，末位为数字或 X (bad characters)")
    if v[:2] not in std.provinces:
        return bad("unknown_region", "地址码的省级代码不存在 (unknown region code)")
    try:
        born = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return bad("bad_birth_date", "出生日期码不是有效日期 (birth date is not a real date)")
    if born > as_of:
        return bad("birth_date_in_future", "出生日期晚于核验日期 (birth date after as_of)")
    total = sum(map(mul, map(int, body), std.id_weights))
    if std.id_check_chars[total % len(std.id_check_chars)] != v[-1]:
        return bad("bad_check_digit", "校验码不符 (check character does not match)")
    sex = MALE if int(v[16]) % 2 else FEMALE
    return IdentifierCheck(
        "citizen_id", True, None, "有效 (valid)", mask_citizen_id(v), v, born, sex
    )


def validate_uscc(
    value: str, as_of: dt.date | None = None, policy: Policy | None = None
) -> IdentifierCheck:
    """统一社会信用代码 — GB 32100-2015: 18 characters of its set, check character last.

    「C18 = 31 − MOD(∑Ci×Wi, 31)」, Wi = 3^(i−1) mod 31, a result of 31 written as 0; the set is
    ``0–9`` and ``A–Y`` without I, O, Z, S, V. Reasons: ``empty``, ``bad_length``,
    ``bad_characters``, ``bad_check_character``. Letters are read in upper case. A credit code
    is not personal data, so ``masked`` is the code itself. ``as_of`` is accepted for symmetry.
    """
    std = _standards(policy)
    v = value.strip().upper()

    def bad(reason: str, message: str) -> IdentifierCheck:
        return IdentifierCheck("uscc", False, reason, message, v)

    if not v:
        return bad("empty", "统一社会信用代码为空 (empty)")
    if len(v) != std.uscc_length:
        return bad("bad_length", f"统一社会信用代码应为 {std.uscc_length} 位 (wrong length)")
    values = std.uscc_values
    if any(c not in values for c in v):
        return bad("bad_characters", "含代码字符集以外的字符 (character outside the code set)")
    mod = std.uscc_modulus
    total = sum(map(mul, map(values.__getitem__, v[:-1]), std.uscc_weights))
    check = (mod - total % mod) % mod
    if values[v[-1]] != check:
        return bad("bad_check_character", "校验码不符 (check character does not match)")
    return IdentifierCheck("uscc", True, None, "有效 (valid)", v, v)


def validate_mobile(
    value: str, as_of: dt.date | None = None, policy: Policy | None = None
) -> IdentifierCheck:
    """移动电话号码 — 11 digits: ``1``, one of ``3``–``9``, then 9 digits; no country code.

    Reasons: ``empty``, ``bad_characters`` (anything but digits, e.g. ``+86`` or dashes),
    ``bad_length``, ``bad_prefix``. ``as_of`` is accepted for symmetry.
    """
    std = _standards(policy)
    v = value.strip()

    def bad(reason: str, message: str) -> IdentifierCheck:
        return IdentifierCheck("mobile", False, reason, message, mask_mobile(v))

    if not v:
        return bad("empty", "手机号码为空 (empty)")
    if not (v.isascii() and v.isdigit()):
        return bad("bad_characters", "手机号码只能含数字，不带 +86 或分隔符 (digits only)")
    if len(v) != std.mobile_length:
        return bad("bad_length", f"手机号码应为 {std.mobile_length} 位 (wrong length)")
    if v[0] != std.mobile_first or v[1] not in std.mobile_second:
        return bad("bad_prefix", "不存在的手机号段 (no such mobile prefix)")
    return IdentifierCheck("mobile", True, None, "有效 (valid)", mask_mobile(v), v)
