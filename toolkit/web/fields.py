"""The jurisdiction form, built from the pydantic models, and the way back from a post to data.

Each control's name is the field's dotted path in a jurisdictions file (`presiding_officer.name`,
`numbers.ice-out`, `local_facts.0.year`), which is also its label, the path in every error
message, and the key in a downloaded answers file: one name for one thing everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from starlette.datastructures import FormData

from toolkit.data.entries import set_dotted
from toolkit.data.models import (
    MODEL_BY_KIND,
    TRANSLATABLE_LISTS,
    TRANSLATABLE_NAMES,
    USPS_STATES,
)
from toolkit.languages import ENGLISH, LANGUAGES
from toolkit.templating.policies import Policy

Widget = Literal["text", "date", "lines", "checkbox", "number"]

TAILOR_FIELDS = ("adoption_date", "extra_recitals")
"""Jurisdiction fields shown under "Tailor" rather than with the jurisdiction's details."""
SPECIAL_FIELDS = frozenset(
    {"kind", "numbers", "options", "local_facts", "translations", *TAILOR_FIELDS}
)
"""Fields with a control of their own (or none: the kind comes from the Jurisdiction menu)."""
TRANSLATIONS = "translations"
LOCAL_FACT_PARTS = ("text", "source", "year")
MAX_LOCAL_FACTS = 50

_NUMBER = re.compile(r"^numbers\.([a-z0-9-]{1,80})$")
_OPTION = re.compile(r"^options\.([a-z0-9-]{1,80})\.([a-z0-9-]{1,80})$")
_FACT = re.compile(r"^local_facts\.(\d{1,2})\.(text|source|year)$")
_TRANSLATION = re.compile(r"^translations\.([A-Za-z-]{2,10})\.([A-Za-z_.]{1,60})$")
_TERM = re.compile(r"^terms\.[A-Za-z_]{1,40}$")
_ON = frozenset({"on", "true", "yes", "1"})


@dataclass(frozen=True)
class Field:
    """One control: its dotted name, how it is typed, and whether the model requires it."""

    name: str
    widget: Widget
    required: bool = False
    description: str = ""
    """The model's description of the field, the help text unless the messages have one."""
    default_on: bool = False
    """A yes/no field that is yes unless the entry says no: its box starts ticked."""

    @property
    def dom_id(self) -> str:
        """The control's element id: `f-presiding_officer-name`."""
        return "f-" + self.name.replace(".", "-")


@dataclass(frozen=True)
class Group:
    """A nested model shown as a fieldset (`presiding_officer`: title and name)."""

    name: str
    fields: tuple[Field, ...]
    required: bool
    description: str = ""

    @property
    def dom_id(self) -> str:
        """The fieldset's element id."""
        return "f-" + self.name


Entry = Field | Group


def detail_entries(kind: str) -> list[Entry]:
    """The controls for the details of a jurisdiction of `kind`, in the model's field order."""
    model = MODEL_BY_KIND[kind]
    entries: list[Entry] = []
    for name, info in model.model_fields.items():
        if name in SPECIAL_FIELDS:
            continue
        required = info.is_required()
        description = info.description or ""
        nested = _model_in(info.annotation)
        if nested is not None:
            fields = tuple(
                Field(f"{name}.{sub}", _widget(sub_info.annotation), sub_info.is_required())
                for sub, sub_info in nested.model_fields.items()
            )
            entries.append(Group(name, fields, required, description))
        else:
            widget = _widget(info.annotation)
            default_on = widget == "checkbox" and info.default is True
            entries.append(Field(name, widget, required, description, default_on))
    return entries


def tailor_fields(kind: str) -> list[Field]:
    """Adoption date and extra recitals, described by the model of `kind`."""
    fields = MODEL_BY_KIND[kind].model_fields
    return [
        Field(name, _widget(fields[name].annotation), False, fields[name].description or "")
        for name in TAILOR_FIELDS
    ]


def local_fact_fields(index: int) -> list[Field]:
    """The three controls of local fact number `index` (from 0)."""
    return [
        Field(f"local_facts.{index}.{part}", "lines" if part == "text" else "text")
        for part in LOCAL_FACT_PARTS
    ]


def name_fields(kind: str, language: str) -> list[Field]:
    """The controls for the jurisdiction's names in `language` (`translations.es.body`, ...).

    Only the names a jurisdiction of `kind` has; lists (languages, local facts...) one per line.
    """
    own = MODEL_BY_KIND[kind].model_fields
    prefix = f"{TRANSLATIONS}.{language}."
    names = [
        Field(prefix + name, "text") for name in TRANSLATABLE_NAMES if name.split(".")[0] in own
    ]
    return names + [Field(prefix + name, "lines") for name in TRANSLATABLE_LISTS]


def english_name(field: Field) -> str:
    """The field a translation control translates: `translations.es.body` -> `body`."""
    return field.name.split(".", 2)[2]


def control_path(field: str) -> str:
    """A problem's field as a control's name: the model's internal parts after it dropped.

    pydantic names a failed constraint inside a translation after the field itself
    (`translations.es.name.function-after[...]`); the control is `translations.es.name`.
    """
    parts = field.split(".")
    for index, part in enumerate(parts):
        if "[" in part or "(" in part:
            return ".".join(parts[:index])
    return field


def all_fields(kind: str) -> Iterator[Field]:
    """Every single-value control of the details and tailoring of `kind`."""
    for entry in detail_entries(kind):
        yield from entry.fields if isinstance(entry, Group) else (entry,)
    yield from tailor_fields(kind)


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _non_none(annotation: Any) -> Any:
    annotation = _strip_annotated(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        annotation = _strip_annotated(members[0]) if len(members) == 1 else annotation
    return annotation


def _model_in(annotation: Any) -> type[BaseModel] | None:
    inner = _non_none(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _widget(annotation: Any) -> Widget:
    inner = _non_none(annotation)
    if get_origin(inner) is list:
        return "lines"
    if inner is bool:
        return "checkbox"
    if inner is dt.date:
        return "date"
    if inner in (int, float):
        return "number"
    return "text"


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested entry as control values: dotted names; lists of text as lines; yes/no as bool."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{path}."))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for index, item in enumerate(value):
                flat.update(flatten(item, f"{path}.{index}."))
        elif isinstance(value, list):
            flat[path] = "\n".join(str(item) for item in value)
        elif value is not None:
            flat[path] = value if isinstance(value, bool) else str(value)
    return flat


def is_on(value: Any) -> bool:
    """A checkbox's state from a form, a file or a model: on, true, yes or True."""
    return value is True or (isinstance(value, str) and value.strip().lower() in _ON)


def entry_from_form(form: FormData, kind: str, policies: Mapping[str, Policy]) -> dict[str, Any]:
    """The jurisdiction entry a post describes, as typed (not validated): what the file would say.

    Only the controls of `kind` count, blank controls are left out (so the model's defaults and
    its "required" messages apply), and numbers and options are kept only for known policies.
    """
    entry: dict[str, Any] = {"kind": kind}
    for field in all_fields(kind):
        value = _field_value(form, field)
        if value is not None:
            set_dotted(entry, field.name, value)
    facts = _local_facts(form)
    if facts:
        entry["local_facts"] = facts
    translations = _translations(form)
    if translations:
        entry[TRANSLATIONS] = translations
    for key in form:
        number, option = _NUMBER.fullmatch(key), _OPTION.fullmatch(key)
        if number and number[1] in policies:
            text = _last(form, key).strip()
            if text:
                entry.setdefault("numbers", {})[number[1]] = text
        elif option and option[1] in policies and option[2] in policies[option[1]].meta.options:
            entry.setdefault("options", {}).setdefault(option[1], {})[option[2]] = is_on(
                _last(form, key)
            )
    return entry


def _field_value(form: FormData, field: Field) -> Any:
    raw = _last(form, field.name)
    if field.widget == "checkbox":  # unticked, a box posts only its hidden "off" twin
        if is_on(raw):
            return True
        return False if field.default_on and raw else None
    if field.widget == "lines":
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        return lines or None
    return raw.strip() or None


def _local_facts(form: FormData) -> list[dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for key in form:
        found = _FACT.fullmatch(key)
        if found and int(found[1]) < MAX_LOCAL_FACTS:
            text = " ".join(_last(form, key).split())
            if text:
                rows.setdefault(int(found[1]), {})[found[2]] = text
    return [rows[index] for index in sorted(rows)]


def _translations(form: FormData) -> dict[str, dict[str, Any]]:
    """`translations.<language>.<name>` controls and carried values, as a file entry gives them.

    Only known languages and the names a translation may give; a list's items come one per line,
    from one box or from several carried values.
    """
    found: dict[str, dict[str, Any]] = {}
    for key in dict.fromkeys(form):
        match = _TRANSLATION.fullmatch(key)
        if not match or match[1] not in LANGUAGES or match[1] == ENGLISH.code:
            continue
        language, name = match[1], match[2]
        if name in TRANSLATABLE_LISTS:
            values = [value for value in form.getlist(key) if isinstance(value, str)]
            lines = [line.strip() for value in values for line in value.splitlines()]
            items: Any = [line for line in lines if line] or None
        elif name in TRANSLATABLE_NAMES or _TERM.fullmatch(name):
            items = _last(form, key).strip() or None
        else:
            continue
        if items is not None:
            found.setdefault(language, {})[name] = items
    return found


def _last(form: FormData, key: str) -> str:
    """The last value posted under `key`: a checkbox after its hidden "off" twin wins."""
    values = [value for value in form.getlist(key) if isinstance(value, str)]
    return values[-1] if values else ""


def suggested_id(entry: Mapping[str, Any]) -> str | None:
    """An id made from the name and state ("City of San José", CA: city-of-san-jose-ca)."""
    name, state = entry.get("name"), entry.get("state")
    if not isinstance(name, str) or not isinstance(state, str):
        return None
    if state.strip().upper() not in USPS_STATES:
        return None
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not slug:
        return None
    return f"{slug[:70].strip('-')}-{state.strip().lower()}"


def errors_by_field(problems: Iterable[tuple[str | None, str]]) -> dict[str, list[str]]:
    """Messages keyed by field path; problems of the whole entry are keyed ''."""
    found: dict[str, list[str]] = {}
    for field, message in problems:
        found.setdefault(field or "", []).append(message)
    return found
