"""What a packet part's layout can use, beyond the names every body has (`policykit variables`).

```text
talking_points  [{text, sources}]: the policy's points, each with its source keys; the text may
                cite inline, {{ cite("key") }}, as any layout text can
questions       [{question, answer, sources}]: the hard questions, answered
cite(keys...)   prints "[1]" and numbers the source; sources_cited() lists them at the end
does            what this draft does (policy.yaml `does`, rendered), or None: print the summary
options_on      labels of the clauses switched on in this draft; options_off the others (only
                clauses this kind of body's draft has: an option's `kinds`)
part            the part being written ("staff-report", ...)
cover_letters   whether this policy's packet has cover letters; recipients lists them
recipient       for a cover letter: id, addressee, post, address, salutation, subcommittee
claim(text, keys) a claim with the numbers of its sources before its final period
draft           the draft as rendered: label ("Ordinance No. [number]", its blank still a
                blank), title, ordinance (it has an enacting clause), vote (it is adopted by a
                vote of the body rather than issued by an executive), relies_on (the citations
                of `law` that its text prints)
```
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from toolkit.data.models import JurisdictionBase
from toolkit.document.model import Document
from toolkit.errors import UsageError
from toolkit.packet.claims import Citations, load_sources
from toolkit.packet.officials import Recipient, pick, recipients
from toolkit.packet.parts import LETTER
from toolkit.templating.policies import Policy
from toolkit.templating.rendering import Renderer


def part_context(
    renderer: Renderer,
    policy: Policy,
    jurisdiction: JurisdictionBase,
    context: Mapping[str, Any],
    *,
    part: str,
    recipient: str | None,
    who: str,
    draft: Document | None = None,
) -> dict[str, Any]:
    """The names a part's layout adds to `context` (the body's names, already built)."""
    meta = policy.meta
    citations = Citations(load_sources(renderer.templates), renderer.language)

    def said(source: str, origin: str) -> Said:
        def text() -> Markup:
            # Printed inside the layout's render, which already runs under the render limits:
            # render directly, and only on a failure again through `render_phrase`, whose error
            # names the file the text comes from.
            try:
                return Markup(renderer.phrase(source).render(context))
            except Exception:  # noqa: BLE001 - re-rendered below for the error it reports
                return renderer.render_phrase(source, context, who, origin)

        return Said(text)

    points = [
        {"text": said(source, origin), "sources": point.sources}
        for (source, origin), point in zip(
            renderer.talking_points(policy), meta.talking_points, strict=True
        )
    ]
    questions = [
        {"question": said(question, origin), "answer": said(answer, origin), "sources": qa.sources}
        for (question, answer, origin), qa in zip(
            renderer.questions(policy), meta.questions, strict=True
        )
    ]
    labels = dict(
        zip(
            meta.options,
            (text for text, _ in renderer.policy_texts(policy, _option_ids(policy))),
            strict=True,
        )
    )
    chosen = context["options"]
    kind = jurisdiction.kind
    applicable = [
        name for name, spec in meta.options.items() if spec.kinds is None or kind in spec.kinds
    ]
    does = renderer.does(policy)
    found: list[Recipient] = []
    if meta.cover_letters:
        names = context["j"]["congressional_delegation"]
        found = recipients(renderer.templates, jurisdiction, names)
    addressee = None
    if part == LETTER:
        if not meta.cover_letters:
            raise UsageError(f"policy '{policy.id}' has no cover letters")
        addressee = pick(found, recipient, policy.id).as_context(renderer.language)

    def claim(text: object, sources: list[str]) -> Markup:
        """A claim with its source numbers before its final period: "... in 2025 [3]."."""
        said = Markup(escape(text))  # renders the text first: its inline citations come first
        numbers = citations.cite(sources)
        if not numbers:
            return said
        if said.endswith("."):
            return Markup("{} {}.").format(said[:-1], numbers)
        return Markup("{} {}").format(said, numbers)

    return {
        "part": part,
        "talking_points": points,
        "questions": questions,
        "cite": citations.cite,
        "claim": claim,
        "sources_cited": citations.cited,
        "does": said(*does) if does is not None else None,
        "options_on": [labels[name] for name in applicable if chosen.get(name)],
        "options_off": [labels[name] for name in applicable if not chosen.get(name)],
        "cover_letters": meta.cover_letters,
        "recipients": [r.as_context(renderer.language) for r in found],
        "recipient": addressee,
        "draft": _draft(draft, context["law"]) if draft is not None else None,
    }


class Said:
    """A text of `policy.yaml` (a talking point, a question, an answer), rendered when printed.

    It renders with the part's whole context, `cite` included, at the moment the layout prints it,
    so a citation inside it (`{{ cite("key") }}` in one state's branch) is numbered in reading
    order with the layout's own. It renders once, however often it is printed.
    """

    def __init__(self, render: Callable[[], Markup]) -> None:
        self._render = render
        self._text: Markup | None = None

    def __html__(self) -> Markup:
        """What Jinja prints."""
        if self._text is None:
            self._text = self._render()
        return self._text

    def __str__(self) -> str:
        return str(self.__html__())


def _draft(document: Document, law: Mapping[str, str]) -> dict[str, Any]:
    """How a part refers to the draft: its number line in running text and what it is.

    `relies_on` lists the citations of the policy's `law:` table that the draft's text prints.
    """
    number = next((b for b in document.blocks if b.role == "number"), None)
    pieces = []
    for run in number.runs if number else ():
        if run.blank:
            pieces.append(Markup("<blank>{}</blank>").format(run.text.strip("[]")))
        else:
            pieces.append(escape(run.text.title()))
    roles = {block.role for block in document.blocks}
    text = " ".join(document.plain_text().split())
    relies_on = [c for c in dict.fromkeys(law.values()) if " ".join(str(c).split()) in text]
    return {
        "relies_on": relies_on,
        "label": Markup("").join(pieces),
        "title": document.title,
        "ordinance": "enact" in roles and "vote" in roles,
        "vote": "vote" in roles,
    }


def _option_ids(policy: Policy) -> list[tuple[str, str]]:
    return [(f"option.{name}", spec.label) for name, spec in policy.meta.options.items()]
