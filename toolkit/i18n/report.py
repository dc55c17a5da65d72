"""What each language still needs, per folder: counts and `validate` problems.

`policykit translations` shows the counts. A policy declares what it promises in `policy.yaml`
(`languages: {es: complete}`): for a complete language, a missing or stale segment is an error,
since a document in that language could not be made; for a partial one, a warning. The layouts
and the shared data are promised in every language that some policy promises. Drafts are counted
and named once per catalog: they render, with the "not yet reviewed" notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from toolkit.errors import Problem
from toolkit.i18n.catalog import Catalog, read_catalog
from toolkit.i18n.placeholders import differences
from toolkit.i18n.sources import Source, Unit, layouts_unit, policy_unit, shared_unit
from toolkit.i18n.status import State, obsolete, states
from toolkit.languages import ENGLISH, LANGUAGES
from toolkit.templating.catalogue import Catalogue

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass
class Book:
    """Every folder's sources, and each language's catalog of them."""

    catalogue: Catalogue
    units: list[Unit]
    catalogs: dict[tuple[str, str], Catalog] = field(default_factory=dict)

    def catalog(self, unit: Unit, language: str) -> Catalog:
        """The unit's catalog in `language`, read once."""
        key = (unit.name, language)
        if key not in self.catalogs:
            self.catalogs[key] = read_catalog(unit.catalog(language), language)
        return self.catalogs[key]

    def states(self, unit: Unit, language: str) -> dict[str, State]:
        """Every source of the unit with its status in `language`."""
        return states(unit, self.catalog(unit, language))

    def unit(self, name: str) -> Unit | None:
        """A unit by name: a policy id, `_layouts` or `_shared`."""
        return next((unit for unit in self.units if unit.name == name), None)


def book(catalogue: Catalogue) -> Book:
    """Read every folder's sources; layouts and shared data promise what any policy promises."""
    env = catalogue.renderer().env
    policies = [policy_unit(policy, env) for policy in catalogue.policies.values()]
    promised = frozenset(code for unit in policies for code in unit.complete)
    layouts = layouts_unit(catalogue.templates, env)
    shared = shared_unit(catalogue.templates)
    layouts.complete = shared.complete = promised
    return Book(catalogue, [*policies, layouts, shared])


def translation_languages(languages: Sequence[str] | None = None) -> list[str]:
    """The languages asked for, or every language but English."""
    return list(languages) if languages else [code for code in LANGUAGES if code != ENGLISH.code]


@dataclass(frozen=True)
class Coverage:
    """One folder in one language: what a translation vendor quotes on."""

    unit: str
    language: str
    catalog: str
    segments: int
    words: int
    """English words in all its segments."""
    translated: int
    """Segments with a usable translation (draft or reviewed, not stale)."""
    reviewed: int
    draft: int
    stale: int
    missing: int
    words_to_translate: int
    """English words in its missing and stale segments."""
    complete: bool
    """Whether the folder's documents promise this language in full."""

    @property
    def percent(self) -> float:
        """Share of segments translated from the current English, 0 to 100."""
        return 100.0 * self.translated / self.segments if self.segments else 100.0


def coverage(book: Book, languages: Sequence[str] | None = None) -> list[Coverage]:
    """Counts per folder and language, policies first, in catalogue order."""
    rows: list[Coverage] = []
    for language in translation_languages(languages):
        for unit in book.units:
            found = book.states(unit, language).values()
            count = {status: sum(1 for s in found if s.status == status) for status in _STATUSES}
            rows.append(
                Coverage(
                    unit=unit.name,
                    language=language,
                    catalog=str(unit.catalog(language)),
                    segments=len(found),
                    words=sum(words(s.source) for s in found),
                    translated=count["reviewed"] + count["draft"],
                    reviewed=count["reviewed"],
                    draft=count["draft"],
                    stale=count["stale"],
                    missing=count["missing"],
                    words_to_translate=sum(words(s.source) for s in found if not s.usable),
                    complete=language in unit.complete,
                )
            )
    return rows


_STATUSES = ("reviewed", "draft", "stale", "missing")


def words(source: Source) -> int:
    """English words a translator reads: text and quoted phrases, not Jinja or markup."""
    text = source.english
    if source.jinja:
        text = re.sub(r"\{#.*?#\}", " ", text, flags=re.DOTALL)
        quoted = " ".join(
            phrase
            for phrase in re.findall(r'"([^"\n]*)"', " ".join(re.findall(r"\{[{%].*?[}%]\}", text)))
            if " " in phrase or phrase[:1].isupper()
        )
        text = re.sub(r"\{[{%].*?[}%]\}", " ", text, flags=re.DOTALL) + " " + quoted
        text = re.sub(r"</?[a-z]+[^>]*>", " ", text)
    return len(_WORD.findall(text))


@dataclass
class Findings:
    """Translation problems for `validate`: errors make it fail, warnings are shown."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def findings(book: Book, languages: Sequence[str] | None = None) -> Findings:
    """Broken tags, text outside segments, and per declared language what is wrong or unreviewed."""
    found = Findings()
    for unit in book.units:
        found.errors.extend(unit.problems)
        (found.errors if unit.complete else found.warnings).extend(unit.untranslatable)
        for language in translation_languages(languages):
            catalog = book.catalog(unit, language)
            found.errors.extend(catalog.problems)
            promised = unit.complete | _partial(book, unit)
            if language not in promised:
                continue
            target = found.errors if language in unit.complete else found.warnings
            unit_states = book.states(unit, language)
            target.extend(_unusable(unit_states.values(), catalog))
            found.errors.extend(_broken(unit_states.values(), catalog))
            found.warnings.extend(_obsolete(unit, catalog))
            drafts = [s for s in unit_states.values() if s.status == "draft"]
            if drafts:
                first = drafts[0].source
                message = (
                    f"{len(drafts)} of {len(unit_states)} {LANGUAGES[language].name} segment(s) "
                    f"are drafts, not yet reviewed (first: {first.where} '{first.id}'); documents "
                    "using them carry the 'not yet reviewed' notice"
                )
                found.warnings.append(Problem(str(catalog.path), message))
    return found


def _partial(book: Book, unit: Unit) -> frozenset[str]:
    policy = book.catalogue.policies.get(unit.name)
    if policy is None:
        return frozenset()
    return frozenset(code for code, level in policy.meta.languages.items() if level == "partial")


def _unusable(found: Iterable[State], catalog: Catalog) -> Iterator[Problem]:
    name = LANGUAGES[catalog.language].name
    for state in found:
        source = state.source
        if state.status == "missing":
            message = f"{name}: segment '{source.id}' has no translation in {catalog.path}"
            yield Problem(str(source.file), message, source.line)
        elif state.status == "stale":
            line = state.entry.line if state.entry else None
            message = (
                f"{name}: segment '{source.id}' changed since it was translated; its translation "
                f"({catalog.path}:{line}) is stale"
            )
            yield Problem(str(source.file), message, source.line)


def _broken(found: Iterable[State], catalog: Catalog) -> Iterator[Problem]:
    for state in found:
        if state.entry is None or not state.usable:
            continue
        for difference in differences(
            state.source.english, state.entry.translation, jinja=state.source.jinja
        ):
            message = f"the translation of segment '{state.source.id}' {difference}"
            yield Problem(str(catalog.path), message, state.entry.line)


def _obsolete(unit: Unit, catalog: Catalog) -> Iterator[Problem]:
    for entry in obsolete(unit, catalog):
        message = (
            f"entry for segment '{entry.id}', which no longer exists in the English; "
            "`policykit translations import` drops it"
        )
        yield Problem(str(catalog.path), message, entry.line)
