"""Citations are true (issue #10 §6): every citation names its document and says its status."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lrc_rules.errors import PolicyError
from lrc_rules.policies import BUILTIN_DIR, PolicyRegistry, builtin
from lrc_rules.trace import CITATION_STATUSES


def test_every_citation_of_every_pack_has_a_document_and_a_status() -> None:
    """Walks every parameter and pack source: no citation without its document and status."""
    seen = 0
    for policy in builtin().list():
        cites = [p.citation for p in policy.parameters.values()]
        if policy.source is not None:
            cites.append(policy.source)
        for c in cites:
            assert c.doc.strip(), policy.id
            assert c.status in CITATION_STATUSES, (policy.id, c)
            seen += 1
    assert seen > 100


def test_every_citation_in_the_pack_files_says_its_status() -> None:
    """The files themselves (not only the loader's defaults): each inline citation has status."""
    for f in BUILTIN_DIR.glob("*/*.toml"):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^(citation|source) = \{", line):
                assert re.search(r'\bdoc = "[^"]+"', line), f"{f}:{n}"
                assert re.search(r'\bstatus = "(verified|unverified|local_practice)"', line), (
                    f"{f}:{n}"
                )


def test_a_pack_citation_without_status_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "p"
    pack.mkdir()
    (pack / "pack.toml").write_text('id = "p"\ntitle = "t"\nin_force_from = 2025-01-01\n')
    (pack / "x.toml").write_text(
        '[a]\ndescription = "d"\ncitation = { doc = "某文件" }\nvalue = 1\n', encoding="utf-8"
    )
    with pytest.raises(PolicyError) as err:
        PolicyRegistry.load([tmp_path])
    assert err.value.key == "x.a.citation.status"


def test_closure_limits_are_not_cited_to_minhang_55_which_sets_none() -> None:
    """闵人社发〔2023〕55号 hands wage clues and hotline orders to the township team but sets no
    time limit: the default limits are local practice, citing no document that does not say them."""
    policy = builtin().get("minhang-2023")
    for path in ("deadlines.wage_clue.closure", "deadlines.hotline.closure"):
        c = policy.cite(path)
        assert c.status == "local_practice"
        assert "闵人社发" not in c.doc


def test_no_pack_text_points_to_files_outside_the_project() -> None:
    for f in BUILTIN_DIR.glob("*/*.toml"):
        text = f.read_text(encoding="utf-8")
        assert "RULES.md" not in text and "shared/" not in text and "/work/" not in text, f


def test_unverified_citations_are_the_ones_not_checked_against_a_text() -> None:
    """What could not be checked against a seed or a statute's text says so."""
    national = builtin().get("national")
    assert national.cite("deadlines.enterprise_mediation.mediation_end").status == "unverified"
    assert national.cite("deadlines.arbitration.award").status == "verified"
    assert builtin().get("minhang-2023").cite("final_award.monthly_minimum_wage").status == (
        "unverified"
    )
