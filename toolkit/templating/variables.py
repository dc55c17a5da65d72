"""What a template can use, generated from the models so the authoring guide cannot drift.

`policykit variables [--kind K]` prints this; `lint` checks templates against the same names.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from toolkit.data.models import KINDS, MODEL_BY_KIND

CONTEXT: dict[str, str] = {
    "j": "the jurisdiction (fields below); kind-specific fields exist only for their kinds",
    "kind": "the jurisdiction's kind: city, county, city_county or school_board",
    "policy": "this policy's id, title, version, type and summary",
    "options": 'the option switches, by name: {% if options["masks-and-id"] %}',
    "law": "this policy's citations (policy.yaml `law:`) for the jurisdiction's state over "
    "`default`; test optional ones with `law.key is defined`",
    "state": "the state's shared data (_shared/states.yaml): name, form (the legal form of "
    "instruments for this kind), restrictions, and warning (this policy's, from its gate:)",
    "facts": "figures that age (_shared/facts.yaml): facts.<name>.value, .as_of, .source",
    "terms": "words for this kind of jurisdiction (_shared/terms.en.yaml), e.g. terms.people",
    "number": "the document number from the jurisdiction's `numbers:`, or none",
    "adoption_date": "the adoption date written out (e.g. 'December 9, 2026'), or none",
    "blank": 'blank("label") prints a visible placeholder the clerk must fill in',
    "field": 'field("number", value) marks a fill-in that repeats (number, adoption_date, '
    "introduction_date): one Word field, typed once",
}
"""Names every policy body can use, with what they hold."""

FILTERS: dict[str, str] = {
    "long_date": "writes a date (or YYYY-MM-DD text) the way a clerk does: December 9, 2026",
    "number": "a number with the separators of the document's locale (US usage): 12,500.5",
    "currency": "an amount of money: {{ 2500000 | currency }} is $2,500,000.00; a code may follow",
    "and_list": "a list joined as the language does: English, Spanish and Tagalog",
    "contractions": "Spanish 'de el' and 'a el' written 'del' and 'al' (other languages as is)",
}
"""Filters every template can use; the test suite checks this against toolkit.i18n.localize."""
DICT_METHODS = frozenset({"get", "items", "keys", "values"})
"""Methods of `j` (a mapping) that templates may call, e.g. j.get("sheriff")."""


@dataclass(frozen=True)
class Variable:
    """One jurisdiction field as a template sees it: `j.clerk.name`, its type and meaning."""

    path: str
    type: str
    required: bool
    description: str


def jurisdiction_variables(kind: str) -> list[Variable]:
    """Every `j.` path available for jurisdictions of `kind`, nested models flattened."""
    found = list(_walk(MODEL_BY_KIND[kind], "j"))
    found.append(Variable("j.short_name", "text", False, "name for running text; defaults to name"))
    return sorted({v.path: v for v in found}.values(), key=lambda v: v.path)


def fields_by_kind() -> dict[str, set[str]]:
    """Top-level `j` attribute names per kind, for the linter."""
    return {
        kind: {v.path.split(".")[1].split("[")[0] for v in jurisdiction_variables(kind)}
        for kind in KINDS
    }


def _walk(model: type[BaseModel], prefix: str) -> Iterator[Variable]:
    for name, field in model.model_fields.items():
        path = f"{prefix}.{name}"
        nested = _nested_model(field.annotation)
        description = field.description or ""
        if nested is not None and _is_list(field.annotation):
            yield Variable(path, f"list of {nested.__name__}", field.is_required(), description)
            yield from _walk(nested, f"{path}[]")
        elif nested is not None:
            yield Variable(path, nested.__name__, field.is_required(), description)
            yield from _walk(nested, path)
        else:
            yield Variable(path, _type_name(field.annotation), field.is_required(), description)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        inner = _nested_model(argument)
        if inner is not None:
            return inner
    return None


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation)) if origin else False


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [_type_name(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
        optional = type(None) in typing.get_args(annotation)
        return " or ".join(members) + (" (or none)" if optional else "")
    if origin is typing.Annotated:
        return _type_name(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return "literal " + ", ".join(map(str, typing.get_args(annotation)))
    if origin in (list, dict):
        args = ", ".join(_type_name(arg) for arg in typing.get_args(annotation))
        return f"{origin.__name__} of {args}"
    plain = {str: "text", bool: "yes/no", int: "number", float: "number"}
    if annotation in plain:
        return plain[annotation]
    return str(getattr(annotation, "__name__", annotation))


def describe(kind: str | None) -> str:
    """The text `policykit variables` prints: context names, filters, then `j` per kind."""
    lines = ["Names every policy body can use:"]
    lines += [f"  {name:<14} {text}" for name, text in CONTEXT.items()]
    lines += ["Filters:"] + [f"  {name:<14} {text}" for name, text in FILTERS.items()]
    for each in [kind] if kind else list(KINDS):
        lines.append(f"Jurisdiction fields for kind '{each}' (j.*):")
        for variable in jurisdiction_variables(each):
            required = "required" if variable.required else "optional"
            text = f" - {variable.description}" if variable.description else ""
            lines.append(f"  {variable.path:<34} {variable.type} ({required}){text}")
    return "\n".join(lines) + "\n"
