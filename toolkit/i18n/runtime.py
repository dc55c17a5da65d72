"""Rendering in a language: each segment's translation replaces its English, clause for clause.

The `{% seg "id" %}` tag is a Jinja extension. In English it returns its body unchanged, so the
English output is exactly what the template says. In another language the extension looks the
segment up while Jinja compiles the template and puts in its place:

- the translation (reviewed or draft), parsed as Jinja in the same sandboxed environment, so it
  may use the same variables, filters and `{% if %}`s as the English; or
- if the translation is missing or stale, the English between two markers that the document
  model turns into visibly marked text. Whether that is allowed is decided per document after
  rendering: unless English was asked for in its place, it is an error naming the segment.

Either way a call records that the segment was used, so a document knows whether it holds draft,
stale or missing text (the "not yet reviewed" notice) wherever its clauses came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser

from toolkit.errors import Problem, TemplateError
from toolkit.i18n.catalog import Catalog, read_catalog
from toolkit.i18n.localize import FALLBACK_END, FALLBACK_START, marked
from toolkit.i18n.sources import Source, Unit, layouts_unit, policy_unit, shared_unit
from toolkit.i18n.status import State, states
from toolkit.languages import Language
from toolkit.templating.files import LAYOUTS
from toolkit.templating.policies import Policy

_USED: ContextVar[Usage | None] = ContextVar("policykit_translations_used", default=None)


@dataclass
class Usage:
    """What one render took from the translations, and what of the data stayed English."""

    states: list[State] = field(default_factory=list)
    kept_english: list[str] = field(default_factory=list)
    """Fields of the jurisdiction's own prose shown in English (marked)."""


class SegmentExtension(Extension):
    """`{% seg "id" %}...{% endseg %}`: transparent in English, the translation elsewhere."""

    tags = {"seg"}

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        self._open: set[int] = set()
        self.translator: Translator | None = None
        """Set for an environment that renders a translation; None renders English."""

    def parse(self, parser: Parser) -> list[nodes.Node]:
        """Read the tag and the English inside it; return what renders in its place."""
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        if not (isinstance(name, nodes.Const) and isinstance(name.value, str)):
            parser.fail('a segment needs an id in double quotes: {% seg "recital.fear" %}', lineno)
        if id(parser) in self._open:
            parser.fail("segments do not nest: close the one above first", lineno)
        self._open.add(id(parser))
        try:
            english = parser.parse_statements(("name:endseg",), drop_needle=True)
        finally:
            self._open.discard(id(parser))
        if self.translator is None:
            return english
        return self.translator.replace(self, parser, name.value, lineno, english)

    def _use(self, index: int) -> str:
        used = _USED.get()
        if used is not None and self.translator is not None:
            used.states.append(self.translator.registered[index])
        return ""


def install(env: jinja2.Environment) -> SegmentExtension:
    """Add the segment tag to an environment (English until a translator is attached)."""
    env.add_extension(SegmentExtension)
    extension = env.extensions[SegmentExtension.identifier]
    assert isinstance(extension, SegmentExtension)
    return extension


@contextmanager
def recording() -> Iterator[Usage]:
    """Collect the translations a render uses (segments and texts from data files)."""
    used = Usage()
    token = _USED.set(used)
    try:
        yield used
    finally:
        _USED.reset(token)


def record(states_used: Iterable[State] = (), kept_english: Iterable[str] = ()) -> None:
    """Note texts from data files (titles, terms, citations) as used by the current render."""
    used = _USED.get()
    if used is not None:
        used.states.extend(states_used)
        used.kept_english.extend(kept_english)


@dataclass
class Translator:
    """One language's translations of one templates folder, read once and looked up by id."""

    templates: Path
    language: Language
    policies: Mapping[str, Policy]
    env: jinja2.Environment
    registered: list[State] = field(default_factory=list)
    """Segments compiled into templates so far; the recording call refers to them by index."""
    origins: dict[tuple[str, int], tuple[str, int | None, str]] = field(default_factory=dict)
    """(template file, tag line) of each translated segment -> (catalog, entry line, id)."""
    _units: dict[str, Unit] = field(default_factory=dict)
    _catalogs: dict[Path, Catalog] = field(default_factory=dict)
    _states: dict[str, dict[str, State]] = field(default_factory=dict)

    def unit_for_template(self, name: str | None) -> Unit | None:
        """The unit whose catalog translates the template with this loader name."""
        if name is None:
            return None
        if name.startswith(f"{LAYOUTS}/"):
            return self.layouts
        for policy in self.policies.values():
            if policy.body_path().relative_to(policy.templates).as_posix() == name:
                return self.policy(policy)
        return None

    def policy(self, policy: Policy) -> Unit:
        """A policy's unit."""
        if policy.id not in self._units:
            self._units[policy.id] = policy_unit(policy, self.env)
        return self._units[policy.id]

    @cached_property
    def layouts(self) -> Unit:
        """The layouts' unit."""
        return layouts_unit(self.templates, self.env)

    @cached_property
    def shared(self) -> Unit:
        """The shared data's unit."""
        return shared_unit(self.templates)

    def catalog(self, unit: Unit) -> Catalog:
        """The unit's catalog in this language, read once."""
        path = unit.catalog(self.language.code)
        if path not in self._catalogs:
            self._catalogs[path] = read_catalog(path, self.language.code)
        return self._catalogs[path]

    def states(self, unit: Unit) -> dict[str, State]:
        """Every source of the unit with its status in this language."""
        if unit.name not in self._states:
            self._states[unit.name] = states(unit, self.catalog(unit))
        return self._states[unit.name]

    def text(self, unit: Unit, seg_id: str, english: str) -> str:
        """The translation of one text from a data file, or its English marked."""
        state = self.states(unit).get(seg_id)
        if state is None:
            return english
        return state.entry.translation if state.usable and state.entry else marked(english)

    def overlay(self, stem: str, english: dict[str, Any]) -> dict[str, Any]:
        """A shared file's data with each text replaced by its translation (or marked English)."""
        shared = self.states(self.shared)

        def walk(value: Any, path: tuple[str, ...]) -> Any:
            if isinstance(value, dict):
                return {key: walk(item, (*path, str(key))) for key, item in value.items()}
            state = shared.get(".".join((stem, *path)))
            if not isinstance(value, str) or state is None:
                return value
            return state.entry.translation if state.usable and state.entry else marked(value)

        return walk(english, ())  # type: ignore[no-any-return]

    def law(self, policy: Policy, state_code: str) -> dict[str, str]:
        """The policy's citations for a state, translated."""
        unit = self.policy(policy)
        return {
            key: self.text(unit, _law_id(policy, state_code, key), english)
            for key, english in policy.law_for(state_code).items()
        }

    def used_by(self, policy: Policy, kind: str, state_code: str, brief: bool) -> list[State]:
        """The texts from data files that a document of this policy may show."""
        prefixes = ("phrases.", f"terms.{kind}.", "states.default.", f"states.{state_code}.")
        shared = [
            state
            for seg_id, state in self.states(self.shared).items()
            if seg_id.startswith((*prefixes, "facts."))
        ]
        own = self.states(self.policy(policy))
        wanted = ["meta.title"]
        wanted += [_law_id(policy, state_code, key) for key in policy.law_for(state_code)]
        if brief:
            wanted += ["meta.summary", "meta.does"]
            wanted += [f"talking_points.{n + 1}" for n in range(len(policy.meta.talking_points))]
            wanted += [
                f"questions.{n + 1}.{part}"
                for n in range(len(policy.meta.questions))
                for part in ("question", "answer")
            ]
            wanted += [f"option.{name}" for name in policy.meta.options]
        return [*shared, *(own[seg_id] for seg_id in wanted if seg_id in own)]

    def outcome(self, usage: Usage, allow_fallback: bool) -> Outcome:
        """What the document must say about its translation.

        Missing or stale text is an error, unless English may stand in for it.
        """
        distinct = list({(s.source.file, s.source.id): s for s in usage.states}.values())
        unusable = [state for state in distinct if not state.usable]
        if unusable and not allow_fallback:
            raise TemplateError([self._unusable(state) for state in unusable])
        fallbacks = [
            f"{state.source.where}: '{state.source.id}' ({state.status})" for state in unusable
        ]
        fallbacks += [
            f"jurisdiction field {name} (no translation given)" for name in usage.kept_english
        ]
        unreviewed = sum(1 for state in distinct if state.status != "reviewed")
        return Outcome(unreviewed, tuple(dict.fromkeys(fallbacks)))

    def _unusable(self, state: State) -> Problem:
        name = self.language.name
        source = state.source
        if state.status == "missing":
            message = (
                f"segment '{source.id}' has no {name} translation: translate it "
                f"({self._catalog_of(source)}), or ask for the English in its place, marked"
            )
        else:
            line = state.entry.line if state.entry else None
            where = f"{self._catalog_of(source)}:{line}" if line else self._catalog_of(source)
            message = (
                f"the {name} translation of segment '{source.id}' is stale: the English changed "
                f"after it was translated ({where}); update it, or ask for the English in its "
                "place, marked"
            )
        return Problem(str(source.file), message, source.line)

    def _catalog_of(self, source: Source) -> str:
        for unit in (*self._units.values(), self.layouts, self.shared):
            if unit.sources.get(source.id) is source:
                return str(unit.catalog(self.language.code))
        return "its catalog"

    def replace(
        self,
        extension: SegmentExtension,
        parser: Parser,
        seg_id: str,
        lineno: int,
        english: list[nodes.Node],
    ) -> list[nodes.Node]:
        """The nodes that render segment `seg_id` in this language, with a recording call."""
        unit = self.unit_for_template(parser.name)
        state = self.states(unit).get(seg_id) if unit is not None else None
        if unit is None or state is None:
            return english  # a template outside every unit (a test's string): nothing to look up
        self.registered.append(state)
        call = extension.call_method("_use", [nodes.Const(len(self.registered) - 1)], lineno=lineno)
        used: list[nodes.Node] = [nodes.ExprStmt(call, lineno=lineno)]
        if not state.usable or state.entry is None:
            start = nodes.Output([nodes.TemplateData(FALLBACK_START)], lineno=lineno)
            end = nodes.Output([nodes.TemplateData(FALLBACK_END)], lineno=lineno)
            return [*used, start, *english, end]
        catalog = self.catalog(unit)
        translated = self._parse(state, str(catalog.path))
        for node in _walk(translated):
            node.lineno = lineno  # an error inside points at the tag; `locate` maps it to the PO
        self.origins[(parser.filename or "", lineno)] = (
            str(catalog.path),
            state.entry.line,
            seg_id,
        )
        return [*used, *translated]

    def _parse(self, state: State, catalog: str) -> list[nodes.Node]:
        assert state.entry is not None
        line = state.entry.line or 1
        try:
            tree = self.env.parse(state.entry.translation)
        except jinja2.TemplateSyntaxError as exc:
            message = f"segment '{state.source.id}': {exc.message}"
            raise jinja2.TemplateSyntaxError(message, line, filename=catalog) from None
        forbidden = next(
            tree.find_all((nodes.Block, nodes.Extends, nodes.Include, nodes.Import)), None
        )
        if forbidden is not None:
            message = (
                f"segment '{state.source.id}': a translation may not hold a "
                f"{{% {type(forbidden).__name__.lower()} %}}"
            )
            raise jinja2.TemplateSyntaxError(message, line, filename=catalog)
        return list(tree.body)

    def locate(self, problem: Problem) -> Problem:
        """A render error inside a translated segment, pointed at its catalog entry instead."""
        origin = self.origins.get((problem.file, problem.line or 0))
        if origin is None:
            return problem
        catalog, line, seg_id = origin
        return Problem(
            catalog, f"in the translation of segment '{seg_id}': {problem.message}", line
        )


@dataclass(frozen=True)
class Outcome:
    """A rendered document's translation: text not yet reviewed, and English standing in."""

    unreviewed: int
    """Distinct translations used that no reviewer approved (drafts, or English in their place)."""
    fallbacks: tuple[str, ...]
    """Where English stands in for a translation, one line each."""


def _law_id(policy: Policy, state_code: str, key: str) -> str:
    """The catalog id of a citation: the state's own entry, else the default one."""
    table = state_code if key in policy.meta.law.get(state_code, {}) else "default"
    return f"law.{table}.{key}"


def _walk(roots: list[nodes.Node]) -> Iterator[nodes.Node]:
    for root in roots:
        yield root
        yield from root.find_all(nodes.Node)
