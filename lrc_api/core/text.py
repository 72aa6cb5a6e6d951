"""Clean text: the one place that decides which characters a request may store.

Every text a client sends ends up in a ledger that offices print and open in Excel. A vertical
tab pasted from a word processor (Word's manual line break is U+000B), a NUL, an escape sequence
or an unpaired UTF-16 surrogate is invisible in a form, yet it makes an XML workbook invalid, a
JSON answer unencodable or a terminal misbehave. So every text field of every request body is
checked here, once, when the body is parsed:

- refused everywhere: the C0 controls (U+0000–U+001F), DEL and the C1 controls (U+007F–U+009F),
  unpaired surrogates (U+D800–U+DFFF), the non-characters U+FFFE and U+FFFF (not allowed in
  XML, so not in a workbook), and the bidirectional embeddings, overrides and isolates
  (U+202A–U+202E, U+2066–U+2069), which make a name print in another order than it is stored
  ("Trojan Source");
- allowed only in free-text fields (:data:`MULTILINE_FIELDS`: notes, descriptions, summaries,
  outcomes, reasons): line feed, carriage return and tab, so pasted paragraphs keep their
  lines, and the Unicode line and paragraph separators (U+2028, U+2029).

Request models inherit :class:`RequestModel`; it walks the model's validation schema once, when
the class is built, and puts the check after every ``str`` it finds (nested models, lists, dict
keys and values, optionals and unions included). A failure is a pydantic error on the field, so
it leaves as a 422 problem+json naming the field — never the text itself, which may be personal.

Stored rows written before this check may still hold such characters: exporters make any stored
text printable with :func:`printable` instead of failing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from lrc_api.core.schemas import TrimmedInput

MULTILINE_FIELDS: frozenset[str] = frozenset(
    {"note", "description", "summary", "outcome", "reason", "remarks"}
)
"""Free-text fields, by name in any request model: they may hold line breaks and tabs."""

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE_BAD = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff\ufffe\uffff]")
_MULTI_LINE_BAD = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff\ufffe\uffff]"
)

_NAMES = {
    0x00: "NUL",
    0x09: "tab",
    0x0A: "line feed",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x2028: "line separator",
    0x2029: "paragraph separator",
}

_MARK = "lrc_text_checked"


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` may not be stored, or None when it may.

    The reason names the first offending character by code point and position (1-based), never
    the text around it: the value may be personal data.
    """
    bad = (_MULTI_LINE_BAD if multiline else _SINGLE_LINE_BAD).search(value)
    if bad is None:
        return None
    code = ord(bad.group())
    where = f"U+{code:04X} at position {bad.start() + 1}"
    if 0xD800 <= code <= 0xDFFF:
        return f"must be valid Unicode text: an unpaired surrogate ({where})"
    if code in (0xFFFE, 0xFFFF):
        return f"must not contain the non-character {where}"
    name = _NAMES.get(code)
    what = f"{where}, {name}" if name else where
    if code in (0x09, 0x0A, 0x0D, 0x2028, 0x2029):
        return f"must be one line: no line breaks or tabs in this field ({what})"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (
            f"must not contain bidirectional controls ({what}): they make the text show in "
            "another order than it is stored"
        )
    return f"must not contain control characters ({what})"


def _check_single_line(value: str) -> str:
    if _SINGLE_LINE_BAD.search(value) is not None:
        raise PydanticCustomError("text_characters", text_problem(value) or "invalid text")
    return value


def _check_multi_line(value: str) -> str:
    if _MULTI_LINE_BAD.search(value) is not None:
        message = text_problem(value, multiline=True) or "invalid text"
        raise PydanticCustomError("text_characters", message)
    return value


def _errors_in(
    value: Any, multiline: bool, loc: tuple[str | int, ...]
) -> Iterator[InitErrorDetails]:
    """The text errors anywhere inside a validated value (a nested model, list, dict or text)."""
    if isinstance(value, str):
        message = text_problem(value, multiline=multiline)
        if message is not None:
            error = PydanticCustomError("text_characters", message)
            yield InitErrorDetails(type=error, loc=loc, input=value)
    elif isinstance(value, BaseModel):
        names = MULTILINE_FIELDS | getattr(type(value), "multiline_fields", frozenset())
        for name in type(value).model_fields:
            yield from _errors_in(getattr(value, name), name in names, (*loc, name))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _errors_in(
                getattr(value, f.name), f.name in MULTILINE_FIELDS, (*loc, f.name)
            )
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _errors_in(item, multiline, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _errors_in(key, False, (*loc, str(key), "[key]"))
            yield from _errors_in(item, multiline, (*loc, str(key)))


def _check_nested(value: Any) -> Any:
    # A model nested in a request that is not itself a RequestModel (it is shared with responses,
    # which must read old rows whatever they hold): its texts are checked after it is built.
    errors = list(_errors_in(value, False, ()))
    if errors:
        raise ValidationError.from_exception_data(type(value).__name__, errors)
    return value


# Keys of a core schema that hold further schemas (everything else is a value or a setting).
_SCHEMA_KEYS = (
    "schema",
    "items_schema",
    "keys_schema",
    "values_schema",
    "extras_schema",
    "choices",
    "steps",
    "json_schema",
    "python_schema",
    "lax_schema",
    "strict_schema",
    "arguments_schema",
)


def _checked(schema: Any) -> bool:
    cls = schema.get("cls")
    return bool(schema.get("metadata", {}).get(_MARK)) or (
        isinstance(cls, type) and issubclass(cls, RequestModel)
    )


def _guard(
    schema: Any, multiline: bool, names: frozenset[str], resolve: Callable[[Any], Any]
) -> Any:
    """A copy of ``schema`` with the text check after every ``str`` schema in it.

    A nested model that is a :class:`RequestModel` was checked when it was built; any other
    nested model (pydantic refers to it by a definition it assembles later, shared with every
    model that uses it) keeps its definition and gets :func:`_check_nested` after it.
    """
    if isinstance(schema, list):
        return [_guard(s, multiline, names, resolve) for s in schema]
    if isinstance(schema, tuple):  # (schema, label) choices of a union
        return (_guard(schema[0], multiline, names, resolve), *schema[1:])
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind is None:  # a mapping of schemas: tagged-union choices
        return {k: _guard(v, multiline, names, resolve) for k, v in schema.items()}
    if _checked(schema):
        return schema
    if kind == "str":
        check = _check_multi_line if multiline else _check_single_line
        return core_schema.no_info_after_validator_function(check, schema, metadata={_MARK: True})
    if kind == "definition-ref" or kind in ("model", "dataclass"):
        target = resolve(schema) if kind == "definition-ref" else schema
        if _checked(target):
            return schema
        return core_schema.no_info_after_validator_function(
            _check_nested, schema, metadata={_MARK: True}
        )
    out = dict(schema)
    if kind in ("model-fields", "typed-dict"):
        out["fields"] = {
            name: _guard(f, name in names, names, resolve) for name, f in schema["fields"].items()
        }
    for key in _SCHEMA_KEYS:
        if key in schema:
            out[key] = _guard(schema[key], multiline, names, resolve)
    return out


SINGLE_LINE_PATTERN = (
    "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufffe\\uffff]*$"
)
"""The JSON Schema ``pattern`` of a single-line text: no control characters, no line separators,
no bidirectional controls, no non-characters."""

MULTI_LINE_PATTERN = (
    "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\ufffe\\uffff]*$"
)
"""The ``pattern`` of a free-text field: the same, but tab, line feed, carriage return and the
line and paragraph separators pass.

Unpaired surrogates are refused too, but left out of both patterns: an ECMAScript validator
without the ``u`` flag would read every character beyond U+FFFF as two surrogates."""


def _declare(schema: Any, multiline: bool) -> None:
    """Put the clean-text pattern on every plain string schema inside ``schema`` (in place).

    A string that has its own ``pattern``, a ``format`` (dates, files) or an ``enum`` says more
    already — except ``format: password``, which only tells a form to hide what is typed; a
    ``$ref`` is a model that declares itself.
    """
    if isinstance(schema, list):
        for s in schema:
            _declare(s, multiline)
        return
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if schema.get("type") == "string":
        says_more = {"pattern", "enum", "const"} & schema.keys()
        if not says_more and schema.get("format", "password") == "password":
            schema["pattern"] = MULTI_LINE_PATTERN if multiline else SINGLE_LINE_PATTERN
        return
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        if key in schema:
            _declare(schema[key], multiline)
    if "items" in schema:
        _declare(schema["items"], multiline)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        _declare(extra, multiline)
        names = schema.setdefault("propertyNames", {"type": "string"})
        _declare(names, False)


class RequestModel(TrimmedInput):
    """Base of every request body model: its text fields take clean text only, and are trimmed
    after their documented checks (:class:`~lrc_api.core.schemas.TrimmedInput`).

    A single-line field refuses control characters, line breaks included; a field named in
    :data:`MULTILINE_FIELDS` (or in the subclass's ``multiline_fields``) also takes line feed,
    carriage return and tab. Refused text is a 422 naming the field. Models nested in a request
    model are checked as part of it, whatever their base class.
    """

    multiline_fields: ClassVar[frozenset[str]] = frozenset()
    """More fields of this model (beyond :data:`MULTILINE_FIELDS`) that may hold line breaks."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """The model's schema with the text check after every string in it."""
        schema = handler(source)
        if schema.get("type") != "model" or schema.get("cls") is not cls:
            return schema  # pydantic handed back a reference: the model itself is checked
        names = MULTILINE_FIELDS | cls.multiline_fields
        out = dict(schema)
        out["schema"] = _guard(schema["schema"], False, names, handler.resolve_ref_schema)
        return out  # type: ignore[return-value]

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The document says what the check refuses: a ``pattern`` on every plain text field,
        so a client's validator and the service agree (the multi-line one on free-text fields)."""
        json_schema = handler(core_schema)
        target = handler.resolve_ref_schema(json_schema)
        names = MULTILINE_FIELDS | cls.multiline_fields
        for name, prop in target.get("properties", {}).items():
            _declare(prop, name in names)
        return json_schema


_UNPRINTABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff\ufffe\uffff]")


def _printable_char(match: re.Match[str]) -> str:
    # Word's manual line break (U+000B) and a form feed were line breaks to whoever typed them.
    return "\n" if match.group() in "\x0b\x0c" else "\ufffd"


def printable(value: str) -> str:
    """``value`` with every character a workbook or a JSON encoder cannot carry replaced.

    Vertical tab and form feed become a line feed; any other control character, an unpaired
    surrogate or a non-character becomes U+FFFD (�), so the reader sees that something was
    there. Text checked by :class:`RequestModel` comes back unchanged (one regex scan).
    """
    if _UNPRINTABLE.search(value) is None:
        return value
    return _UNPRINTABLE.sub(_printable_char, value)


FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")
"""First characters that make a spreadsheet read a csv field as a formula (OWASP CSV injection:
``=``, ``+``, ``-``, ``@``, tab, carriage return; line feed and the full-width forms that Chinese
input methods type are added, since some spreadsheets fold them to the ASCII ones)."""


def formula_safe(value: str) -> str:
    """A text field for a csv cell that no spreadsheet runs as a formula (OWASP CSV injection).

    A field starting with a formula character gets a leading apostrophe, the OWASP remedy; so
    does a field that starts with apostrophes before such a character, which keeps the rule
    reversible (:func:`formula_restored`) for a file that comes back as an import. Hand-rolled
    rather than defusedcsv: that library misses tab and carriage return and rewrites every
    ``|`` inside the text, which an import could not undo.
    """
    if value and (value[0] in FORMULA_START or value[0] == "'") and _needs_quote(value):
        return "'" + value
    return value


def _needs_quote(value: str) -> bool:
    rest = value.lstrip("'")
    return bool(rest) and rest[0] in FORMULA_START


def formula_restored(value: str) -> str:
    """The text :func:`formula_safe` was given (one leading apostrophe removed where it added one)."""
    if value.startswith("'") and _needs_quote(value):
        return value[1:]
    return value
