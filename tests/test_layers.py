"""Layers (DESIGN.md; issue 12 §10): no module imports one that stands above it.

``lrc_rules`` at the bottom; ``lrc_api.core`` above it; the record domains above core; the views
and files above the records; ``main``, ``cli``, ``demo`` and ``tables`` on top. Record domains may
use each other (an activity belongs to a coordinator); ``regions`` keeps only the tree and uses no
other domain. A new folder counts as a view until it is placed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RECORDS = {
    "regions",
    "enterprises",
    "coordinators",
    "activities",
    "assessments",
    "cases",
    "auth",
    "accounts",
    "audit",
    "policies",
    "calendar",
    "rules",
}
"""Record domains (and the HTTP over lrc_rules): above core, below the views."""

TOP = {"main", "cli", "demo", "tables", "__init__"}
"""Modules that assemble everything."""


def layer(module: str) -> int:
    """0 lrc_rules, 1 core, 2 records, 3 views and files, 4 top."""
    parts = module.split(".")
    if parts[0] == "lrc_rules":
        return 0
    if len(parts) == 1:
        return 4 if parts[0] == "lrc_api" else -1
    head = parts[1]
    if head == "core":
        return 1
    if head in RECORDS:
        return 2
    if head in TOP:
        return 1 if head == "__init__" else 4
    return 3


def _modules() -> list[tuple[str, Path]]:
    out = []
    for package in ("lrc_rules", "lrc_api"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            name = ".".join(rel.parts)
            out.append((name.removesuffix(".__init__"), path))
    return out


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m for m in found if m.split(".")[0] in ("lrc_api", "lrc_rules")}


MODULES = _modules()


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_module_imports_one_above_it(module: str, path: Path) -> None:
    mine = layer(module)
    above = sorted(m for m in _imports(path) if layer(m) > mine)
    assert not above, f"{module} (layer {mine}) imports from above: {above}"


def test_regions_keeps_only_the_tree() -> None:
    """``regions`` uses core and the rules only (the staffing view moved out, issue 12 §10)."""
    for module, path in MODULES:
        if module.startswith("lrc_api.regions"):
            others = {
                m
                for m in _imports(path)
                if m.startswith("lrc_api.") and m.split(".")[1] not in ("core", "regions")
            }
            assert not others, f"{module} imports {sorted(others)}"


def test_every_view_has_its_own_folder_with_the_usual_files() -> None:
    for view in ("staffing", "rankings", "obligations", "vocabularies", "scorecards"):
        folder = ROOT / "lrc_api" / view
        for name in ("__init__.py", "schemas.py", "service.py", "router.py"):
            assert (folder / name).is_file(), f"lrc_api/{view}/{name}"
