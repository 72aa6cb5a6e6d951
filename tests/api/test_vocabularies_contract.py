"""Every named enumeration of the contract is a vocabulary (issue 12 §8): each code a response or
request can carry has a Chinese name in GET /v1/vocabularies, except a few purely technical ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

DOC = json.loads(
    (Path(__file__).resolve().parents[2] / "openapi" / "openapi.json").read_text(encoding="utf-8")
)

TECHNICAL = {
    # File formats: the names people read are the formats' own (xlsx, csv), not words to translate.
    "ImportFileFormat",
    "LedgerFileFormat",
}
"""Enumerations no vocabulary needs to name; each entry says why."""


def _enumerations() -> dict[str, list[Any]]:
    """Component name → its enum, for every component schema that is an enumeration."""
    return {
        name: schema["enum"]
        for name, schema in DOC["components"]["schemas"].items()
        if "enum" in schema
    }


def test_every_named_enumeration_is_covered_by_a_vocabulary(client: TestClient) -> None:
    r = client.get("/v1/vocabularies")
    assert r.status_code == 200
    named = {v["id"]: {t["code"]: t["zh"] for t in v["terms"]} for v in r.json()["vocabularies"]}
    uncovered = {}
    for component, codes in _enumerations().items():
        if component in TECHNICAL:
            continue
        covering = [vid for vid, terms in named.items() if set(codes) <= set(terms)]
        if not covering:
            uncovered[component] = codes
            continue
        for vid in covering:  # every vocabulary that covers it names each code in Chinese
            assert all(any("\u4e00" <= ch <= "\u9fff" for ch in named[vid][c]) for c in codes), vid
    assert not uncovered, f"name these codes in lrc_api/core/vocabulary_terms: {uncovered}"


def test_the_technical_exceptions_are_still_enumerations_of_the_contract() -> None:
    """The exception list does not rot: each name is an enumeration the document still has."""
    assert set(_enumerations()) >= TECHNICAL
    assert len(_enumerations()) > 50  # the walk sees the whole document, not an empty one
