"""The legal form of a document from data: a state's forms, an instrument's words, a state's gate.

Everything that differs by state lives in `_shared/states.yaml`; this module only reads it the
same way for every state: a state's entry over `default`, then its kind over the rest (see the
file's header). No state is named here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from toolkit.data.models import JurisdictionBase
from toolkit.errors import Problem, TemplateError
from toolkit.languages import ENGLISH, Language
from toolkit.templating.files import STATES
from toolkit.templating.policies import Policy

FIELDS: dict[str, str] = {
    "number": "Document number",
    "adoption_date": "Adoption date",
    "introduction_date": "Introduction date",
}
"""Fill-ins that repeat in a document, each one Word field (a custom document property): the
markup name -> the property's name, as a clerk sees it in Word's document properties."""

LEADS = ("resolved_first", "resolved_further")
"""Words an instrument may change around operative clauses (a motion is "BE IT MOVED")."""


def field(name: str, value: object) -> Markup:
    """`value` (text, or a blank) marked as the repeating fill-in `name`: one Word field per name.

    Used by the layouts: `{{ field("number", number or blank("number")) }}`.
    """
    if name not in FIELDS:
        raise ValueError(f"unknown field '{name}' (fields: {', '.join(FIELDS)})")
    return Markup('<field name="{}">{}</field>').format(name, escape(value))


def merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` laid over `base` key by key, at every depth (a copy; neither is changed)."""
    result = dict(base)
    for key, value in over.items():
        below = result.get(key)
        if isinstance(value, Mapping) and isinstance(below, Mapping):
            result[key] = merged(below, value)
        else:
            result[key] = value
    return result


def state_data(states: Mapping[str, Any], code: str, kind: str) -> dict[str, Any]:
    """The state's entry over `default`, with `form` narrowed to the jurisdiction's kind."""
    data = merged(states.get("default", {}), states.get(code, {}))
    form = data.get("form", {})
    kinds = data.pop("kinds", {}) or {}
    data["form"] = merged(form, kinds.get(kind, {}))
    return data


def words(
    kind_terms: Mapping[str, Any],
    state: Mapping[str, Any],
    jurisdiction: JurisdictionBase,
    language: Language,
    own: Mapping[str, str],
) -> dict[str, Any]:
    """The words by kind, then a town's or village's, then its instruments', then the entry's own.

    An instrument's words are the state's (`form.<type>.words`: a New York local law) unless the
    jurisdiction chooses its own (`resolution_instrument: motion`); choosing "resolution" or
    "ordinance" keeps the words by kind.

    In English, a name that takes no article ("King County") makes `the_name` empty, so a body
    that writes `{{ terms.of_the_name }} {{ j.name }}` prints "of King County".
    """
    result = dict(kind_terms)
    municipality = getattr(jurisdiction, "municipality", None) or "city"
    result.update(state.get("municipalities", {}).get(municipality, {}))
    form = state.get("form", {})
    instruments = state.get("instruments", {})
    for document_type in ("resolution", "ordinance"):
        chosen = getattr(jurisdiction, f"{document_type}_instrument", None)
        if chosen is None:  # the state's name for it, if it has its own
            result.update(form.get(document_type, {}).get("words", {}))
        elif chosen != document_type:
            result.update(instruments.get(chosen, {}))
    if language == ENGLISH and not jurisdiction.name_with_the:
        result.update(the_name="", of_the_name="of", to_the_name="to")
    result.update(own)
    return result


@dataclass(frozen=True)
class Gate:
    """A state law that forbids (`blocked`) or restricts a policy where a jurisdiction sits."""

    blocked: bool
    state: str
    """The state's name, in the document's language."""
    statute: str
    what: str
    """What the statute does, written to follow the statute's name."""

    def line(self) -> str:
        """The restriction as one sentence: "In Texas, <statute> <what>."."""
        return f"In {self.state}, {self.statute} {self.what}."


def gate(policy: Policy, jurisdiction: JurisdictionBase, state: Mapping[str, Any]) -> Gate | None:
    """How the jurisdiction's state bears on the policy, from its `gate:` and the state's data."""
    rule = policy.meta.gate.get(jurisdiction.state)
    if rule is None:
        return None
    name = rule.blocked or rule.caution
    restriction = state.get("restrictions", {}).get(name)
    if not isinstance(restriction, Mapping):
        message = (
            f"gate: {jurisdiction.state} names restriction '{name}', which {STATES} does not "
            f"define for {jurisdiction.state}"
        )
        raise TemplateError([Problem(str(policy.meta_path), message)])
    return Gate(
        blocked=rule.blocked is not None,
        state=str(state.get("name") or jurisdiction.state),
        statute=str(restriction.get("statute", "")),
        what=str(restriction.get("what", "")),
    )


def warning(found: Gate | None, phrases: Mapping[str, str], *, counsel_override: bool) -> str:
    """The page-1 warning: legal review where a state's law restricts the policy.

    A blocked policy is drafted only at counsel's request, and then says so, naming the statute.
    """
    if found is None or (found.blocked and not counsel_override):
        return ""
    key = "warning_counsel" if found.blocked else "warning_caution"
    text = phrases[key]
    for slot, value in (("state", found.state), ("statute", found.statute), ("what", found.what)):
        text = text.replace("{" + slot + "}", value)
    return text
