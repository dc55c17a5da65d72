"""Render a policy's Jinja body for one jurisdiction, safely, into markup text.

Templates and data are untrusted: the environment is sandboxed, autoescaped (so data can never
open a markup tag) and strict (a missing variable is an error naming the template and line).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from toolkit.data.models import JurisdictionBase
from toolkit.data.yamlfile import read_yaml
from toolkit.errors import Problem, ProblemsError, TemplateError
from toolkit.i18n.localize import filters, localized_jurisdiction, long_date
from toolkit.i18n.runtime import Translator, install, record
from toolkit.languages import ENGLISH, Language
from toolkit.limits import RenderLimitError, render_limits
from toolkit.templating import forms
from toolkit.templating.files import FACTS, STATES, shared_file
from toolkit.templating.policies import Policy
from toolkit.templating.sandbox import new_environment, read_confined


@dataclass(frozen=True)
class SharedData:
    """Shared data read once per templates folder and language."""

    states: dict[str, Any]
    facts: dict[str, Any]
    terms: dict[str, Any]
    phrases: dict[str, str]


class Renderer:
    """One sandboxed Jinja environment per templates folder and language; reuse it.

    In a language other than English, a `Translator` puts each segment's translation in place of
    its English while templates compile, and translates the texts of the data files.
    """

    def __init__(
        self,
        templates: Path,
        language: Language = ENGLISH,
        policies: Mapping[str, Policy] | None = None,
    ) -> None:
        self.templates = templates
        self.language = language
        self.env = new_environment(templates, filters(language))
        self.env.globals["field"] = forms.field
        self._phrases: dict[str, jinja2.Template] = {}
        extension = install(self.env)
        self.translator: Translator | None = None
        if language != ENGLISH:
            self.translator = Translator(templates, language, policies or {}, self.env)
            extension.translator = self.translator

    @cached_property
    def english(self) -> SharedData:
        """The English shared data: states, facts, terms and phrases as written."""
        return SharedData(
            states=_read_mapping(self.templates, STATES),
            facts=_read_mapping(self.templates, FACTS),
            terms=_read_mapping(self.templates, shared_file("terms", ENGLISH.code)),
            phrases=_read_mapping(self.templates, shared_file("phrases", ENGLISH.code)),
        )

    @cached_property
    def shared(self) -> SharedData:
        """The shared data in this language; loaded lazily so `list` never reads it."""
        english = self.english
        if self.translator is None:
            return english
        overlay = self.translator.overlay
        return SharedData(
            states=overlay("states", english.states),
            facts=overlay("facts", english.facts),
            terms=overlay("terms", english.terms),
            phrases=overlay("phrases", english.phrases),
        )

    def context(
        self,
        policy: Policy,
        jurisdiction: JurisdictionBase,
        options: Mapping[str, bool],
        *,
        brief: bool = False,
        counsel_override: bool = False,
    ) -> dict[str, Any]:
        """Everything a template can use; `policykit variables` documents these names.

        In another language the texts are translated, and the ones this document may show are
        recorded for its translation notice (see `toolkit.i18n.runtime.recording`).
        `state.warning` is this policy's page-1 warning in the jurisdiction's state (its `gate:`),
        and says so when counsel asked for a draft the state's law forbids.
        """
        shared = self.shared
        data = jurisdiction.model_dump(mode="json")
        data["short_name"] = jurisdiction.short_name or jurisdiction.name
        data, own_terms, kept_english = localized_jurisdiction(data, jurisdiction, self.language)
        state = forms.state_data(shared.states, jurisdiction.state, jurisdiction.kind)
        state["warning"] = forms.warning(
            forms.gate(policy, jurisdiction, state),
            shared.phrases,
            counsel_override=counsel_override,
        )
        kind_terms = shared.terms.get(jurisdiction.kind, {})
        terms = forms.words(kind_terms, state, jurisdiction, self.language, own_terms)
        title, summary = policy.meta.title, policy.meta.summary
        law = policy.law_for(jurisdiction.state)
        if self.translator is not None:
            unit = self.translator.policy(policy)
            title = self.translator.text(unit, "meta.title", title)
            summary = self.translator.text(unit, "meta.summary", summary)
            law = self.translator.law(policy, jurisdiction.state)
            used = self.translator.used_by(policy, jurisdiction.kind, jurisdiction.state, brief)
            record(used, [] if brief else kept_english)
        return {
            "j": data,
            "kind": jurisdiction.kind,
            "policy": {
                "summary": summary,
                "id": policy.id,
                "title": title,
                "version": policy.meta.version,
                "type": policy.meta.type,
            },
            "options": dict(options),
            "law": law,
            "state": state,
            "facts": shared.facts,
            "terms": terms,
            "number": jurisdiction.numbers.get(policy.id),
            "adoption_date": long_date(jurisdiction.adoption_date, self.language),
        }

    def talking_points(self, policy: Policy) -> list[tuple[str, str]]:
        """Each talking point's Jinja source in this language, and the file it comes from."""
        points = [point.text for point in policy.meta.talking_points]
        return self.policy_texts(
            policy, [(f"talking_points.{n + 1}", p) for n, p in enumerate(points)]
        )

    def does(self, policy: Policy) -> tuple[str, str] | None:
        """The policy's `does` text (Jinja source) in this language, and its file; or None."""
        if policy.meta.does is None:
            return None
        return self.policy_texts(policy, [("meta.does", policy.meta.does)])[0]

    def questions(self, policy: Policy) -> list[tuple[str, str, str]]:
        """Each hard question and its answer (Jinja sources) in this language, and their file."""
        ids = []
        for n, qa in enumerate(policy.meta.questions, start=1):
            ids += [(f"questions.{n}.question", qa.question), (f"questions.{n}.answer", qa.answer)]
        texts = self.policy_texts(policy, ids)
        return [
            (question, answer, origin)
            for (question, origin), (answer, _) in zip(texts[::2], texts[1::2], strict=True)
        ]

    def policy_texts(self, policy: Policy, texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Texts of `policy.yaml` by catalog id, translated, each with the file it comes from."""
        if self.translator is None:
            return [(english, str(policy.meta_path)) for _, english in texts]
        unit = self.translator.policy(policy)
        origin = str(unit.catalog(self.language.code))
        return [(self.translator.text(unit, seg_id, english), origin) for seg_id, english in texts]

    def render(self, template_name: str, context: Mapping[str, Any], who: str) -> str:
        """Render one template; any failure becomes a `TemplateError` naming file and line."""
        try:
            return _guarded(
                lambda: self.env.get_template(template_name).render(context), template_name, who
            )
        except TemplateError as exc:
            if self.translator is None:
                raise
            raise TemplateError([self.translator.locate(p) for p in exc.problems]) from None

    def phrase(self, source: str) -> jinja2.Template:
        """A phrase compiled once per renderer: every brief compiles the same talking points."""
        if source not in self._phrases:
            self._phrases[source] = self.env.from_string(source)
        return self._phrases[source]

    def render_phrase(
        self, source: str, context: Mapping[str, Any], who: str, origin: str
    ) -> Markup:
        """Render a phrase kept in a data file (a talking point, the footer) in the same sandbox.

        The result is markup like a body's output (data escaped, `blank()` kept), so it can go
        into another template as is; errors name `origin`, the file the phrase comes from.
        """
        try:
            rendered = _guarded(lambda: self.phrase(source).render(context), origin, who)
        except TemplateError as exc:
            # Lines count within the phrase, not the file it sits in: quote the phrase instead.
            quoted = source if len(source) <= 60 else source[:57] + "..."
            raise TemplateError(
                [Problem(p.file, f"{p.message} in {quoted!r}") for p in exc.problems]
            ) from None
        return Markup(rendered)


@contextmanager
def bounded(name: str, who: str) -> Iterator[None]:
    """Run the block within the render limits; past them, one `TemplateError` naming `name`.

    For the render itself and for the parse of its output, whose cost the template decides by
    how much markup it prints.
    """
    try:
        with render_limits():
            yield
    except RenderLimitError as exc:
        message = f"rendering stopped: the template {exc} (for {who})"
        raise TemplateError([Problem(name, message)]) from None


def _guarded(render: Callable[[], str], name: str, who: str) -> str:
    try:
        with bounded(name, who):
            return render()
    except jinja2.TemplateSyntaxError as exc:
        file = exc.filename or name
        raise TemplateError([Problem(file, f"syntax error: {exc.message}", exc.lineno)]) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError([Problem(name, f"template not found: {exc.name}")]) from None
    except jinja2.exceptions.SecurityError as exc:
        file, line = _template_frame(exc, name)
        message = f"unsafe operation blocked by the sandbox ({exc}) for {who}"
        raise TemplateError([Problem(file, message, line)]) from None
    except jinja2.UndefinedError as exc:
        file, line = _template_frame(exc, name)
        raise TemplateError([Problem(file, f"{_plain_undefined(exc)} (for {who})", line)]) from None
    except (
        jinja2.TemplateError,
        TypeError,
        ValueError,
        ArithmeticError,
        LookupError,
        AttributeError,
        RecursionError,
    ) as exc:
        file, line = _template_frame(exc, name)
        message = f"error while rendering for {who}: {exc}"
        raise TemplateError([Problem(file, message, line)]) from None


_NO_ATTRIBUTE = re.compile(r"'dict object' has no attribute '([^']+)'")


def _plain_undefined(exc: jinja2.UndefinedError) -> str:
    """Jinja says "'dict object' has no attribute 'sheriff'"; say it for policy authors."""
    message = exc.message or "undefined variable"
    found = _NO_ATTRIBUTE.fullmatch(message)
    if found is None:
        return message
    name = found[1]
    return (
        f"'{name}' does not exist here: a field this kind of jurisdiction lacks, or a "
        f'misspelt key (test with `is defined`, or use .get("{name}"))'
    )


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """Find the innermost template frame: Jinja rewrites tracebacks to point at template lines."""
    found: tuple[str, int | None] = (fallback, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (frame.filename, frame.lineno)
    return found


def _read_mapping(templates: Path, name: str) -> dict[str, Any]:
    """A shared data file (states, facts, terms, phrases): its text is printed in drafts."""
    path = templates / name
    try:
        data, _ = read_yaml(read_confined(templates, path), str(path))
    except FileNotFoundError:
        raise TemplateError([Problem(str(path), "shared data file is missing")]) from None
    except ProblemsError as exc:
        raise TemplateError(exc.problems) from None
    if not isinstance(data, dict):
        raise TemplateError([Problem(str(path), "expected a mapping at the top level", 1)])
    return data
