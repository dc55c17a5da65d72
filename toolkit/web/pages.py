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

from toolkit.data.models import KINDS
from toolkit.languages import LANGUAGES
from toolkit.templating.policies import Policy
from toolkit.version import __version__
from toolkit.web.fields import (
    Field,
    Group,
    detail_entries,
    local_fact_fields,
    tailor_fields,
)
from toolkit.web.messages import has_message, message
from toolkit.web.site import Site
from toolkit.web.workspace import NEW, Preview, Workspace

_FACT_KEY = re.compile(r"^local_facts\.(\d{1,2})\.")
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


def policy_groups(site: Site, ui: str) -> list[PolicyGroup]:
    """Policies by campaign, campaigns by name, the ungrouped ones last."""
    other = message(ui, "policy.other_group")
    groups: dict[str, list[Policy]] = {}
    for policy in site.policies():
        groups.setdefault(policy.meta.group or other, []).append(policy)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == other, item[0]))
    return [PolicyGroup(name, policies) for name, policies in ordered]


def kind_names(ui: str) -> dict[str, str]:
    """Each kind as menus name it: 'city and county'."""
    return {kind: message(ui, f"kind.{kind}") for kind in KINDS}


def help_text(ui: str, field: Field | Group) -> str:
    """The help under a control: the messages' text, else the model's description."""
    key = f"help.{field.name}"
    if has_message(ui, key):
        return message(ui, key)
    if isinstance(field, Field) and field.name.endswith((".title", ".name")) and "." in field.name:
        return message(ui, f"help.officer.{field.name.rsplit('.', 1)[1]}")
    return field.description


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
        "new_prefix": NEW,
        "languages": LANGUAGES,
        "jurisdictions": site.data.jurisdictions(),
        "data_problems": site.data.problems(),
        "data_name": site.data.path.name,
        "details": detail_entries(workspace.kind),
        "tailor": tailor_fields(workspace.kind),
        "facts": facts,
        "options": workspace.option_values(),
        "other_numbers": other_numbers,
        "other_options": other_options,
        "help": lambda field: help_text(ui, field),
        "optional": {"id"} if workspace.is_new else set(),  # made from the name and state
        "is_group": lambda entry: isinstance(entry, Group),
    }
