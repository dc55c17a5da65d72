"""The catalogue's own texts in the interface language: policy titles, summaries, options.

Where a translation exists it is shown; otherwise the English, tagged as such. The library
translates these texts only inside a rendered document; the web app shows them in its menus too,
so it looks them up here in the same catalogs (`locales/<lang>.po`, ids `meta.title`,
`meta.summary`, `option.<name>`; the shared catalog, for a state's warning). A translation is
shown when a document may use it (reviewed or draft); a missing or stale one leaves the English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.languages import ENGLISH, LANGUAGES
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.policies import Policy


@dataclass(frozen=True)
class Shown:
    """A text and the language it is in, for the element's `lang` where it differs."""

    text: str
    lang: str = ENGLISH.code

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PolicyTexts:
    """What the menus say of one policy, in one interface language."""

    title: Shown
    summary: Shown
    options: Mapping[str, Shown]


def policy_texts(catalogue: Catalogue, ui: str) -> dict[str, PolicyTexts]:
    """Every policy's title, summary and option labels in `ui` (the site keeps them)."""
    return {policy.id: _texts(catalogue, policy, ui) for policy in catalogue.policies.values()}


def _texts(catalogue: Catalogue, policy: Policy, ui: str) -> PolicyTexts:
    meta = policy.meta
    translated: dict[str, str] = {}
    translator = catalogue.renderer(ui).translator if ui in LANGUAGES else None
    if translator is not None:
        for seg_id, state in translator.states(translator.policy(policy)).items():
            if state.usable and state.entry is not None and _plain(state.entry.translation):
                translated[seg_id] = state.entry.translation

    def shown(seg_id: str, english: str) -> Shown:
        text = translated.get(seg_id)
        return Shown(text, ui) if text else Shown(english)

    return PolicyTexts(
        title=shown("meta.title", meta.title),
        summary=shown("meta.summary", meta.summary),
        options={name: shown(f"option.{name}", spec.label) for name, spec in meta.options.items()},
    )


def _plain(text: str) -> bool:
    """A menu shows text, not Jinja: a translation with a variable in it is not used here."""
    return "{{" not in text and "{%" not in text


def shared_translations(catalogue: Catalogue, ui: str) -> dict[str, str]:
    """The shared texts' translations in `ui` (state warnings, phrases...), by their English.

    Looked up by the English itself, so that whichever shared text the library picks for a page
    (a state's warning, say) is shown translated where a translation may be used.
    """
    translator = catalogue.renderer(ui).translator if ui in LANGUAGES else None
    if translator is None:
        return {}
    return {
        _key(state.source.english): state.entry.translation
        for state in translator.states(translator.shared).values()
        if state.usable and state.entry is not None and not state.source.jinja
    }


def in_language(translations: Mapping[str, str], english: str, ui: str) -> Shown:
    """`english` in the interface language where `translations` has it, else as it is."""
    text = translations.get(_key(english)) if english else None
    return Shown(text, ui) if text else Shown(english)


def _key(text: str) -> str:
    return " ".join(text.split())
