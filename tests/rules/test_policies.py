"""Policy packs: the strict loader, inheritance, values over time, and the built-in packs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lrc_rules.errors import MissingParameterError, PolicyError, UnknownPolicyError
from lrc_rules.policies import PolicyRegistry, builtin, get_policy

BUILTIN_IDS = {
    "national",
    "wenshang-2024",
    "zhejiang-2023",
    "minhang-2023",
    "minhang-2022",
    "pujin-2024",
}
GOOD_PARAM = """
[points.each]
description = "Points for each event"
citation = { doc = "测试〔2024〕1号", status = "verified", part = "附件1", clause = "8.3" }
value = 5
unit = "points"
"""


def write_pack(
    base: Path,
    pack_id: str,
    topics: dict[str, str] | None = None,
    meta: str | None = None,
    extends: str | None = "national",
) -> Path:
    """Write a pack folder under ``base``: pack.toml plus one TOML file per topic."""
    folder = base / pack_id
    folder.mkdir(parents=True)
    if meta is None:
        meta = f'id = "{pack_id}"\ntitle = "Test pack"\nin_force_from = 2024-01-01\n'
        if extends:
            meta += f'extends = "{extends}"\n'
    (folder / "pack.toml").write_text(meta, encoding="utf-8")
    for name, text in (topics or {}).items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def load_error(base: Path) -> PolicyError:
    """Load ``base`` as a deployment folder and return the PolicyError it must raise."""
    with pytest.raises(PolicyError) as err:
        PolicyRegistry.load([base])
    return err.value


# --- the built-in packs -----------------------------------------------------------------------


def test_every_builtin_pack_loads_with_its_date_and_parent() -> None:
    """RULES.md §0: six packs; pujin-2024 extends minhang-2023, which extends minhang-2022 (the
    district's case indicators hold under its later notice), the others extend national."""
    registry = builtin()
    assert set(registry.ids()) == BUILTIN_IDS
    parents = {p.id: p.extends for p in registry.list()}
    assert parents["pujin-2024"] == "minhang-2023" and parents["national"] is None
    assert parents["minhang-2023"] == "minhang-2022"
    others = BUILTIN_IDS - {"pujin-2024", "minhang-2023", "national"}
    assert {parents[i] for i in others} == {"national"}
    assert get_policy("wenshang-2024").in_force_from == dt.date(2024, 7, 29)


def test_every_builtin_parameter_has_a_citation_and_a_one_line_description() -> None:
    """Every number lives in a pack with its document and a description a newcomer reads."""
    for policy in builtin().list():
        for path, param in policy.parameters.items():
            assert param.citation.doc.strip(), path
            assert param.description.strip() and "\n" not in param.description, path
            assert param.values, path


def test_packs_inherit_their_parents_parameters() -> None:
    """A pack that extends national sees national's identifiers, defined in national."""
    param = get_policy("wenshang-2024").parameter("identifiers.citizen_id.weights")
    assert param.defined_in == "national"
    assert get_policy("pujin-2024").has("identifiers.uscc.weights")


def test_wenshang_scoring_numbers_match_8_3() -> None:
    """汶政字〔2024〕59号 附件1 8.3: 30 base, 20/20/10/10/10 caps, 5 points each, −5/−10."""
    p, on = get_policy("wenshang-2024"), dt.date(2024, 9, 30)
    values = {
        "scoring.base.max": 30,
        "scoring.bonus.max": 70,
        "scoring.publicity.cap": 20,
        "scoring.mediation.cap": 20,
        "scoring.mediation.own_unit.cap": 10,
        "scoring.mediation.other.cap": 10,
        "scoring.risk.cap": 10,
        "scoring.publication.cap": 10,
        "scoring.management.cap": 10,
        "scoring.publicity.points_each": 5,
        "scoring.deduction.minor_each": 5,
        "scoring.deduction.major_each": 10,
        "scoring.total.max": 100,
        "scoring.annual.job_adjustment_errors": 2,
        "scoring.publication.min_media_level": "municipal",
    }
    assert {k: p.value(k, on) for k in values} == values
    assert str(p.cite("scoring.publicity.cap")) == "汶政字〔2024〕59号 附件1 8.3"


def test_a_value_is_resolved_as_of_a_date() -> None:
    """Values hold from their date: before 2024-07-29 the Wenshang scorecard has none."""
    p = get_policy("wenshang-2024")
    assert p.value("scoring.publicity.cap", dt.date(2024, 7, 29)) == 20
    with pytest.raises(MissingParameterError):
        p.value("scoring.publicity.cap", dt.date(2024, 7, 28))


def test_values_over_time_pick_the_latest_started(tmp_path: Path) -> None:
    """``values = [{from, value}, …]``: the value whose date is the latest on or before as_of."""
    write_pack(
        tmp_path,
        "wage",
        {
            "money": """
[minimum_wage.monthly]
description = "Monthly minimum wage"
citation = { doc = "沪人社规〔2025〕10号", status = "verified" }
values = [{ from = 2023-07-01, value = 2690 }, { from = 2025-07-01, value = 2740 }]
"""
        },
    )
    p = PolicyRegistry.load([tmp_path]).get("wage")
    assert p.value("money.minimum_wage.monthly", dt.date(2025, 6, 30)) == 2690
    assert p.value("money.minimum_wage.monthly", dt.date(2025, 7, 1)) == 2740
    assert p.typed("money.minimum_wage.monthly", dt.date(2025, 7, 1), float) == 2740.0
    with pytest.raises(MissingParameterError):
        p.typed("money.minimum_wage.monthly", dt.date(2025, 7, 1), str)


def test_unknown_pack_id_names_the_known_ones() -> None:
    """An id no pack carries is an UnknownPolicyError listing the packs that exist."""
    with pytest.raises(UnknownPolicyError) as err:
        builtin().get("nowhere-2030")
    assert set(err.value.known) == BUILTIN_IDS


def test_a_deployment_pack_is_added_beside_the_builtin_ones(tmp_path: Path) -> None:
    """A deployment folder adds packs without touching code."""
    write_pack(tmp_path, "county-2025", {"points": GOOD_PARAM})
    registry = PolicyRegistry.load([tmp_path])
    assert set(registry.ids()) == BUILTIN_IDS | {"county-2025"}
    assert registry.get("county-2025").value("points.points.each", dt.date(2025, 1, 1)) == 5


# --- the strict loader: every error names the file and the key --------------------------------


def test_unknown_key_in_a_parameter_names_file_and_key(tmp_path: Path) -> None:
    """A typo such as ``valeu`` is not silently ignored."""
    write_pack(tmp_path, "typo", {"points": GOOD_PARAM + "valeu = 6\n"})
    err = load_error(tmp_path)
    assert err.file.endswith("typo/points.toml") and err.key == "points.points.each.valeu"


def test_unknown_key_in_pack_toml_names_file_and_key(tmp_path: Path) -> None:
    """pack.toml takes only id, title, extends, in_force_from, jurisdiction, description, source."""
    meta = 'id = "meta"\ntitle = "t"\nin_force_from = 2024-01-01\nauthor = "me"\n'
    write_pack(tmp_path, "meta", meta=meta)
    err = load_error(tmp_path)
    assert err.file.endswith("meta/pack.toml") and err.key == "author"


def test_bare_value_outside_a_parameter_table_is_refused(tmp_path: Path) -> None:
    """A loose ``cap = 20`` has no citation: only parameter tables and groups are allowed."""
    write_pack(tmp_path, "loose", {"points": "cap = 20\n"})
    err = load_error(tmp_path)
    assert err.file.endswith("loose/points.toml") and err.key == "points.cap"


def test_parameter_without_citation_names_file_and_key(tmp_path: Path) -> None:
    """Every number needs its document."""
    write_pack(tmp_path, "nocite", {"points": '[cap]\ndescription = "Cap"\nvalue = 20\n'})
    err = load_error(tmp_path)
    assert err.file.endswith("nocite/points.toml") and err.key == "points.cap"
    assert "citation" in err.message


def test_citation_without_document_names_the_key(tmp_path: Path) -> None:
    """A citation must name its document."""
    text = '[cap]\ndescription = "Cap"\ncitation = { clause = "8.3" }\nvalue = 20\n'
    write_pack(tmp_path, "nodoc", {"points": text})
    assert load_error(tmp_path).key == "points.cap.citation.doc"


def test_parameter_without_description_names_the_key(tmp_path: Path) -> None:
    """A one-line description is required."""
    write_pack(
        tmp_path,
        "nodesc",
        {"points": '[cap]\ncitation = { doc = "x", status = "verified" }\nvalue = 20\n'},
    )
    assert load_error(tmp_path).key == "points.cap.description"


@pytest.mark.parametrize(
    ("meta", "key"),
    [
        ('id = "wrong"\ntitle = "t"\nin_force_from = "2024-01-01"\n', "in_force_from"),
        ('id = "wrong"\ntitle = 5\nin_force_from = 2024-01-01\n', "title"),
        ('id = "wrong"\ntitle = "t"\nin_force_from = 2024-01-01T00:00:00\n', "in_force_from"),
        ('id = "wrong"\ntitle = "t"\nin_force_from = 2024-01-01\nextends = 1\n', "extends"),
    ],
)
def test_wrong_type_in_pack_toml_names_file_and_key(tmp_path: Path, meta: str, key: str) -> None:
    """Dates are TOML dates, titles text, extends a pack id."""
    write_pack(tmp_path, "wrong", meta=meta)
    err = load_error(tmp_path)
    assert err.file.endswith("wrong/pack.toml") and err.key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (GOOD_PARAM.replace('unit = "points"', "unit = 5"), "points.points.each.unit"),
        (
            GOOD_PARAM.replace("value = 5", "value = 2024-01-01T08:00:00"),
            "points.points.each.value",
        ),
        (
            GOOD_PARAM.replace(
                "value = 5",
                'values = [{ from = 2024-01-01, value = 5 }, { from = 2025-01-01, value = "x" }]',
            ),
            "points.points.each.values",
        ),
        (
            GOOD_PARAM.replace(
                "value = 5",
                "values = [{ from = 2025-01-01, value = 5 }, { from = 2024-01-01, value = 6 }]",
            ),
            "points.points.each.values",
        ),
        (
            GOOD_PARAM.replace("value = 5", "values = [{ start = 2024-01-01, value = 5 }]"),
            "points.points.each.values[0]",
        ),
        (
            GOOD_PARAM.replace(
                "value = 5", "value = 5\nvalues = [{ from = 2024-01-01, value = 5 }]"
            ),
            "points.points.each",
        ),
    ],
)
def test_wrong_type_in_a_parameter_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    """Units are text; no date-times; one type over time; dates increasing; value or values."""
    write_pack(tmp_path, "badparam", {"points": text})
    err = load_error(tmp_path)
    assert err.file.endswith("badparam/points.toml") and err.key == key


def test_id_must_match_the_folder(tmp_path: Path) -> None:
    """A pack's id is its folder name, so a listing and a folder never disagree."""
    write_pack(tmp_path, "folder", meta='id = "other"\ntitle = "t"\nin_force_from = 2024-01-01\n')
    assert load_error(tmp_path).key == "id"


def test_extends_an_unknown_pack_names_the_key(tmp_path: Path) -> None:
    """``extends`` must name a loaded pack."""
    write_pack(tmp_path, "orphan", extends="nowhere")
    err = load_error(tmp_path)
    assert err.file.endswith("orphan/pack.toml") and err.key == "extends"
    assert "nowhere" in err.message


def test_circular_extends_is_refused(tmp_path: Path) -> None:
    """a → b → a would never resolve."""
    write_pack(tmp_path, "a", extends="b")
    write_pack(tmp_path, "b", extends="a")
    err = load_error(tmp_path)
    assert err.key == "extends" and "circular" in err.message


def test_override_that_changes_the_type_names_the_pack_and_key(tmp_path: Path) -> None:
    """An override keeps the parent's type: the publicity cap cannot become text."""
    text = '[publicity.cap]\ndescription = "Cap"\ncitation = { doc = "x", status = "verified" }\nvalue = "twenty"\n'
    folder = write_pack(tmp_path, "retype", {"scoring": text}, extends="wenshang-2024")
    err = load_error(tmp_path)
    assert err.file.startswith(str(folder)) and err.key == "scoring.publicity.cap"
    assert "wenshang-2024" in err.message


def test_override_with_the_same_type_replaces_the_value(tmp_path: Path) -> None:
    """A county that caps publicity at 15 overrides only that number."""
    text = '[publicity.cap]\ndescription = "Cap"\ncitation = { doc = "x", status = "verified" }\nvalue = 15\n'
    write_pack(tmp_path, "county", {"scoring": text}, extends="wenshang-2024")
    p = PolicyRegistry.load([tmp_path]).get("county")
    on = dt.date(2025, 1, 1)
    assert p.value("scoring.publicity.cap", on) == 15
    assert p.parameter("scoring.publicity.cap").defined_in == "county"
    assert p.value("scoring.risk.cap", on) == 10


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    """A file that is not TOML at all."""
    write_pack(tmp_path, "broken", {"points": "[cap\n"})
    assert load_error(tmp_path).file.endswith("broken/points.toml")


def test_a_missing_deployment_folder_is_an_error(tmp_path: Path) -> None:
    """A misspelt LRC_POLICY_DIRS entry fails at start-up, not silently."""
    assert load_error(tmp_path / "missing").key == "-"
