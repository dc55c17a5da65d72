"""One jurisdiction entry, from any source (a file, a web form, `--set`), into a validated model.

Files, forms and overrides all pass through `validate_entry`, so a mistake reads the same wherever
it was made: the field path and a message in a clerk's words. Callers add the file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from toolkit.data.models import KINDS, MODEL_BY_KIND, JurisdictionBase
from toolkit.errors import DataError, Problem


@dataclass(frozen=True)
class RawEntry:
    """One entry as read from a file, before validation, with where it came from."""

    data: Any
    line: int | None
    lines: dict[tuple[str | int, ...], int]
    """Line of each nested key, for pointing at the exact field that is wrong."""
    error: str = ""
    """A problem found while reading the entry (a CSV row with too many cells)."""


LIST_FIELDS = frozenset({"congressional_delegation", "languages", "extra_recitals", "local_facts"})
"""Fields holding several values; a CSV cell separates them with semicolons."""

FieldProblem = tuple[tuple[str | int, ...], str]
"""Where in the entry (a path of keys) and what is wrong there."""

_MESSAGES = {
    "missing": "required field is missing",
    "string_pattern_mismatch": "expected lower-case letters, digits and single hyphens",
    "string_too_short": "must not be empty",
    "bool_parsing": "expected on/off, true/false or yes/no",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping",
    "list_type": "expected a list",
    "string_type": "expected text",
    "int_parsing": "expected a whole number",
    "float_parsing": "expected a number",
}


def friendly_message(error: ErrorDetails) -> str:
    """A pydantic error in the words a clerk understands ('required field is missing')."""
    if error["type"] == "value_error" and "ctx" in error:
        return str(error["ctx"]["error"])
    message = _MESSAGES.get(error["type"], error["msg"])
    if error["type"] in {"int_parsing", "float_parsing", "bool_parsing"}:
        message += f", got {error['input']!r}"
    bounds = {"less_than_equal": "at most", "greater_than_equal": "at least"}
    if error["type"] in bounds and "ctx" in error:
        limit = next(iter(error["ctx"].values()))
        message = f"must be {bounds[error['type']]} {limit}, got {error['input']!r}"
    return str(message)


def validate_entry(data: Any) -> tuple[JurisdictionBase | None, list[FieldProblem]]:
    """The validated jurisdiction, or None and every problem found in the entry."""
    if not isinstance(data, Mapping):
        return None, [((), "expected a mapping of fields")]
    kind = data.get("kind")
    if kind not in KINDS:
        got = "is missing" if kind is None else f"{kind!r} is unknown"
        return None, [(("kind",), f"kind {got}; expected one of: {', '.join(KINDS)}")]
    model = MODEL_BY_KIND[kind]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _explain(exc.errors(include_url=False), model)


def _explain(errors: list[ErrorDetails], model: type[JurisdictionBase]) -> list[FieldProblem]:
    """Messages per field; a misspelt field and the 'missing' it causes become one line."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    explained: list[FieldProblem] = []
    suggested: set[tuple[str | int, ...]] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden":
            continue
        message, suggestion = _unknown_field(loc, model, missing)
        if suggestion is not None:
            suggested.add(suggestion)
        explained.append((loc, message))
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" or loc in suggested:
            continue
        explained.append((loc, friendly_message(error)))
    return sorted(explained, key=lambda item: [str(part) for part in item[0]])


def _unknown_field(
    loc: tuple[str | int, ...],
    model: type[JurisdictionBase],
    missing: set[tuple[str | int, ...]],
) -> tuple[str, tuple[str | int, ...] | None]:
    """'did you mean ...?' for a typo, or the kinds that do have the field."""
    name = str(loc[-1])
    if len(loc) == 1:
        owners = [kind for kind, other in MODEL_BY_KIND.items() if name in other.model_fields]
        if owners:
            only = ", ".join(owners)
            return f"'{name}' is not a field of a {_kind_of(model)} (it exists for: {only})", None
    known = _known_fields(model, loc[:-1])
    others = {n for other in MODEL_BY_KIND.values() for n in _known_fields(other, loc[:-1])}
    close = difflib.get_close_matches(name, sorted(set(known) | others), n=1, cutoff=0.75)
    if close and close[0] in known:
        suggestion = (*loc[:-1], close[0])
        return f"unknown field '{name}': did you mean '{close[0]}'?", (
            suggestion if suggestion in missing else None
        )
    if close:
        kinds = ", ".join(k for k, other in MODEL_BY_KIND.items() if close[0] in other.model_fields)
        return f"unknown field '{name}' (did you mean '{close[0]}'? it exists for: {kinds})", None
    return f"unknown field '{name}' (the README lists every field)", None


def _kind_of(model: type[JurisdictionBase]) -> str:
    return next(kind for kind, other in MODEL_BY_KIND.items() if other is model)


def _known_fields(model: type[Any], parents: tuple[str | int, ...]) -> list[str]:
    """Field names at a nested path (`clerk` -> title, name), for suggestions."""
    current: Any = model
    for part in parents:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(str(part))
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside `Officer | None` or `list[LocalFact]`, if any."""
    if hasattr(annotation, "model_fields"):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def field_path(loc: tuple[str | int, ...]) -> str | None:
    """`('clerk', 'name')` as 'clerk.name', the form people type in `--set` and CSV headers."""
    return ".".join(str(part) for part in loc) or None


def jurisdiction_from_mapping(data: Mapping[str, Any]) -> JurisdictionBase:
    """A validated jurisdiction from plain data (a web form, a script); raises `DataError`.

    Each problem carries the field path and the same message a file entry would get.
    """
    jurisdiction, problems = validate_entry(data)
    if jurisdiction is None:
        entry = data.get("id") if isinstance(data, Mapping) else None
        raise DataError(
            [
                Problem("", message, entry=str(entry) if entry else None, field=field_path(loc))
                for loc, message in problems
            ]
        )
    return jurisdiction


def with_overrides(
    jurisdiction: JurisdictionBase, overrides: Mapping[str, str]
) -> JurisdictionBase:
    """The jurisdiction with `field.path=value` pairs applied, validated like a file entry."""
    if not overrides:
        return jurisdiction
    data: dict[str, Any] = jurisdiction.model_dump(mode="json")
    problems: list[Problem] = []
    for dotted, value in overrides.items():
        top = dotted.split(".")[0]
        if top == "kind":
            message = "a jurisdiction's kind cannot be changed for one document"
        elif top in LIST_FIELDS:
            message = "a list cannot be set from one value; edit the jurisdictions file instead"
        else:
            try:
                set_dotted(data, dotted, value)
                continue
            except ValueError as exc:
                message = str(exc)
        problems.append(Problem("", message, entry=jurisdiction.id, field=dotted))
    if problems:
        raise DataError(problems)
    return jurisdiction_from_mapping(data)


def set_dotted(target: dict[str, Any], dotted: str, value: Any) -> None:
    """Set `a.b.c` in nested dicts, creating groups; a value where a group is needed is an error."""
    *parents, last = dotted.split(".")
    for part in parents:
        child = target.setdefault(part, {})
        if child is None:
            child = target[part] = {}
        if not isinstance(child, dict):
            raise ValueError(f"'{part}' is a single value, not a group of fields")
        target = child
    target[last] = value
