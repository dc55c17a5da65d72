"""A templates folder, loaded: its policies and one sandboxed renderer, reused for many documents.

This is the unit a batch worker builds once and a web app would keep for its lifetime.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from toolkit import __version__
from toolkit.assemble import assemble
from toolkit.document import Document, Provenance
from toolkit.errors import Problem, TemplateError, UsageError
from toolkit.markup import MarkupError, parse
from toolkit.models import JurisdictionBase
from toolkit.policies import Policy, get_policy, load_policies
from toolkit.rendering import SHARED, Renderer

_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
BRIEF_TEMPLATE = "_layouts/brief.j2"
"""The messaging brief's layout; every policy's talking points render through it."""


@dataclass
class Catalogue:
    """Policies of one templates folder and the renderer that turns them into documents."""

    templates: Path
    policies: dict[str, Policy]
    renderer: Renderer

    @classmethod
    def load(cls, templates: Path, language: str = "en") -> Catalogue:
        """Read every policy's metadata; raises `TemplateError` listing all problems."""
        if not templates.is_dir():
            raise TemplateError([Problem(str(templates), "templates folder not found")])
        return cls(templates, load_policies(templates), Renderer(templates, language))

    def policy(self, policy_id: str) -> Policy:
        """The policy with this id, or a `NotFoundError` naming the known ones."""
        return get_policy(self.policies, policy_id)

    def choose_options(
        self, policy: Policy, jurisdiction: JurisdictionBase, chosen: Mapping[str, bool]
    ) -> dict[str, bool]:
        """Defaults, then the jurisdiction's saved choices, then this run's `--option`s."""
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
    ) -> Document:
        """Render `policy` for `jurisdiction` into the document model every writer reads."""
        return self._document(policy, jurisdiction, chosen or {}, brief=False)

    def render_brief(
        self,
        policy: Policy,
        jurisdiction: JurisdictionBase,
        chosen: Mapping[str, bool] | None = None,
    ) -> Document:
        """The one-page messaging brief: talking points and citations, tailored like the draft."""
        return self._document(policy, jurisdiction, chosen or {}, brief=True)

    def _markup_problem(self, source: str, exc: MarkupError, jid: str) -> Problem:
        """Point at the template line holding the bad tag, or else at the rendered line."""
        path = self.templates / source
        if exc.tag:
            source = _JINJA_COMMENT.sub(lambda m: "\n" * m[0].count("\n"), path.read_text("utf-8"))
            for number, line in enumerate(source.splitlines(), start=1):
                if exc.tag in line:
                    return Problem(str(path), str(exc), number)
        return Problem(str(path), f"{exc} (line {exc.line} of the rendered text for '{jid}')")

    def _check_applies(self, policy: Policy, jurisdiction: JurisdictionBase) -> None:
        kind = jurisdiction.kind  # type: ignore[attr-defined]
        if not policy.applies_to(kind):
            raise UsageError(
                f"policy '{policy.id}' has no version for a {kind} "
                f"(it applies to: {', '.join(policy.meta.kinds)})"
            )

    def _document(
        self,
        policy: Policy,
        jurisdiction: JurisdictionBase,
        chosen: Mapping[str, bool],
        *,
        brief: bool,
    ) -> Document:
        """The policy's body, or its brief (talking points in the brief layout), as a Document."""
        self._check_applies(policy, jurisdiction)
        options = self.choose_options(policy, jurisdiction, chosen)
        context = self.renderer.context(policy, jurisdiction, options)
        who = f"jurisdiction '{jurisdiction.id}'"
        if brief:
            origin = str(policy.folder / "policy.yaml")
            context["talking_points"] = [
                self.renderer.render_phrase(point, context, who, origin)
                for point in policy.meta.talking_points
            ]
        source = BRIEF_TEMPLATE if brief else policy.body_name
        markup = self.renderer.render(source, context, who)
        try:
            raw_blocks = list(parse(markup))
        except MarkupError as exc:
            raise TemplateError([self._markup_problem(source, exc, jurisdiction.id)]) from None
        phrases = self.renderer.shared.phrases
        footer = html.unescape(
            self.renderer.render_phrase(
                phrases["footer"],
                {**context, "tool_version": __version__},
                who,
                str(self.templates / SHARED / f"phrases.{self.renderer.language}.yaml"),
            )
        )
        provenance = Provenance(
            policy_id=policy.id,
            policy_version=policy.meta.version,
            tool_version=__version__,
            jurisdiction_id=jurisdiction.id,
            footer=footer,
        )
        return assemble(
            raw_blocks,
            phrases=phrases,
            provenance=provenance,
            subject=policy.meta.title,
            language=self.renderer.language,
            margin_in=jurisdiction.page.margin_in,
        )
