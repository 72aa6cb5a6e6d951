"""Policy packs: every number a document sets, with its citation and the date it holds from.

A pack is a folder ``<pack_id>/`` holding ``pack.toml`` (what the pack is, which pack it
extends, the date it is in force from) and one TOML file per topic (``scoring.toml``,
``deadlines.toml`` …). In a topic file a table that has ``value`` or ``values`` is a
*parameter*; any other table is a group of parameters. A parameter looks like::

    [publicity.points_each]
    description = "Points for each publicity event (开展宣传)"
    citation = { doc = "汶政字〔2024〕59号", status = "verified", part = "附件1", clause = "8.3" }
    value = 5

or, when the number changes over time::

    [minimum_wage.monthly]
    description = "Shanghai monthly minimum wage (元)"
    citation = { doc = "沪人社规〔2025〕10号", status = "unverified" }
    values = [ { from = 2019-04-01, value = 2480 }, { from = 2021-07-01, value = 2590 } ]

A single ``value`` holds from the day the pack is in force (``in_force_from`` of the pack that
defines it); ``values`` hold each from its ``from``. No value applies to a day before its ``from``:
:meth:`Policy.value` on an earlier day raises :class:`MissingParameterError`.

Its path is ``<topic>.<group…>.<name>``, e.g. ``scoring.publicity.points_each``. A pack that
``extends`` another inherits every parameter and overrides only what it names again; an override
must keep the parent's type. The loader is strict: an unknown key, a wrong type, a parameter
without a citation, or a citation without its document and status (``verified``, ``unverified``
or ``local_practice``) is a :class:`PolicyError` naming the file and the key.

Packs are read once (at start-up); the rule functions receive a :class:`Policy` and never touch
the file system.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from lrc_rules.errors import MissingParameterError, PolicyError, UnknownPolicyError
from lrc_rules.trace import CITATION_STATUSES, Citation

BUILTIN_DIR = Path(__file__).with_name("policies")
"""The folder of the packs shipped with the engine."""

DEFAULT_POLICY = "wenshang-2024"
"""The pack used when neither the deployment nor the request names one."""

_PACK_KEYS = {"id", "title", "extends", "in_force_from", "jurisdiction", "description", "source"}
_PARAM_KEYS = {"description", "citation", "value", "values", "unit"}
_CITATION_KEYS = {"doc", "part", "clause", "article", "note", "status"}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One number (or list, or table) a document sets, over time, with its citation."""

    path: str
    description: str
    citation: Citation
    values: tuple[tuple[dt.date, Any], ...]
    unit: str | None = None
    defined_in: str = ""

    def at(self, as_of: dt.date) -> Any:
        """The value in force on ``as_of``; raises ``LookupError`` before the first date."""
        found: Any = _MISSING
        for start, value in self.values:
            if start <= as_of:
                found = value
            else:
                break
        if found is _MISSING:
            raise LookupError(f"{self.path} has no value before {self.values[0][0].isoformat()}")
        return found

    def since(self, as_of: dt.date) -> dt.date:
        """The ``from`` of the value in force on ``as_of``; raises ``LookupError`` before the first."""
        found: dt.date | None = None
        for start, _ in self.values:
            if start <= as_of:
                found = start
            else:
                break
        if found is None:
            raise LookupError(f"{self.path} has no value before {self.values[0][0].isoformat()}")
        return found

    @property
    def current(self) -> Any:
        """The latest value (for listings)."""
        return self.values[-1][1]


class _Missing:
    pass


_MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Policy:
    """A resolved pack: its own description plus every parameter, inherited ones included."""

    id: str
    title: str
    in_force_from: dt.date
    extends: str | None
    description: str
    jurisdiction: str
    source: Citation | None
    parameters: Mapping[str, Parameter] = field(repr=False)

    def parameter(self, path: str) -> Parameter:
        """The parameter at ``path``; raises :class:`MissingParameterError` if the pack lacks it."""
        try:
            return self.parameters[path]
        except KeyError:
            raise MissingParameterError(self.id, path) from None

    def value(self, path: str, as_of: dt.date) -> Any:
        """The value of ``path`` in force on ``as_of``."""
        param = self.parameter(path)
        try:
            return param.at(as_of)
        except LookupError:
            raise MissingParameterError(
                self.id, path, f"has no value on {as_of.isoformat()}"
            ) from None

    def typed(self, path: str, as_of: dt.date, kind: type[T]) -> T:
        """The value of ``path`` on ``as_of``, checked to be of ``kind`` (int accepted as float)."""
        value = self.value(path, as_of)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)  # type: ignore[return-value]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise MissingParameterError(self.id, path, f"is not of type {kind.__name__}")
        return value

    def has(self, path: str) -> bool:
        """Whether the pack defines ``path``."""
        return path in self.parameters

    def cite(self, path: str) -> Citation:
        """The citation of the parameter at ``path``."""
        return self.parameter(path).citation

    def under(self, prefix: str) -> dict[str, Parameter]:
        """Every parameter whose path starts with ``prefix.``, keyed by the rest of the path."""
        head = prefix + "."
        return {p[len(head) :]: v for p, v in self.parameters.items() if p.startswith(head)}


@dataclass(frozen=True, slots=True)
class _RawPack:
    id: str
    title: str
    in_force_from: dt.date
    extends: str | None
    description: str
    jurisdiction: str
    source: Citation | None
    parameters: dict[str, Parameter]
    folder: Path


class PolicyRegistry:
    """The packs a process knows: the built-in ones plus any folders a deployment adds."""

    def __init__(self, packs: Mapping[str, Policy]) -> None:
        self._packs = dict(packs)

    @classmethod
    def load(cls, extra_dirs: Iterable[Path | str] = ()) -> PolicyRegistry:
        """Read and resolve the built-in packs and those under ``extra_dirs`` (later ones win)."""
        raw: dict[str, _RawPack] = {}
        for base in (BUILTIN_DIR, *(Path(d) for d in extra_dirs)):
            if not base.is_dir():
                raise PolicyError(str(base), "-", "policy folder does not exist")
            for folder in sorted(p for p in base.iterdir() if (p / "pack.toml").is_file()):
                pack = _read_pack(folder)
                raw[pack.id] = pack
        resolved: dict[str, Policy] = {}
        for pack_id in raw:
            resolved[pack_id] = _resolve(pack_id, raw, resolved, ())
        return cls(resolved)

    def ids(self) -> tuple[str, ...]:
        """The ids of all packs, sorted."""
        return tuple(sorted(self._packs))

    def list(self) -> list[Policy]:
        """All packs, sorted by id."""
        return [self._packs[i] for i in self.ids()]

    def get(self, policy_id: str) -> Policy:
        """The pack ``policy_id``; raises :class:`UnknownPolicyError` naming the known ones."""
        try:
            return self._packs[policy_id]
        except KeyError:
            raise UnknownPolicyError(policy_id, self.ids()) from None

    def __contains__(self, policy_id: object) -> bool:
        return policy_id in self._packs


@lru_cache(maxsize=1)
def builtin() -> PolicyRegistry:
    """The registry of the packs shipped with the engine (read once per process)."""
    return PolicyRegistry.load()


def get_policy(policy_id: str = DEFAULT_POLICY) -> Policy:
    """A built-in pack by id."""
    return builtin().get(policy_id)


# --- reading -----------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), "-", f"not valid TOML: {exc}") from None


def _read_pack(folder: Path) -> _RawPack:
    meta_file = folder / "pack.toml"
    meta = _read_toml(meta_file)
    name = str(meta_file)
    for key in meta:
        if key not in _PACK_KEYS:
            raise PolicyError(name, key, f"unknown key; allowed: {', '.join(sorted(_PACK_KEYS))}")
    pack_id = _need(meta, "id", str, name)
    if pack_id != folder.name:
        raise PolicyError(name, "id", f"must equal the folder name {folder.name!r}")
    in_force = _need(meta, "in_force_from", dt.date, name)
    extends = meta.get("extends")
    if extends is not None and not isinstance(extends, str):
        raise PolicyError(name, "extends", "must be a pack id (string)")
    source = _citation(meta["source"], name, "source") if "source" in meta else None
    params: dict[str, Parameter] = {}
    for topic_file in sorted(folder.glob("*.toml")):
        if topic_file.name == "pack.toml":
            continue
        data = _read_toml(topic_file)
        _walk(data, topic_file.stem, str(topic_file), in_force, pack_id, params)
    return _RawPack(
        id=pack_id,
        title=_need(meta, "title", str, name),
        in_force_from=in_force,
        extends=extends,
        description=str(meta.get("description", "")),
        jurisdiction=str(meta.get("jurisdiction", "")),
        source=source,
        parameters=params,
        folder=folder,
    )


def _need(table: Mapping[str, Any], key: str, kind: type[T], file: str) -> T:
    if key not in table:
        raise PolicyError(file, key, "is required")
    value = table[key]
    if kind is dt.date and isinstance(value, dt.datetime):
        raise PolicyError(file, key, "must be a date (YYYY-MM-DD), not a date-time")
    if not isinstance(value, kind):
        raise PolicyError(file, key, f"must be of type {kind.__name__}")
    return value


def _citation(raw: Any, file: str, key: str) -> Citation:
    if not isinstance(raw, dict):
        raise PolicyError(file, key, "citation must be a table {doc, part?, clause?, article?}")
    for k, v in raw.items():
        if k not in _CITATION_KEYS:
            raise PolicyError(file, f"{key}.{k}", "unknown citation key")
        if not isinstance(v, str):
            raise PolicyError(file, f"{key}.{k}", "must be a string")
    if not raw.get("doc"):
        raise PolicyError(file, f"{key}.doc", "a citation needs the document")
    if raw.get("status") not in CITATION_STATUSES:
        raise PolicyError(
            file,
            f"{key}.status",
            f"a citation needs a status, one of {', '.join(CITATION_STATUSES)} "
            "(verified: the document says it; unverified: to be checked; local_practice: no "
            "document sets it, a deployment replaces it)",
        )
    return Citation(**raw)


def _walk(
    table: Mapping[str, Any],
    prefix: str,
    file: str,
    in_force: dt.date,
    pack_id: str,
    out: dict[str, Parameter],
) -> None:
    for key, node in table.items():
        path = f"{prefix}.{key}"
        if not isinstance(node, dict):
            raise PolicyError(file, path, "unknown key: only parameter tables and groups allowed")
        if "value" in node or "values" in node:
            out[path] = _parameter(node, path, file, in_force, pack_id)
        elif "description" in node or "citation" in node:
            raise PolicyError(file, path, "a parameter needs `value` or `values`")
        else:
            _walk(node, path, file, in_force, pack_id, out)


def _parameter(
    node: Mapping[str, Any], path: str, file: str, in_force: dt.date, pack_id: str
) -> Parameter:
    for key in node:
        if key not in _PARAM_KEYS:
            raise PolicyError(file, f"{path}.{key}", "unknown key in a parameter")
    if "citation" not in node:
        raise PolicyError(file, path, "parameter without a citation")
    description = node.get("description")
    if not isinstance(description, str) or not description.strip():
        raise PolicyError(file, f"{path}.description", "a one-line description is required")
    unit = node.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise PolicyError(file, f"{path}.unit", "must be a string")
    if "value" in node and "values" in node:
        raise PolicyError(file, path, "give `value` or `values`, not both")
    series: list[tuple[dt.date, Any]]
    if "value" in node:
        # A single value holds from the day its pack is in force, never before (issue: rules hold
        # from the day they are in force).
        series = [(in_force, _check_value(node["value"], file, f"{path}.value"))]
    else:
        raw = node["values"]
        if not isinstance(raw, list) or not raw:
            raise PolicyError(file, f"{path}.values", "must be a non-empty list")
        series = []
        for i, item in enumerate(raw):
            where = f"{path}.values[{i}]"
            if not isinstance(item, dict) or set(item) != {"from", "value"}:
                raise PolicyError(file, where, "each entry is { from = YYYY-MM-DD, value = … }")
            start = _need(item, "from", dt.date, file)
            series.append((start, _check_value(item["value"], file, f"{where}.value")))
        dates = [d for d, _ in series]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise PolicyError(file, f"{path}.values", "dates must be strictly increasing")
        kinds = {_kind(v) for _, v in series}
        if len(kinds) > 1:
            raise PolicyError(file, f"{path}.values", f"mixed types: {sorted(kinds)}")
    return Parameter(
        path=path,
        description=description.strip(),
        citation=_citation(node["citation"], file, f"{path}.citation"),
        values=tuple(series),
        unit=unit,
        defined_in=pack_id,
    )


def _check_value(value: Any, file: str, where: str) -> Any:
    if isinstance(value, dt.datetime):
        raise PolicyError(file, where, "date-times are not allowed; use a date")
    if isinstance(value, bool | int | float | str | dt.date):
        return value
    if isinstance(value, list):
        return tuple(_check_value(v, file, f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(value, dict):
        return {k: _check_value(v, file, f"{where}.{k}") for k, v in value.items()}
    raise PolicyError(file, where, f"unsupported value type {type(value).__name__}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _resolve(
    pack_id: str,
    raw: Mapping[str, _RawPack],
    done: dict[str, Policy],
    chain: tuple[str, ...],
) -> Policy:
    if pack_id in done:
        return done[pack_id]
    pack = raw[pack_id]
    file = str(pack.folder / "pack.toml")
    if pack_id in chain:
        raise PolicyError(file, "extends", f"circular: {' -> '.join((*chain, pack_id))}")
    params: dict[str, Parameter] = {}
    if pack.extends is not None:
        if pack.extends not in raw:
            raise PolicyError(file, "extends", f"unknown pack {pack.extends!r}")
        parent = _resolve(pack.extends, raw, done, (*chain, pack_id))
        params.update(parent.parameters)
    for path, param in pack.parameters.items():
        inherited = params.get(path)
        if inherited is not None and _kind(inherited.current) != _kind(param.current):
            raise PolicyError(
                str(pack.folder),
                path,
                f"overrides {inherited.defined_in} with type {_kind(param.current)}, "
                f"expected {_kind(inherited.current)}",
            )
        params[path] = param
    policy = Policy(
        id=pack.id,
        title=pack.title,
        in_force_from=pack.in_force_from,
        extends=pack.extends,
        description=pack.description,
        jurisdiction=pack.jurisdiction,
        source=pack.source,
        parameters=dict(sorted(params.items())),
    )
    done[pack_id] = policy
    return policy
