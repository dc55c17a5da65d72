"""A templates folder, loaded: its policies and sandboxed renderers, reused for many documents.

This is the unit a batch worker builds once and the web app keeps for its lifetime. Rendering
goes policy + jurisdiction + options + language -> markup (Jinja) -> `Document` (assembled).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.data.models import JurisdictionBase
from toolkit.document.assemble import assemble
from toolkit.document.markup import MarkupError, parse
from toolkit.document.model import Document, Provenance
from toolkit.errors import Problem, TemplateError, UsageError
from toolkit.languages import ENGLISH, Language, get_language
from toolkit.templating.files import BRIEF_LAYOUT, shared_file
from toolkit.templating.policies import Policy, get_policy, load_policies
from toolkit.templating.rendering import Renderer
from toolkit.version import __version__

_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)


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
            self._renderers[language] = Renderer(self.templates, get_language(language))
        return self._renderers[language]

    def policy(self, policy_id: str) -> Policy:
        """The policy with this id, or a `NotFoundError` naming the known ones."""
        return get_policy(self.policies, policy_id)

    def legal_warning(self, jurisdiction: JurisdictionBase) -> str:
        """The state's legal-review warning for this jurisdiction, or '' where there is none."""
        states = self.renderer().shared.states
        return str(states.get(jurisdiction.state, {}).get("warning", "") or "")

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
    ) -> Document:
        """Render the policy's body, or its brief (talking points in the brief layout)."""
        self._check_applies(policy, jurisdiction)
        renderer = self.renderer(language)
        options = self.choose_options(policy, jurisdiction, chosen or {})
        context = renderer.context(policy, jurisdiction, options)
        who = f"jurisdiction '{jurisdiction.id}'"
        fallbacks = list(renderer.shared.fallbacks)
        if brief:
            context["talking_points"] = [
                renderer.render_phrase(point, context, who, str(policy.meta_path))
                for point in policy.meta.talking_points
            ]
            source = BRIEF_LAYOUT
        else:
            source, fell_back = policy.body_for(language)
            if fell_back:
                fallbacks.append(policy.body_path(language).relative_to(self.templates).as_posix())
        markup = renderer.render(source, context, who)
        try:
            raw_blocks = list(parse(markup))
        except MarkupError as exc:
            raise TemplateError([self._markup_problem(source, exc, jurisdiction.id)]) from None
        return assemble(
            raw_blocks,
            phrases=renderer.shared.phrases,
            provenance=self._provenance(renderer, policy, jurisdiction, context, who),
            subject=policy.meta.title,
            language=language,
            margin_in=jurisdiction.page.margin_in,
            fallbacks=tuple(fallbacks),
        )

    def _provenance(
        self,
        renderer: Renderer,
        policy: Policy,
        jurisdiction: JurisdictionBase,
        context: dict[str, object],
        who: str,
    ) -> Provenance:
        language: Language = renderer.language
        footer = html.unescape(
            renderer.render_phrase(
                renderer.shared.phrases["footer"],
                {**context, "tool_version": __version__},
                who,
                str(self.templates / shared_file("phrases", language.code)),
            )
        )
        return Provenance(
            policy_id=policy.id,
            policy_version=policy.meta.version,
            tool_version=__version__,
            jurisdiction_id=jurisdiction.id,
            footer=footer,
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
