"""Identifiers by structure, not only by checksum (issue #10 §8; GB 11643-1999, GB 32100-2015)."""

from __future__ import annotations

import datetime as dt

import pytest

from lrc_rules.identifiers import validate_citizen_id, validate_mobile, validate_uscc
from tests import factories

TODAY = dt.date(2025, 6, 1)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def id_with_check(body17: str) -> str:
    return (
        body17
        + "10X98765432"[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True)) % 11]
    )


def uscc_with_check(body17: str) -> str:
    total = sum(_USCC.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


@pytest.mark.parametrize(
    ("number", "reason", "where"),
    [
        ("110105000101010017", "birth_date_before_floor", "7–14"),  # born 0001-01-01
        ("111111111111111110", "birth_date_before_floor", "7–14"),  # born 1111-11-11
        (id_with_check("99010519800101001"), "unknown_region", "1–2"),
        (id_with_check("11010520990101001"), "birth_date_in_future", "7–14"),
        (id_with_check("11010519800230001"), "bad_birth_date", "7–14"),
    ],
)
def test_citizen_id_birth_date_and_province_by_structure_gb11643_5_2_5_3(
    number: str, reason: str, where: str
) -> None:
    """The issue's 110105000101010017 and 111111111111111110 pass the checksum but not the
    structure: a birth date before the pack's floor (1900-01-01); a province code outside GB/T
    2260; a birth date after as_of or not a real date. The reason names the positions."""
    check = validate_citizen_id(number, TODAY)
    assert (check.valid, check.reason) == (False, reason)
    assert where in check.message
    assert number not in check.message  # personal data is never echoed


@pytest.mark.parametrize(
    ("code", "reason", "where"),
    [
        ("91ABCDEFMA1GBUG2XY", "bad_division_code", "3–8"),
        ("000000000000000000", "unknown_authority", "Position 1"),
        (uscc_with_check("95370830MA3C00011"), "bad_category", "Position 2"),
        (uscc_with_check("91990830MA3C00011"), "bad_division_code", "3–8"),
    ],
)
def test_credit_code_authority_category_and_division_by_structure_gb32100(
    code: str, reason: str, where: str
) -> None:
    """The issue's 91ABCDEFMA1GBUG2XY and 000000000000000000: position 1 a registration authority,
    position 2 a category of that authority, positions 3–8 a six-digit division code."""
    check = validate_uscc(code)
    assert (check.valid, check.reason) == (False, reason)
    assert where in check.message


def test_a_citizen_id_number_is_refused_as_a_credit_code_and_masked_gb32100() -> None:
    """An ID number that happens to pass the mod-31 check is still refused for an enterprise, and
    the answer masks it like an ID number: no ID number is stored unmasked as a credit code."""
    found = None
    for seq in range(1000):
        number = id_with_check(f"51370119800101{seq:03d}")
        if validate_uscc(number, TODAY).reason == "citizen_id_number":
            found = number
            break
    assert found is not None
    check = validate_uscc(found, TODAY)
    assert not check.valid and found not in check.masked and "*" in check.masked
    assert found not in check.message
    # With a citizen-ID structure that also satisfies the mod-31 check, it is still refused.
    for seq in range(100_000, 200_000, 7):
        number = id_with_check(f"51370119800101{seq % 1000:03d}")
        body = number[:17]
        if uscc_with_check(body) == number:
            assert validate_uscc(number).reason == "citizen_id_number"
            break


def test_valid_codes_of_several_authorities_pass_gb32100() -> None:
    for body in ("91370830MA3C00011", "12100000400010398", "52310000MJ4997291", "Y1370830MA3C0001"):
        body = (body + "0")[:17]
        assert validate_uscc(uscc_with_check(body)).valid, body


def test_test_factories_and_demo_data_make_structurally_valid_identifiers() -> None:
    for _ in range(200):
        assert validate_citizen_id(factories.citizen_id(), TODAY).valid
        assert validate_uscc(factories.uscc()).valid
    from lrc_api.demo.identifiers import Synthetic

    for division, birthplaces in (("370830", ("370829", "370881")), ("310112", ("310104",))):
        demo = Synthetic(1, division, birthplaces)
        for _ in range(200):
            assert validate_citizen_id(demo.id_number(), TODAY).valid
            assert validate_uscc(demo.credit_code()).valid
            assert validate_mobile(demo.phone()).valid
