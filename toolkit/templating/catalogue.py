"""A templates folder, loaded: its policies and sandboxed renderers, reused for many documents.

This is the unit a batch worker builds once and the web app keeps for its lifetime. Rendering
goes policy + jurisdiction + options + language -> markup (Jinja) -> `Document` (assembled).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.data.models import JurisdictionBase
from toolkit.document.assemble import assemble
from toolkit.document.markup import MarkupError, parse
from toolkit.document.model import Document, Provenance
from toolkit.errors import Problem, TemplateError, UsageError
from toolkit.i18n.localize import unmarked
from toolkit.i18n.runtime import Outcome, recording
from toolkit.languages import ENGLISH, get_language
from toolkit.output.paths import DRAFT
from toolkit.packet import drafts
from toolkit.packet.context import part_context
from toolkit.packet.parts import LAYOUT_OF, check_part
from toolkit.templating import forms
from toolkit.templating.files import shared_file
from toolkit.templating.policies import Policy, get_policy, load_policies
from toolkit.templating.rendering import Renderer, bounded
from toolkit.version import __version__

_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_OPEN = forms.Gate(blocked=False, state="", statute="", what="")
"""No restriction: what `forms.gate` would say of an ungated policy."""


@dataclass
class Catalogue:
    """Policies of one templates folder and, per language, the renderer that writes them."""

    templates: Path
    policies: dict[str, Policy]
    _renderers: dict[str, Renderer] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, templates: Path) -> Catalogue:
        """Read every policy's metadata; raises `TemplateError` listing all problems."""
        if not templates.is_dir():
            raise TemplateError([Problem(str(templates), "templates folder not found")])
        return cls(templates, load_policies(templates))

    def renderer(self, language: str = ENGLISH.code) -> Renderer:
        """The renderer for `language`, built on first use and kept."""
        if language not in self._renderers:
            self._renderers[language] = Renderer(
                self.templates, get_language(language), self.policies
            )
        return self._renderers[language]

    def policy(self, policy_id: str) -> Policy:
        """The policy with this id, or a `NotFoundError` naming the known ones."""
        return get_policy(self.policies, policy_id)

    def legal_warning(
        self,
        jurisdiction: JurisdictionBase,
        policy: Policy,
        *,
        counsel_override: bool = False,
    ) -> str:
        """The policy's legal-review warning in the jurisdiction's state, or '' where it has none.

        Warnings belong to the policies a state's law concerns (their `gate:`), not to every
        policy in the state; a blocked policy has one only when counsel asked for the draft.
        """
        shared = self.renderer().shared
        state = forms.state_data(shared.states, jurisdiction.state, jurisdiction.kind)
        found = forms.gate(policy, jurisdiction, state)
        return forms.warning(found, shared.phrases, counsel_override=counsel_override)

    def blocked(self, policy: Policy, jurisdiction: JurisdictionBase) -> str:
        """Why the policy is not drafted in the jurisdiction's state, in one line, or ''.

        The line names the statute and what it does, and the policies that remain available to
        a jurisdiction of this kind there.
        """
        shared = self.renderer().shared
        state = forms.state_data(shared.states, jurisdiction.state, jurisdiction.kind)
        found = forms.gate(policy, jurisdiction, state)
        if found is None or not found.blocked:
            return ""
        lawful = [
            other.id
            for other in self.policies.values()
            if other.applies_to(jurisdiction.kind)
            and not (forms.gate(other, jurisdiction, state) or _OPEN).blocked
        ]
        return (
            f"policy '{policy.id}' is not drafted for {found.state}: {found.line()} "
            f"Still available for '{jurisdiction.id}': {', '.join(lawful) or 'none'}."
        )

    def choose_options(
        self, policy: Policy, jurisdiction: JurisdictionBase, chosen: Mapping[str, bool]
    ) -> dict[str, bool]:
        """Defaults, then the jurisdiction's saved choices, then this request's choices."""
        saved = jurisdiction.options.get(policy.id, {})
        for name in [*saved, *chosen]:
            if name not in policy.meta.options:
                known = ", ".join(policy.meta.options) or "none"
                raise UsageError(f"policy '{policy.id}' has no option '{name}' (options: {known})")
        return policy.option_values({**saved, **chosen})

    def render(
        self,
        policy: Policy,
        jurisdiction: JurisdictionBase,
        chosen: Mapping[str, bool] | None = None,
        *,
        language: str = ENGLISH.code,
        brief: bool = False,
        fallback_english: bool = False,
        part: str = DRAFT,
        recipient: str | None = None,
        counsel_override: bool = False,
    ) -> Document:
        """Render the policy's body, or another part of its packet (`brief` means part "brief").

        A part other than the draft renders through its layout (`toolkit.packet.parts`), with the
        policy's claims, citations and, for a cover letter, its `recipient`.

        In another language every clause comes from its translation. A missing or stale one is
        an error naming it, unless `fallback_english`: then its English shows, marked, and the
        document says so on page 1, as it does whenever a translation is not yet reviewed.
        A policy the state's law forbids (`gate:`) is refused with the one-line reason, unless
        `counsel_override`: then page 1 says that counsel asked for it despite the statute.
        """
        part = "brief" if brief else part
        check_part(part, recipient)
        self._check_applies(policy, jurisdiction)
        refusal = self.blocked(policy, jurisdiction)
        if refusal and not counsel_override:
            raise UsageError(refusal)
        renderer = self.renderer(language)
        options = self.choose_options(policy, jurisdiction, chosen or {})
        who = f"jurisdiction '{jurisdiction.id}'"
        with recording() as usage:
            context = renderer.context(
                policy,
                jurisdiction,
                options,
                brief=part != DRAFT,
                counsel_override=counsel_override,
            )
            draft_key = drafts.key(self, policy, jurisdiction, options, language, fallback_english)
            if part != DRAFT:  # the parts name the draft and what it cites
                draft = drafts.recall(draft_key) or self.render(
                    policy,
                    jurisdiction,
                    chosen,
                    language=language,
                    fallback_english=fallback_english,
                    counsel_override=counsel_override,
                )
                context.update(
                    part_context(
                        renderer,
                        policy,
                        jurisdiction,
                        context,
                        part=part,
                        recipient=recipient,
                        who=who,
                        draft=draft,
                    )
                )
                source = LAYOUT_OF[part]
            else:
                source = policy.body_path().relative_to(self.templates).as_posix()
            markup = renderer.render(source, context, who)
            provenance = self._provenance(renderer, policy, jurisdiction, context, who)
        outcome = Outcome(0, ())
        if renderer.translator is not None:
            outcome = renderer.translator.outcome(usage, fallback_english)
        try:
            with bounded(source, who):  # the template decides how much there is to parse
                raw_blocks = list(parse(markup))
        except MarkupError as exc:
            raise TemplateError([self._markup_problem(source, exc, jurisdiction.id)]) from None
        leads = {key: context["terms"][key] for key in forms.LEADS if key in context["terms"]}
        document = assemble(
            raw_blocks,
            phrases={**renderer.shared.phrases, **leads},
            provenance=provenance,
            subject=str(context["policy"]["title"]),
            language=language,
            margin_in=jurisdiction.page.margin_in,
            fallbacks=outcome.fallbacks,
            unreviewed=outcome.unreviewed,
            notice=self._notice(renderer, outcome),
        )
        if part == DRAFT:
            drafts.remember(draft_key, document)
        return document

    def side_by_side(self, english: Document, translated: Document, *, source: Path) -> Document:
        """A bilingual document for public posting: English beside its translation, by clause.

        Both are renders of the same request; their blocks correspond one to one because segments
        never hold block tags (`source` is named if a translation broke that).
        """
        if [b.role for b in english.blocks] != [b.role for b in translated.blocks]:
            message = (
                f"the {get_language(translated.language).name} clauses do not line up with the "
                f"English for jurisdiction '{english.provenance.jurisdiction_id}': check that each "
                "translation keeps the same tags"
            )
            raise TemplateError([Problem(str(source), message)])
        return replace(
            english,
            title=f"{english.title} / {translated.title}",
            parallel=translated.blocks,
            parallel_language=translated.language,
            fallbacks=translated.fallbacks,
            unreviewed=translated.unreviewed,
            notice=translated.notice,
        )

    def translation_messages(self, document: Document, name: str) -> list[str]:
        """What the command line says about a document's translation, in its language and English.

        `name` is the file name without extension (`riverbend-ca_ice-out.es`).
        """
        language = document.parallel_language or document.language
        if language == ENGLISH.code or not (document.unreviewed or document.fallbacks):
            return []
        places = "; ".join(document.fallbacks[:3])
        if len(document.fallbacks) > 3:
            places += f" (+{len(document.fallbacks) - 3})"
        values = {"file": name, "n": str(document.unreviewed), "places": places}
        keys = ["message_unreviewed"] + (["message_fallback"] if document.fallbacks else [])
        return [self.message(language, key, values) for key in keys]

    def message(self, language: str, key: str, values: Mapping[str, str]) -> str:
        """A phrase the command line says, in `language` then in English, its {slots} filled."""
        renderer = self.renderer(language)
        filled = []
        for text in (unmarked(renderer.shared.phrases[key]), renderer.english.phrases[key]):
            for slot, value in values.items():
                text = text.replace("{" + slot + "}", value)
            filled.append(text)
        return " / ".join(dict.fromkeys(filled))

    def _notice(self, renderer: Renderer, outcome: Outcome) -> str:
        """'Translation not yet reviewed' in the document's language, then in English."""
        if not outcome.unreviewed and not outcome.fallbacks:
            return ""
        keys = ["notice_unreviewed"] + (["notice_fallback"] if outcome.fallbacks else [])
        own = " ".join(unmarked(renderer.shared.phrases[key]) for key in keys)
        english = " ".join(renderer.english.phrases[key] for key in keys)
        return f"{own} / {english}"

    def _provenance(
        self,
        renderer: Renderer,
        policy: Policy,
        jurisdiction: JurisdictionBase,
        context: dict[str, object],
        who: str,
    ) -> Provenance:
        origin = self.templates / shared_file("phrases", ENGLISH.code)
        if renderer.translator is not None:
            origin = renderer.translator.shared.catalog(renderer.language.code)
        footer = html.unescape(
            renderer.render_phrase(
                renderer.shared.phrases["footer"],
                {**context, "tool_version": __version__},
                who,
                str(origin),
            )
        )
        return Provenance(
            policy_id=policy.id,
            policy_version=policy.meta.version,
            tool_version=__version__,
            jurisdiction_id=jurisdiction.id,
            footer=unmarked(footer),
        )

    def _markup_problem(self, source: str, exc: MarkupError, jid: str) -> Problem:
        """Point at the template line holding the bad tag, or else at the rendered line."""
        path = self.templates / source
        if exc.tag:
            text = _JINJA_COMMENT.sub(lambda m: "\n" * m[0].count("\n"), path.read_text("utf-8"))
            for number, line in enumerate(text.splitlines(), start=1):
                if exc.tag in line:
                    return Problem(str(path), str(exc), number)
        return Problem(str(path), f"{exc} (line {exc.line} of the rendered text for '{jid}')")

    def _check_applies(self, policy: Policy, jurisdiction: JurisdictionBase) -> None:
        if not policy.applies_to(jurisdiction.kind):
            raise UsageError(
                f"policy '{policy.id}' has no version for a {jurisdiction.kind} "
                f"(it applies to: {', '.join(policy.meta.kinds)})"
            )
