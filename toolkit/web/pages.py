"""The app's own pages: one Jinja environment over `toolkit/web/templates`, autoescaped and strict.

Views hand a page a `Workspace`; the helpers here turn it into what the templates iterate over
(grouped policies, menu entries, field help), so the templates hold layout and no logic beyond
loops and conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError

from toolkit.data.models import KINDS
from toolkit.languages import ENGLISH, LANGUAGES, get_language
from toolkit.templating.policies import Policy
from toolkit.version import __version__
from toolkit.web.fields import (
    TRANSLATIONS,
    Field,
    Group,
    detail_entries,
    english_name,
    local_fact_fields,
    name_fields,
    tailor_fields,
)
from toolkit.web.messages import UI_LANGUAGES, has_message, message
from toolkit.web.site import Site
from toolkit.web.workspace import BILINGUAL, LANGUAGE_FIELD, NEW, Preview, Workspace

TRANSLATION_LINES = 3
"""Translation problems listed next to the language menu (the preview lists them all)."""

_FACT_KEY = re.compile(r"^local_facts\.(\d{1,2})\.")
_FACT_TEXT = re.compile(r"^local_facts\.\d{1,2}\.text$")
HTMX = "vendor/htmx-2.0.11.min.js"
"""The vendored htmx (npm `htmx.org`, pinned; see static/vendor/README.md)."""

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("toolkit.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_page(name: str, ui: str, **context: Any) -> str:
    """A page of the app in interface language `ui`."""

    def translate(key: str, /, **values: object) -> str:
        return message(ui, key, **values)

    return _ENV.get_template(name).render(
        _=translate,
        ui=ui,
        ui_languages=UI_LANGUAGES,
        version=__version__,
        static=_static,
        htmx=HTMX,
        **context,
    )


def _static(path: str) -> str:
    """A static file's URL, versioned so a new release is never served from a stale cache."""
    return f"/static/{path}?v={__version__}"


@dataclass(frozen=True)
class PolicyGroup:
    """Policies of one campaign, for the menu's option groups and the list of policies."""

    name: str
    policies: list[Policy]
    lang: str
    """The language of the name: a campaign's name is as policy.yaml gives it, in English."""


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the document language menu."""

    value: str
    label: str


def language_name(code: str, ui: str) -> str:
    """A language's name in the interface language: 'Spanish', 'español', 'chino tradicional'."""
    language = get_language(code)
    if ui == ENGLISH.code:
        return language.name
    try:
        names = Locale.parse(get_language(ui).locale if ui in LANGUAGES else ui).languages
    except (UnknownLocaleError, ValueError):
        return language.name
    return str(names.get(code.replace("-", "_")) or names.get(code) or language.name)


def language_menu(ui: str) -> tuple[list[MenuEntry], list[MenuEntry]]:
    """The document languages, each by its own name and the interface's, then the bilingual ones."""
    single, bilingual = [], []
    for code, language in LANGUAGES.items():
        name, native = language_name(code, ui), language.native or language.name
        label = (
            native
            if native.casefold() == name.casefold()
            else message(ui, "language.option", native=native, name=name)
        )
        single.append(MenuEntry(code, label))
        if code != ENGLISH.code:
            bilingual.append(
                MenuEntry(f"{BILINGUAL}{code}", message(ui, "language.bilingual", language=native))
            )
    return single, bilingual


def policy_groups(site: Site, ui: str) -> list[PolicyGroup]:
    """Policies by campaign, campaigns by name, the ungrouped ones last."""
    other = message(ui, "policy.other_group")
    groups: dict[str, list[Policy]] = {}
    for policy in site.policies():
        groups.setdefault(policy.meta.group or other, []).append(policy)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == other, item[0]))
    return [
        PolicyGroup(name, policies, ui if name == other else ENGLISH.code)
        for name, policies in ordered
    ]


def kind_names(ui: str) -> dict[str, str]:
    """Each kind as menus name it: 'city and county'."""
    return {kind: message(ui, f"kind.{kind}") for kind in KINDS}


def help_text(ui: str, field: Field | Group, values: dict[str, Any] | None = None) -> str:
    """The help under a control: the messages' text, else the model's description.

    A translation's control shows the English it translates.
    """
    if field.name.startswith(f"{TRANSLATIONS}.") and isinstance(field, Field):
        english = _english_of(english_name(field), values or {})
        if not english:
            return message(ui, "names.english_none")
        return message(ui, "names.english", text="; ".join(english.splitlines()))
    key = f"help.{field.name}"
    if has_message(ui, key):
        return message(ui, key)
    if isinstance(field, Field) and field.name.endswith((".title", ".name")) and "." in field.name:
        return message(ui, f"help.officer.{field.name.rsplit('.', 1)[1]}")
    return field.description


def translation_issues(workspace: Workspace, problems: tuple[str, ...]) -> None:
    """Missing or stale translations in the summary at the top, linked to the language menu."""
    for line in problems[:TRANSLATION_LINES]:
        workspace.fail(line, LANGUAGE_FIELD)
    more = len(problems) - TRANSLATION_LINES
    if more > 0:
        workspace.fail(message(workspace.ui, "translation.more", count=more), LANGUAGE_FIELD)
    if problems:
        workspace.fail(message(workspace.ui, "translation.hint"), "fallback")


def _english_of(name: str, values: dict[str, Any]) -> str:
    """The English a translation control translates, as typed: local facts by their text."""
    if name == "local_facts":
        texts = (str(value) for key, value in values.items() if _FACT_TEXT.fullmatch(key))
        return "\n".join(texts)
    return str(values.get(name, "")).strip()


def workspace_context(
    site: Site, workspace: Workspace, preview: Preview, token: str
) -> dict[str, Any]:
    """Everything workspace.html needs."""
    ui = workspace.ui
    values = workspace.values()
    fact_indexes = sorted({int(found[1]) for key in values if (found := _FACT_KEY.match(key))})
    facts = [local_fact_fields(index) for index in fact_indexes]
    facts.append(local_fact_fields(max(fact_indexes, default=-1) + 1))
    policy = workspace.policy
    other_numbers = {
        key: value
        for key, value in values.items()
        if key.startswith("numbers.") and key != f"numbers.{policy.id}"
    }
    other_options = {
        key: ("on" if value is True or str(value).lower() in ("on", "true", "yes") else "off")
        for key, value in values.items()
        if key.startswith("options.") and not key.startswith(f"options.{policy.id}.")
    }
    kinds = kind_names(ui)
    names_language = workspace.names_language
    names = name_fields(workspace.kind, names_language) if names_language else []
    shown = {field.name for field in names}
    carried = [
        (key, line)
        for key, value in values.items()
        if key.startswith(f"{TRANSLATIONS}.") and key not in shown
        for line in str(value).splitlines()
    ]
    texts = site.policy_texts(ui)
    single, bilingual = language_menu(ui)
    translation_problems = preview.translation_problems
    return {
        "site": site,
        "ws": workspace,
        "preview": preview,
        "csrftoken": token,
        "values": values,
        "errors": workspace.field_errors,
        "groups": policy_groups(site, ui),
        "kinds": kinds,
        "kinds_of": lambda policy: ", ".join(kinds[kind] for kind in policy.meta.kinds),
        "type_of": lambda policy: message(ui, f"type.{policy.meta.type}"),
        "texts": texts,
        "text": texts[policy.id],
        "new_prefix": NEW,
        "languages": LANGUAGES,
        "language_menu": single,
        "bilingual_menu": bilingual,
        "language_name": lambda code: language_name(code, ui),
        "language_errors": translation_problems[:TRANSLATION_LINES],
        "language_more": max(0, len(translation_problems) - TRANSLATION_LINES),
        "names": names,
        "names_language": language_name(names_language, ui) if names_language else "",
        "carried": carried,
        "jurisdictions": site.data.jurisdictions(),
        "data_problems": site.data.problems(),
        "data_name": site.data.path.name,
        "details": detail_entries(workspace.kind),
        "tailor": tailor_fields(workspace.kind),
        "facts": facts,
        "options": workspace.option_values(),
        "other_numbers": other_numbers,
        "other_options": other_options,
        "help": lambda field: help_text(ui, field, values),
        "optional": {"id"} if workspace.is_new else set(),  # made from the name and state
        "is_group": lambda entry: isinstance(entry, Group),
    }
