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
    birth_floor: dt.date
    uscc_length: int
    uscc_values: dict[str, int]
    uscc_weights: tuple[int, ...]
    uscc_modulus: int
    uscc_authorities: dict[str, frozenset[str]]
    uscc_central: str
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
        birth_floor=cur("citizen_id.birth_date_floor"),
        uscc_length=int(cur("uscc.length")),
        uscc_values={c: i for i, c in enumerate(charset)},
        uscc_weights=tuple(int(w) for w in cur("uscc.weights")),
        uscc_modulus=int(cur("uscc.modulus")),
        uscc_authorities={
            str(k): frozenset(str(v)) for k, v in cur("uscc.registration_authorities").items()
        },
        uscc_central=str(cur("uscc.central_division_code")),
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
    ``bad_length``, ``bad_characters``, ``unknown_region`` (positions 1–2 not a province-level code
    of GB/T 2260, list in the pack), ``bad_birth_date`` (positions 7–14 not a real date),
    ``birth_date_before_floor`` (before the pack's ``citizen_id.birth_date_floor``, 1900-01-01),
    ``birth_date_in_future`` (after ``as_of``), ``bad_check_digit``. Each message is a sentence
    naming the position at fault, never the value. A lower-case ``x`` is read as ``X``;
    surrounding spaces are ignored.
    """
    std = _standards(policy)
    v = value.strip()
    if v[-1:] == "x":
        v = v[:-1] + "X"

    def bad(reason: str, message: str) -> IdentifierCheck:
        return IdentifierCheck("citizen_id", False, reason, message, mask_citizen_id(v))

    if not v:
        return bad("empty", "身份证号码为空。(The citizen ID number is empty.)")
    if len(v) == 15 and v.isdigit():
        return bad(
            "legacy_15_digit", "15 位旧身份证号码不再受理，请提供 18 位号码 (legacy 15-digit ID)"
        )
    if len(v) != std.id_length:
        return bad(
            "bad_length",
            f"身份证号码应为 {std.id_length} 位，实为 {len(v)} 位。"
            f"(A citizen ID number has {std.id_length} characters, this one {len(v)}.)",
        )
    body = v[:-1]
    if not (body.isascii() and body.isdigit()):
        pos = next(i for i, c in enumerate(body, 1) if not (c.isascii() and c.isdigit()))
        return bad(
            "bad_characters",
            f"第 {pos} 位不是数字：前 17 位须为数字。(Position {pos} is not a digit; positions "
            "1–17 must be digits.)",
        )
    if v[-1] not in std.id_check_chars:
        return bad(
            "bad_characters",
            "第 18 位（校验码）须为数字或 X。(Position 18, the check character, must be a digit "
            "or X.)",
        )
    if v[:2] not in std.provinces:
        return bad(
            "unknown_region",
            "第 1–2 位不是 GB/T 2260 的省级行政区划代码。(Positions 1–2 are not a province-level "
            "code of GB/T 2260.)",
        )
    try:
        born = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return bad(
            "bad_birth_date",
            "第 7–14 位（出生日期码）不是有效日期。(Positions 7–14, the birth date, are not a real "
            "date.)",
        )
    if born < std.birth_floor:
        floor = std.birth_floor.isoformat()
        return bad(
            "birth_date_before_floor",
            f"第 7–14 位（出生日期码）早于 {floor}。(Positions 7–14, the birth date, lie before "
            f"{floor}.)",
        )
    if born > as_of:
        return bad(
            "birth_date_in_future",
            f"第 7–14 位（出生日期码）晚于核验日期 {as_of.isoformat()}。(Positions 7–14, the birth "
            f"date, lie after {as_of.isoformat()}.)",
        )
    total = sum(map(mul, map(int, body), std.id_weights))
    if std.id_check_chars[total % len(std.id_check_chars)] != v[-1]:
        return bad(
            "bad_check_digit",
            "第 18 位（校验码）与前 17 位不符。(Position 18, the check character, does not match "
            "positions 1–17.)",
        )
    sex = MALE if int(v[16]) % 2 else FEMALE
    return IdentifierCheck(
        "citizen_id", True, None, "有效 (valid)", mask_citizen_id(v), v, born, sex
    )


def validate_uscc(
    value: str, as_of: dt.date | None = None, policy: Policy | None = None
) -> IdentifierCheck:
    """统一社会信用代码 — GB 32100-2015: 18 characters of its set, check character last.

    「C18 = 31 − MOD(∑Ci×Wi, 31)」, Wi = 3^(i−1) mod 31, a result of 31 written as 0; the set is
    ``0–9`` and ``A–Y`` without I, O, Z, S, V. Then its structure: position 1 a registration
    authority (登记管理部门代码), position 2 an organisation category valid for that authority (机构类别
    代码), positions 3–8 a six-digit administrative division code (a province-level code of GB/T
    2260 first, or the national ``100000``) — tables in the pack.

    Reasons: ``empty``, ``bad_length``, ``bad_characters``, ``citizen_id_number`` (the value has
    the structure of a valid citizen ID number: refused, and masked like one, so an ID number is
    never kept as a credit code), ``unknown_authority`` (position 1), ``bad_category``
    (position 2), ``bad_division_code`` (positions 3–8), ``bad_check_character`` (position 18).
    Each message is a sentence naming the position at fault. Letters are read in upper case. A
    credit code is not personal data, so ``masked`` is the code itself (except for an ID
    number). ``as_of`` bounds the birth date of the citizen-ID test when given.
    """
    std = _standards(policy)
    v = value.strip().upper()

    def bad(reason: str, message: str, masked: str | None = None) -> IdentifierCheck:
        return IdentifierCheck("uscc", False, reason, message, v if masked is None else masked)

    if not v:
        return bad("empty", "统一社会信用代码为空。(The credit code is empty.)")
    if len(v) != std.uscc_length:
        return bad(
            "bad_length",
            f"统一社会信用代码应为 {std.uscc_length} 位，实为 {len(v)} 位。(A credit code has "
            f"{std.uscc_length} characters, this one {len(v)}.)",
        )
    if _is_citizen_id(v, as_of, std):
        return bad(
            "citizen_id_number",
            "这是一个公民身份号码，不是统一社会信用代码；企业须填写其统一社会信用代码。(This is a "
            "citizen ID number, not a credit code; give the enterprise's credit code.)",
            mask_citizen_id(v),
        )
    values = std.uscc_values
    for pos, c in enumerate(v, 1):
        if c not in values:
            return bad(
                "bad_characters",
                f"第 {pos} 位不在代码字符集内（0–9 与除 I、O、Z、S、V 外的大写字母）。(Position {pos} "
                "is outside the code set: digits and capital letters except I, O, Z, S, V.)",
            )
    categories = std.uscc_authorities.get(v[0])
    if categories is None:
        return bad(
            "unknown_authority",
            "第 1 位不是登记管理部门代码。(Position 1 is not a registration-authority code.)",
        )
    if v[1] not in categories:
        return bad(
            "bad_category",
            f"第 2 位不是登记管理部门 {v[0]} 的机构类别代码（可为 {'、'.join(sorted(categories))}）。"
            f"(Position 2 is not an organisation category of registration authority {v[0]}; "
            f"allowed: {', '.join(sorted(categories))}.)",
        )
    division = v[2:8]
    if not division.isdigit() or (
        division[:2] not in std.provinces and division != std.uscc_central
    ):
        return bad(
            "bad_division_code",
            "第 3–8 位不是六位行政区划代码（GB/T 2260）。(Positions 3–8 are not a six-digit "
            "administrative division code of GB/T 2260.)",
        )
    mod = std.uscc_modulus
    total = sum(map(mul, map(values.__getitem__, v[:-1]), std.uscc_weights))
    check = (mod - total % mod) % mod
    if values[v[-1]] != check:
        return bad(
            "bad_check_character",
            "第 18 位（校验码）与前 17 位不符。(Position 18, the check character, does not match "
            "positions 1–17.)",
        )
    return IdentifierCheck("uscc", True, None, "有效 (valid)", v, v)


def _is_citizen_id(v: str, as_of: dt.date | None, std: _Standards) -> bool:
    """Whether ``v`` has the full structure of a valid citizen ID number (GB 11643)."""
    if len(v) != std.id_length or not (v[:-1].isascii() and v[:-1].isdigit()):
        return False
    if v[-1] not in std.id_check_chars or v[:2] not in std.provinces:
        return False
    try:
        born = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    if born < std.birth_floor or (as_of is not None and born > as_of):
        return False
    total = sum(map(mul, map(int, v[:-1]), std.id_weights))
    return std.id_check_chars[total % len(std.id_check_chars)] == v[-1]


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
