"""Identifier checks — GB 11643-1999, GB 32100-2015, mobile numbers (RULES.md §10)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lrc_rules.identifiers import (
    mask_citizen_id,
    mask_mobile,
    validate_citizen_id,
    validate_mobile,
    validate_uscc,
)

TODAY = dt.date(2025, 6, 1)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def id_check_char(body: str) -> str:
    """GB 11643 5.5 written another way: a18 = (12 − Σ ai·2^(18−i) mod 11) mod 11, 10 → X."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def uscc_check_char(body: str) -> str:
    """GB 32100: C18 = 31 − MOD(Σ Ci·3^(i−1), 31), 31 → 0."""
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return USCC_CHARS[(31 - total % 31) % 31]


# --- citizen ID (公民身份号码) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "born", "sex"),
    [
        ("11010519491231002X", dt.date(1949, 12, 31), "female"),
    ],
)
def test_standard_examples_are_valid_gb11643_appendix_a(number, born, sex) -> None:
    """GB 11643-1999 附录A examples: birth date from 5.3, sex from the sequence code (5.4)."""
    check = validate_citizen_id(number, TODAY)
    assert (check.valid, check.reason, check.birth_date, check.sex) == (True, None, born, sex)
    assert check.normalized == number


def test_lower_case_x_and_spaces_are_read_as_the_check_character_x() -> None:
    """The check character X (10) is often typed in lower case; it is stored upper case."""
    check = validate_citizen_id(" 11010519491231002x ", TODAY)
    assert check.valid and check.normalized == "11010519491231002X"
    assert check.masked == "110105********002X"


def test_sequence_odd_is_male_even_is_female_gb11643_5_4() -> None:
    """顺序码的奇数分配给男性，偶数分配给女性."""
    for seq, sex in (("001", "male"), ("002", "female"), ("999", "male"), ("000", "female")):
        body = "32010219900101" + seq
        assert validate_citizen_id(body + id_check_char(body), TODAY).sex == sex


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("110105491231002", "legacy_15_digit"),
        ("11010519491231002", "bad_length"),
        ("11010519491231002XX", "bad_length"),
        ("1101051949123100AX", "bad_characters"),
        ("11010519491231002Y", "bad_characters"),
        ("１１０１０５１９４９１２３１００２X", "bad_characters"),
        ("99010519491231002X", "unknown_region"),
        ("110105194902300020", "bad_birth_date"),
        ("110105194913010020", "bad_birth_date"),
        ("110105194912310021", "bad_check_digit"),
    ],
)
def test_each_failed_check_gives_its_reason_gb11643_5(value: str, reason: str) -> None:
    """Length 18 (5.1), province of the region code (5.2), real birth date (5.3), check (5.5)."""
    check = validate_citizen_id(value, TODAY)
    assert (check.valid, check.reason, check.birth_date, check.sex) == (False, reason, None, None)
    assert check.normalized is None and check.message


def test_birth_date_after_as_of_is_refused_but_as_of_itself_is_valid() -> None:
    """出生日期 not in the future: a person born on as_of may hold a number that day."""
    body = "11010520250601001"
    number = body + id_check_char(body)
    assert validate_citizen_id(number, dt.date(2025, 6, 1)).valid
    assert validate_citizen_id(number, dt.date(2025, 5, 31)).reason == "birth_date_in_future"


def test_messages_never_contain_the_number() -> None:
    """A citizen ID is personal data: messages and masks never carry it whole."""
    for value in ("11010519491231002X", "110105194912310021", "99010519491231002X"):
        check = validate_citizen_id(value, TODAY)
        assert value not in check.message and value not in check.masked


def test_mask_citizen_id_first_6_eight_stars_last_4() -> None:
    """Masking: first 6 + 8 stars + last 4; anything shorter than 10 is all stars."""
    assert mask_citizen_id("11010519491231002X") == "110105********002X"
    assert mask_citizen_id("12345") == "*****"


valid_bodies = st.builds(
    lambda prov, born, seq: f"{prov}0102{born:%Y%m%d}{seq:03d}",
    st.sampled_from(["11", "37", "44", "65", "81"]),
    st.dates(dt.date(1900, 1, 1), TODAY),
    st.integers(0, 999),
)


@settings(max_examples=200, deadline=None)
@given(body=valid_bodies, pos=st.integers(0, 17), digit=st.sampled_from("0123456789X"))
def test_one_changed_character_is_always_caught_gb11643_5_5(
    body: str, pos: int, digit: str
) -> None:
    """The weighted mod-11 check catches any single changed character."""
    number = body + id_check_char(body)
    assert validate_citizen_id(number, TODAY).valid
    changed = number[:pos] + digit + number[pos + 1 :]
    if changed != number:
        assert not validate_citizen_id(changed, TODAY).valid


# --- unified social credit code (统一社会信用代码) ------------------------------------------


def test_standard_example_is_valid_gb32100() -> None:
    """GB 32100's worked example: 91350100M000100Y4 has the check character 3."""
    check = validate_uscc("91350100M000100Y43")
    assert (check.valid, check.reason, check.masked) == (True, None, "91350100M000100Y43")


def test_lower_case_letters_are_read_upper_case() -> None:
    """The code set is upper case; lower case input is normalised."""
    check = validate_uscc("91350100m000100y43")
    assert check.valid and check.normalized == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("91350100M000100Y4", "bad_length"),
        ("91350100M000100Y4Z", "bad_characters"),
        ("91350100M000100I43", "bad_characters"),
        ("91350100M000100Y44", "bad_check_character"),
    ],
)
def test_each_failed_check_gives_its_reason_gb32100(value: str, reason: str) -> None:
    """18 characters of 0–9 and A–Y without I, O, Z, S, V; the check character last."""
    check = validate_uscc(value)
    assert (check.valid, check.reason) == (False, reason)


def test_standard_example_born_1880_is_refused_by_the_pack_floor_gb11643_5_3() -> None:
    """附录A's 440524188001010014 is well formed, but its birth date lies before the pack's floor
    (identifiers.citizen_id.birth_date_floor, 1900-01-01): refused, naming positions 7–14."""
    check = validate_citizen_id("440524188001010014", TODAY)
    assert (check.valid, check.reason) == (False, "birth_date_before_floor")
    assert "7–14" in check.message and "1900-01-01" in check.message


def test_check_value_31_is_written_0_gb32100() -> None:
    """C18 = 31 − MOD(…, 31): a remainder of 0 gives 31, written as the character 0."""
    body = next(
        b
        for b in (f"91350100MA{c}000000" for c in USCC_CHARS)
        if sum(USCC_CHARS.index(x) * pow(3, i, 31) for i, x in enumerate(b)) % 31 == 0
    )
    assert validate_uscc(body + "0").valid
    assert validate_uscc(body + "1").reason == "bad_check_character"


@settings(max_examples=200, deadline=None)
@given(
    head=st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "53", "Y1"]),
    division=st.sampled_from(["370830", "310112", "110105", "100000"]),
    tail=st.text(USCC_CHARS, min_size=9, max_size=9),
    pos=st.integers(0, 17),
    char=st.sampled_from(USCC_CHARS),
)
def test_one_changed_character_is_always_caught_gb32100(
    head: str, division: str, tail: str, pos: int, char: str
) -> None:
    """The weighted mod-31 check catches any single changed character of a well-formed code;
    a change in positions 1–8 may be caught first by the structure check."""
    body = head + division + tail
    code = body + uscc_check_char(body)
    assert validate_uscc(code).valid
    changed = code[:pos] + char + code[pos + 1 :]
    if changed != code:
        got = validate_uscc(changed)
        assert not got.valid
        if pos >= 8:
            assert got.reason == "bad_check_character"


# --- mobile number (移动电话号码) ----------------------------------------------------------------


@pytest.mark.parametrize("number", ["13812345678", "19912345678", "14700000000"])
def test_mobile_1_then_3_to_9_then_9_digits_is_valid(number: str) -> None:
    """1[3-9] + 9 digits."""
    check = validate_mobile(number)
    assert (check.valid, check.reason, check.normalized) == (True, None, number)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("+8613812345678", "bad_characters"),
        ("138-1234-5678", "bad_characters"),
        ("１３８１２３４５６７８", "bad_characters"),
        ("1381234567", "bad_length"),
        ("138123456789", "bad_length"),
        ("12812345678", "bad_prefix"),
        ("23812345678", "bad_prefix"),
    ],
)
def test_each_failed_mobile_check_gives_its_reason(value: str, reason: str) -> None:
    """Digits only, 11 of them, starting 13–19."""
    assert validate_mobile(value).reason == reason


def test_mask_mobile_first_3_four_stars_last_4() -> None:
    """Masking: first 3 + 4 stars + last 4."""
    assert mask_mobile("13812345678") == "138****5678"
    assert validate_mobile("13812345678").masked == "138****5678"
    assert mask_mobile("12345") == "*****"
